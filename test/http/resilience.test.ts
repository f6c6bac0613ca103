import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { z } from 'zod';
import { type DbHandle, connectDb } from '../../src/persistence/connection';
import { type EmbeddedDb, startEmbeddedDb } from '../../src/persistence/embedded/embedded-db';
import { route } from '../../src/http/route';
import type { ExtraRoutes } from '../../src/http/app';
import { bearer, makeTestApp, testConfig } from '../support/app';
import { FERRETDB_BIN, dbTempDir, freshDatabase } from '../support/db';
import { problemOf } from '../support/api';

describe('readiness follows the database', () => {
  let dir: string;
  let server: EmbeddedDb;
  let db: DbHandle;
  before(async function () {
    this.timeout(60_000);
    dir = dbTempDir('footage-ready-');
    server = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: dir });
    db = await connectDb(server.uri, 'readiness');
  });
  after(async () => {
    await db.close().catch(() => undefined);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns /readyz to 503 when the database stops and back to 200 when it returns', async function () {
    this.timeout(60_000);
    const t = await makeTestApp(db);
    expect((await t.request.get('/readyz')).status).to.equal(200);
    const port = server.port;
    await server.stop();
    const down = await t.request.get('/readyz');
    expect(down.status).to.equal(503);
    const downBody = problemOf(down);
    expect(down.headers['content-type']).to.match(/application\/problem\+json/);
    expect(downBody.code).to.equal('NOT_READY');
    server = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: dir, port });
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await t.request.get('/readyz')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).to.equal(200);
  });
});

describe('request bodies', () => {
  let db: DbHandle;
  // A route only this test mounts, with its own access entry (the service's table has none for it).
  const echo: ExtraRoutes = {
    routes: () => [
      route({
        method: 'post',
        path: '/api/v1/whoami',
        tag: 'test',
        summary: 'echo (test only)',
        body: z.object({ name: z.string().max(20), nested: z.object({ n: z.number() }).optional() }),
        handler: ({ body }) => Promise.resolve(body),
      }),
    ],
    access: { 'POST /api/v1/whoami': ['admin'] },
  };
  before(async () => {
    db = await freshDatabase('bodies');
  });
  after(async () => db.close());

  it('answers 413 problem+json when the body exceeds the limit', async () => {
    const t = await makeTestApp(db, echo, testConfig({ BODY_LIMIT: '1kb' }));
    const res = await t.request
      .post('/api/v1/whoami')
      .set(bearer('admin'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(5000) }));
    expect(res.status).to.equal(413);
    const body = problemOf(res);
    expect(body.code).to.equal('PAYLOAD_TOO_LARGE');
  });
  it('answers 400 for malformed JSON', async () => {
    const t = await makeTestApp(db, echo);
    const res = await t.request.post('/api/v1/whoami').set(bearer('admin')).set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    expect(body.code).to.equal('MALFORMED_BODY');
  });
  it('answers 400 for invalid UTF-8', async () => {
    const t = await makeTestApp(db, echo);
    const res = await t.request
      .post('/api/v1/whoami')
      .set(bearer('admin'))
      .set('Content-Type', 'application/json')
      .serialize((b: unknown) => b as string)
      .send(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    expect(body.detail).to.match(/UTF-8/);
  });
  it('names the invalid field in errors[]', async () => {
    const t = await makeTestApp(db, echo);
    const res = await t.request.post('/api/v1/whoami').set(bearer('admin')).send({ name: 42 });
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    expect(body.code).to.equal('VALIDATION_FAILED');
    expect(body.errors[0]?.path).to.equal('body.name');
  });
  it('refuses $-prefixed, dotted and __proto__ keys, naming the path', async () => {
    const t = await makeTestApp(db, echo);
    for (const [raw, pathName] of [
      ['{"name":"a","nested":{"$gt":1}}', 'body.nested.$gt'],
      ['{"name":"a","a.b":1}', 'body.a.b'],
      ['{"name":"a","__proto__":{"admin":true}}', 'body.__proto__'],
    ] as const) {
      const res = await t.request.post('/api/v1/whoami').set(bearer('admin')).set('Content-Type', 'application/json').send(raw);
      expect(res.status, raw).to.equal(400);
      const body = problemOf(res);
      expect(body.errors[0]?.path).to.equal(pathName);
    }
  });
  it('answers 415 for a body that is not JSON', async () => {
    const t = await makeTestApp(db, echo);
    const res = await t.request.post('/api/v1/whoami').set(bearer('admin')).set('Content-Type', 'text/plain').send('hello');
    expect(res.status).to.equal(415);
  });
  it('answers 405 for a known path with the wrong method', async () => {
    const t = await makeTestApp(db);
    const res = await t.request.delete('/healthz');
    expect(res.status).to.equal(405);
    expect(res.headers['content-type']).to.match(/problem\+json/);
  });
});
