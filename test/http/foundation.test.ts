import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { ConfigError, loadConfig } from '../../src/config';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, TEST_SECRET, bearer, makeTestApp, testConfig } from '../support/app';
import { freshDatabase } from '../support/db';
import { z } from 'zod';
import { bodyOf } from '../support/api';
import { OpenApiDocument } from '../../src/http/system/system.routes';

function expectProblem(
  res: { status: number; headers: Record<string, string>; body: unknown; text: string },
  status: number,
  code: string,
) {
  expect(res.status, res.text).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as { status: number; code: string; title: string; detail: string };
  expect(body.status).to.equal(status);
  expect(body.code).to.equal(code);
  expect(body.title).to.be.a('string').with.lengthOf.above(0);
  expect(body.detail).to.be.a('string').with.lengthOf.above(0);
  return body;
}

describe('config', () => {
  it('names the variable when a setting is invalid', () => {
    expect(() => loadConfig({ PORT: 'eighty', JWT_SECRET: TEST_SECRET })).to.throw(ConfigError, /PORT/);
  });
  it('refuses a JWT secret that is too short, naming JWT_SECRET', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).to.throw(ConfigError, /JWT_SECRET/);
  });
  it('refuses a MONGODB_URI that is not a mongodb URL, naming MONGODB_URI', () => {
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).to.throw(ConfigError, /MONGODB_URI/);
  });
  it('has no default secret: with none configured, JWT_SECRET stays unset', () => {
    expect(loadConfig({}).JWT_SECRET).to.equal(undefined);
  });
  it('parses body limits written with units', () => {
    expect(loadConfig({ BODY_LIMIT: '2mb' }).BODY_LIMIT).to.equal(2 * 1024 * 1024);
  });
});

describe('HTTP foundation', () => {
  let db: DbHandle;
  let t: TestApp;
  before(async () => {
    db = await freshDatabase('foundation');
    t = await makeTestApp(db);
  });
  after(async () => db.close());

  it('answers /healthz without a token', async () => {
    const res = await t.request.get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 200 while the database answers a ping', async () => {
    const res = await t.request.get('/readyz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ status: 'ready' });
  });

  it('serves an OpenAPI 3.1 document listing the routes', async () => {
    const res = await t.request.get('/openapi.json');
    expect(res.status).to.equal(200);
    const body = bodyOf(res, OpenApiDocument);
    expect(body.openapi).to.equal('3.1.0');
    expect(body.paths).to.have.property('/readyz');
    const whoami = z
      .object({ get: z.object({ security: z.array(z.record(z.string(), z.array(z.string()))) }) })
      .parse(body.paths['/api/v1/whoami']);
    expect(whoami.get.security).to.deep.equal([{ bearer: [] }, { session: [] }]);
  });

  it('serves the API reference page and its assets from the installed package', async () => {
    const page = await t.request.get('/docs');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.to.match(/https?:\/\//);
    const asset = await t.request.get('/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).to.equal(200);
    expect(asset.headers['content-type']).to.match(/javascript/);
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await t.request.get('/healthz');
    const res = await t.request.get('/metrics');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('http_request_duration_seconds');
  });

  it('answers unknown routes with a 404 problem', async () => {
    expectProblem(await t.request.get('/no/such/route'), 404, 'NOT_FOUND');
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    const mine = await t.request.get('/healthz').set('X-Request-Id', 'abc-123');
    expect(mine.headers['x-request-id']).to.equal('abc-123');
    const generated = await t.request.get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  describe('authentication', () => {
    const config = testConfig();
    const sign = (payload: object, opts: jwt.SignOptions = {}, key: string = TEST_SECRET) =>
      jwt.sign(payload, key, { algorithm: 'HS256', ...opts });

    it('accepts a valid token and reports the caller', async () => {
      const res = await t.request.get('/api/v1/whoami').set(bearer('clerk', 'jdoe'));
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ sub: 'jdoe', role: 'clerk' });
    });
    it('refuses a request without a token with 401 and a Bearer challenge', async () => {
      const res = await t.request.get('/api/v1/whoami');
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });
    it('refuses a malformed Authorization header', async () => {
      expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', 'Bearer not-a-jwt'), 401, 'UNAUTHENTICATED');
    });
    it('refuses an expired token', async () => {
      const tok = sign({ sub: 'a', role: 'clerk', exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 });
      const body = expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`), 401, 'UNAUTHENTICATED');
      expect(body.detail).to.match(/expired/);
    });
    it('refuses a token without exp', async () => {
      const tok = sign({ sub: 'a', role: 'clerk' });
      const body = expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`), 401, 'UNAUTHENTICATED');
      expect(body.detail).to.match(/exp/);
    });
    it('refuses an unsigned token (alg none)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ sub: 'a', role: 'admin', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) }),
      ).toString('base64url');
      expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${header}.${payload}.`), 401, 'UNAUTHENTICATED');
    });
    it('refuses a token signed with another algorithm than the pinned one', async () => {
      const tok = sign({ sub: 'a', role: 'clerk' }, { algorithm: 'HS512', expiresIn: 600 });
      expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`), 401, 'UNAUTHENTICATED');
    });
    it('refuses a token signed with another secret', async () => {
      const tok = sign({ sub: 'a', role: 'clerk' }, { expiresIn: 600 }, 'another-secret-that-is-long-enough-000000');
      expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`), 401, 'UNAUTHENTICATED');
    });
    it('refuses a token whose role is not one of the service roles', async () => {
      const tok = sign({ sub: 'a', role: 'superuser' }, { expiresIn: 600 });
      const body = expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`), 401, 'UNAUTHENTICATED');
      expect(body.detail).to.match(/role/);
    });
    it('refuses a token from the wrong issuer when an issuer is configured', async () => {
      const strict = await makeTestApp(db, undefined, testConfig({ JWT_ISSUER: 'kcpd-idp' }));
      const wrong = sign({ sub: 'a', role: 'clerk' }, { expiresIn: 600, issuer: 'elsewhere' });
      expectProblem(await strict.request.get('/api/v1/whoami').set('Authorization', `Bearer ${wrong}`), 401, 'UNAUTHENTICATED');
      const right = sign({ sub: 'a', role: 'clerk' }, { expiresIn: 600, issuer: 'kcpd-idp' });
      expect((await strict.request.get('/api/v1/whoami').set('Authorization', `Bearer ${right}`)).status).to.equal(200);
    });
    it('refuses a token whose lifetime exceeds the configured maximum', async () => {
      const tok = sign({ sub: 'a', role: 'clerk' }, { expiresIn: config.JWT_MAX_TTL_SECONDS * 10 });
      expectProblem(await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`), 401, 'UNAUTHENTICATED');
    });
  });
});
