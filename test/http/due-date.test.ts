import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { sweep } from '../../src/domain/services';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { bodyOf, problemOf } from '../support/api';
import { DueDateView } from '../../src/http/requests/sunshine.schemas';
import { RequestView } from '../../src/http/requests/requests.schemas';

const clerk = bearer('clerk', 'jdoe');

describe('Sunshine due-date calculator API', () => {
  let db: DbHandle;
  let t: TestApp;
  const clock = new Date('2028-02-01T18:00:00Z');

  before(async () => {
    db = await freshDatabase('due_date');
    t = await makeTestApp(db, undefined, undefined, () => clock);
  });
  after(async () => db.close());

  it('answers Thursday 2027-09-09 17:00 for a request received Saturday 2027-09-04, with the days counted and skipped, the rule and both versions', async () => {
    const res = await t.request.get('/api/v1/sunshine/due-date').query({ receivedAt: '2027-09-04T10:00:00-05:00' }).set(clerk);
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, DueDateView);
    expect(body.dueBy).to.equal('2027-09-09T17:00:00.000-05:00');
    expect(body.countedDays).to.deep.equal(['2027-09-07', '2027-09-08', '2027-09-09']);
    expect(body.skippedDays.map((d: { date: string; kind: string }) => [d.date, d.kind])).to.deep.equal([
      ['2027-09-05', 'weekend'],
      ['2027-09-06', 'holiday'],
    ]);
    expect(body.skippedDays[1]?.reason).to.contain('Labor Day');
    expect(body.rules).to.deep.equal([
      { ruleId: 'SUNSHINE-DUE', citation: 'RSMo 610.023.3' },
      { ruleId: 'SUNSHINE-HOLIDAY', citation: 'RSMo 9.010' },
    ]);
    expect(body.lateReceiptApplied).to.equal(false);
    expect(body.rulesVersion).to.equal(t.deps.services.rules.rulesVersion);
    expect(body.engineVersion).to.equal(t.deps.services.rules.engineVersion);
  });

  it('accepts a future receipt instant', async () => {
    const res = await t.request.get('/api/v1/sunshine/due-date').query({ receivedAt: '2031-12-24T09:00:00-06:00' }).set(clerk);
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, DueDateView);
    expect(body.receiptDate).to.equal('2031-12-24');
  });

  it('refuses a receipt time without an offset with a 400 naming the field', async () => {
    const res = await t.request.get('/api/v1/sunshine/due-date').query({ receivedAt: '2027-09-04T10:00' }).set(clerk);
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    expect(JSON.stringify(body.errors)).to.contain('receivedAt');
  });

  for (const receivedAt of [
    '2027-09-04T10:00:00-05:00',
    '2026-03-02T17:01:00-06:00',
    '2026-11-26T08:00:00-06:00',
    '2027-12-23T17:30:00-06:00',
    '2022-12-30T23:59:00-06:00',
    '2026-03-08T01:30:00-06:00',
  ]) {
    it(`agrees with request intake for a request received ${receivedAt}`, async () => {
      const calc = await t.request.get('/api/v1/sunshine/due-date').query({ receivedAt }).set(clerk);
      const calcBody = bodyOf(calc, DueDateView);
      const created = await t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send({ receivedAt, requester: { name: 'A. Reporter', kind: 'public' }, description: 'bodycam footage' });
      expect(created.status, created.text).to.equal(201);
      const createdBody = bodyOf(created, RequestView);
      expect(Date.parse(createdBody.dueBy ?? '')).to.equal(Date.parse(calcBody.dueBy));
      expect(createdBody.due.countedDays).to.deep.equal(calcBody.countedDays);
      expect(createdBody.due.rules).to.deep.equal(calcBody.rules);
      expect(createdBody.due.reasons).to.deep.equal(calcBody.reasons);
    });
  }

  describe('a request dated before 2026-12 under the former department reading', () => {
    // Received Saturday 2026-06-27: the statute counts Mon 06-29, Tue 06-30, Wed 07-01. The former
    // reading counted it from Monday 06-29 and stored Thursday 2026-07-02, with no lateReceiptApplied.
    const receivedAt = '2026-06-27T10:00:00-05:00';
    let id = '';

    before(async () => {
      const created = await t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send({ receivedAt, requester: { name: 'A. Reporter', kind: 'public' }, description: 'bodycam footage' });
      expect(created.status, created.text).to.equal(201);
      const createdBody = bodyOf(created, RequestView);
      id = createdBody.requestId;
      await t.deps.models.Request.collection.updateOne({ _id: id } as Record<string, unknown>, {
        $set: {
          dueBy: new Date('2026-07-02T17:00:00-05:00'),
          due: {
            closeOfBusiness: '17:00',
            effectiveReceiptDate: '2026-06-29',
            countedDays: ['2026-06-30', '2026-07-01', '2026-07-02'],
            reasons: [
              {
                ruleId: 'SUNSHINE-LATE-RECEIPT',
                citation: 'RSMo 610.023.3 (KCPD policy reading)',
                text: 'The request arrived Saturday 2026-06-27 on a weekend day, which is not a business day, so it counts as received on the next business day, Monday 2026-06-29.',
              },
              {
                ruleId: 'SUNSHINE-DUE',
                citation: 'RSMo 610.023.3',
                text: 'A records request must be acted on by the end of the third business day after the day it is received (Monday 2026-06-29): Thursday 2026-07-02 at 17:00 America/Chicago.',
              },
            ],
          },
        },
      });
    });

    it('is described in its letter as computed under the former department reading, not an opt-in policy', async () => {
      const letter = await t.request.get(`/api/v1/requests/${id}/letter`).set(clerk);
      const text = letter.text.replace(/\s+/g, ' ');
      expect(text).to.contain('computed before 2026-12 under the former department reading');
      expect(text).not.to.contain('opt-in');
    });

    it('gets the earlier statutory date from the sweep, with a history note, and the sweep is idempotent', async () => {
      const first = await sweep(t.deps.services, clock);
      expect(first.dueDatesMovedEarlier).to.be.at.least(1);
      const res = await t.request.get(`/api/v1/requests/${id}`).set(clerk);
      expect(res.status, res.text).to.equal(200);
      const body = bodyOf(res, RequestView);
      expect(Date.parse(body.dueBy ?? '')).to.equal(Date.parse('2026-07-01T17:00:00-05:00'));
      expect(body.due.lateReceiptApplied).to.equal(false);
      expect(body.due.rulesVersion).to.equal(t.deps.services.rules.rulesVersion);
      const notes = (body.history as { note: string | null; by: string }[]).filter((h) => h.by === 'system:due-date-repair');
      expect(notes).to.have.length(1);
      expect(notes[0]?.note).to.contain('Due date moved earlier').and.to.contain('former department reading');
      const letter = await t.request.get(`/api/v1/requests/${id}/letter`).set(clerk);
      const text = letter.text.replace(/\s+/g, ' ');
      expect(text).not.to.contain('opt-in');
      expect(text).not.to.contain('former department reading');
      expect(text).to.contain('(rule SUNSHINE-DUE, RSMo 610.023.3: end of the third business day following the date received)');
      expect((await sweep(t.deps.services, clock)).dueDatesMovedEarlier).to.equal(0);
      const again = await t.request.get(`/api/v1/requests/${id}`).set(clerk);
      const againBody = bodyOf(again, RequestView);
      expect(againBody.history).to.have.length(body.history.length);
    });
  });

  it('names the rule that set the date and its citation in the response letter', async () => {
    const created = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({
        receivedAt: '2027-09-04T10:00:00-05:00',
        requester: { name: 'A. Reporter', kind: 'public' },
        description: 'bodycam footage',
      });
    const createdBody = bodyOf(created, RequestView);
    const letter = await t.request.get(`/api/v1/requests/${createdBody.requestId}/letter`).set(clerk);
    expect(letter.text.replace(/\s+/g, ' ')).to.contain(
      '(rule SUNSHINE-DUE, RSMo 610.023.3: end of the third business day following the date received)',
    );
  });
});
