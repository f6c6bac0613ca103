import { expect } from 'chai';
import { z } from 'zod';
import type { ExtraRoutes } from '../../src/http/app';
import { route } from '../../src/http/route';
import { AppError } from '../../src/errors';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { problemOf } from '../support/api';

/** When each test route's pending write settled (ms since the epoch), by recording id. */
const settledAt = new Map<string, number>();

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Routes only this test mounts: an answer showing a recording that waits for a write still in
// flight (as an eligibility answer waits for its decision-log entry), which succeeds or fails.
const routes: ExtraRoutes = {
  routes: () => [
    route({
      method: 'get',
      path: '/api/v1/test-durable/:recordingId',
      tag: 'test',
      summary: 'answer after a pending write (test only)',
      params: z.object({ recordingId: z.string() }),
      query: z.object({ fail: z.enum(['yes', 'no']).default('no') }),
      handler: ({ params, query, durable }) => {
        durable(
          later(150).then(() => {
            settledAt.set(params.recordingId, Date.now());
            if (query.fail === 'yes') throw new AppError('DB_UNAVAILABLE', 'The database did not answer; try again shortly.');
          }),
        );
        return { recordingId: params.recordingId };
      },
    }),
  ],
  access: { 'GET /api/v1/test-durable/:recordingId': ['clerk'] },
};

describe('answers that wait for a write (RouteInput.durable)', () => {
  let db: DbHandle;
  let t: TestApp;
  before(async () => {
    db = await freshDatabase('durable_writes');
    t = await makeTestApp(db, routes);
  });
  after(async () => db.close());

  const entriesOf = async (requestId: string) =>
    (await t.deps.services.audit.list({ actor: 'durable', limit: 50 })).items.filter((e) => e.requestId === requestId).reverse();

  it('sends the answer only after the write is stored, with its audit entry stored beside it', async () => {
    const res = await t.request.get('/api/v1/test-durable/REC-OK').set(bearer('clerk', 'durable'));
    const answeredAt = Date.now();
    expect(res.status, res.text).to.equal(200);
    expect(settledAt.get('REC-OK')).to.be.a('number').and.at.most(answeredAt);
    const entries = await entriesOf(String(res.headers['x-request-id']));
    expect(entries.map((e) => [e.outcome.status, e.targets])).to.deep.equal([[200, ['REC-OK']]]);
  });

  it('fails the request when the write fails, and records the failure after the entry written beside it', async () => {
    const res = await t.request.get('/api/v1/test-durable/REC-FAIL?fail=yes').set(bearer('clerk', 'durable'));
    expect(res.status, res.text).to.equal(503);
    expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    expect(problemOf(res).code).to.equal('DB_UNAVAILABLE');
    expect(res.text).not.to.include('"recordingId"');
    // The entry written beside the write over-reports (it never under-reports who saw what); the
    // failure follows it in the chain.
    const entries = await entriesOf(String(res.headers['x-request-id']));
    expect(entries.map((e) => [e.outcome.status, e.outcome.code, e.targets])).to.deep.equal([
      [200, null, ['REC-FAIL']],
      [503, 'DB_UNAVAILABLE', ['REC-FAIL']],
    ]);
    expect(entries[1]?.seq).to.be.above(entries[0]?.seq ?? Infinity);
  });
});
