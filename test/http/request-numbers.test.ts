/**
 * Request numbers people can say (issue 14): SR-<year of receipt>-<5 digits>, per year of
 * receipt in America/Chicago, allocated by the database; the API takes the number wherever a
 * clerk types one; letters show it instead of the internal id; requests stored before numbers
 * existed are numbered by the sweep (and at start-up), once.
 */
import { expect } from 'chai';
import { sweep } from '../../src/domain/services';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { bodyOf, problemOf } from '../support/api';
import { RequestView } from '../../src/http/requests/requests.schemas';

const clerk = bearer('clerk', 'jdoe');
const ingest = bearer('ingest', 'feed');

describe('Sunshine request numbers', () => {
  let db: DbHandle;
  let t: TestApp;
  const clock = new Date('2026-11-20T16:30:00-06:00');

  const create = async (receivedAt = '2026-11-20T16:00:00-06:00') => {
    const res = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt, requester: { name: 'Kansas City Star', kind: 'public' }, recordingIds: ['R-1'] });
    expect(res.status, res.text).to.equal(201);
    const body = bodyOf(res, RequestView);
    return body as { requestId: string; number: string | null };
  };

  before(async () => {
    db = await freshDatabase('request_numbers_http');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    expect(
      (
        await t.request
          .put('/api/v1/recordings/R-1')
          .set(ingest)
          .send(recording({ category: 'non_evidentiary' }))
      ).status,
    ).to.equal(201);
  });
  after(async () => db.close());

  it('numbers requests SR-<year of receipt>-<5 digits> in the order they are logged, one sequence per year', async () => {
    const a = await create();
    const b = await create();
    expect(a.number).to.match(/^SR-2026-\d{5}$/);
    expect(Number(b.number?.slice(8))).to.equal(Number(a.number?.slice(8)) + 1);
    expect(a.requestId).to.not.equal(a.number);
  });

  it('takes the year of receipt in Kansas City: 23:30 on Dec 31 Central is a request of that year although it is already January in UTC', async () => {
    const r = await create('2026-01-01T05:30:00Z');
    expect(r.number).to.equal('SR-2025-00001');
  });

  it('finds a request by its number as a clerk types it (any letter case, without the leading zeros), and acts on it by number', async () => {
    const r = await create();
    const typed = `sr-2026-${Number(r.number?.slice(8))}`;
    const got = await t.request.get(`/api/v1/requests/${typed}`).set(clerk);
    expect(got.status, got.text).to.equal(200);
    const gotBody = bodyOf(got, RequestView);
    expect(gotBody.requestId).to.equal(r.requestId);
    const reviewed = await t.request.post(`/api/v1/requests/${r.number}/review`).set(clerk).send({});
    expect(reviewed.status, reviewed.text).to.equal(200);
    const reviewedBody = bodyOf(reviewed, RequestView);
    expect(reviewedBody).to.include({ requestId: r.requestId, status: 'in_review' });
    const unknown = await t.request.get('/api/v1/requests/SR-2026-99999').set(clerk);
    expect(unknown.status).to.equal(404);
  });

  it('puts the number on the letter and in the PDF file name, never the internal id', async () => {
    const r = await create();
    const text = await t.request.get(`/api/v1/requests/${r.requestId}/letter`).set(clerk);
    expect(text.status).to.equal(200);
    expect(text.text).to.contain(`Missouri Sunshine Law request ${r.number}`);
    expect(text.text).to.not.contain(r.requestId);
    const pdf = await t.request.get(`/api/v1/requests/${r.number}/letter?format=pdf`).set(clerk);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-disposition']).to.contain(`${r.number}-draft.pdf`);
  });

  it('names the request by its number when an action is refused', async () => {
    const r = await create();
    const res = await t.request.post(`/api/v1/requests/${r.requestId}/respond`).set(clerk).send({});
    expect(res.status).to.equal(409);
    const body = problemOf(res);
    expect(body.detail).to.contain(`Request ${r.number}`);
    expect(body.detail).to.not.contain(r.requestId);
  });

  it('numbers a request stored before numbers existed in the sweep, once, from its own year of receipt', async () => {
    const r = await create();
    const raw = db.connection.db?.collection<{ _id: string; receivedAt: Date }>('requests');
    if (!raw) throw new Error('not connected');
    const stored = await raw.findOne({ _id: r.requestId });
    if (!stored) throw new Error('not stored');
    const legacyId = 'SR-00000000-0000-4000-8000-000000000001';
    const legacy: Record<string, unknown> = { ...stored };
    delete legacy.number;
    await raw.insertOne({ ...legacy, _id: legacyId, receivedAt: new Date('2024-03-04T15:00:00Z') });
    const before = await t.request.get(`/api/v1/requests/${legacyId}`).set(clerk);
    const beforeBody = bodyOf(before, RequestView);
    expect(beforeBody.number).to.equal(null);
    const first = await sweep(t.deps.services, clock);
    expect(first.requestsNumbered).to.equal(1);
    const after = await t.request.get(`/api/v1/requests/${legacyId}`).set(clerk);
    const afterBody = bodyOf(after, RequestView);
    expect(afterBody.number).to.equal('SR-2024-00001');
    expect((await sweep(t.deps.services, clock)).requestsNumbered).to.equal(0);
    expect(bodyOf(await t.request.get(`/api/v1/requests/${legacyId}`).set(clerk), RequestView).number).to.equal('SR-2024-00001');
  });
});
