import { expect } from 'chai';
import { CaseEventInput, CaseInput, RecordingInput } from '../../src/domain/catalog/catalog.schemas';
import { AppError } from '../../src/errors';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

describe('cases created many at once (initial load)', () => {
  let db: DbHandle;
  let t: TestApp;
  const now = new Date('2026-11-20T18:00:00Z');
  const actor = { sub: 'seed', role: 'admin' as const };
  const felony = (events: unknown[] = []) => ({
    input: CaseInput.parse({ offenseClass: 'felony', offenseDate: '2026-03-01' }),
    events: events.map((e) => CaseEventInput.parse(e)),
  });
  before(async () => {
    db = await freshDatabase('cases_create_many');
    t = await makeTestApp(db, undefined, undefined, () => now);
    await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera());
  });
  after(async () => db.close());

  it('stores each new case with its events, as put and addEvent would, and leaves an existing case untouched', async () => {
    const s = t.deps.services;
    await s.cases.put('KC-OLD', CaseInput.parse({ offenseClass: 'misdemeanor', offenseDate: '2026-01-01' }), actor, now);
    const r = await s.cases.createMany(
      [
        {
          caseNumber: 'KC-1',
          ...felony([
            { type: 'charged', date: '2026-03-02' },
            { type: 'dismissed', date: '2026-04-01' },
          ]),
        },
        { caseNumber: 'KC-OLD', ...felony([{ type: 'charged', date: '2026-03-02' }]) },
        { caseNumber: 'KC-2', ...felony() },
      ],
      actor,
      now,
    );
    expect(r.created.sort()).to.deep.equal(['KC-1', 'KC-2']);
    expect(r.existing).to.deep.equal(['KC-OLD']);
    const kc1 = await s.cases.get('KC-1');
    expect(kc1?.offenseClass).to.equal('felony');
    expect(kc1?.events.map((e) => [e.type, e.date, e.recordedBy])).to.deep.equal([
      ['charged', '2026-03-02', 'seed'],
      ['dismissed', '2026-04-01', 'seed'],
    ]);
    const old = await s.cases.get('KC-OLD');
    expect(old?.offenseClass).to.equal('misdemeanor');
    expect(old?.events).to.have.length(0);
  });

  it('refuses an event naming a defendant the case does not list, like addEvent, and stores nothing of the batch', async () => {
    const s = t.deps.services;
    const err = await s.cases
      .createMany(
        [
          { caseNumber: 'KC-3', ...felony() },
          { caseNumber: 'KC-4', ...felony([{ type: 'charged', date: '2026-03-02', defendantId: 'D-9' }]) },
        ],
        actor,
        now,
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).code).to.equal('UNPROCESSABLE');
    expect(await s.cases.get('KC-3')).to.equal(null);
  });

  it('re-decides recordings that already link to a new case number, through the journaled path', async () => {
    const s = t.deps.services;
    const items = [0, 1].map((i) => ({
      recordingId: `CM-${i}`,
      input: RecordingInput.parse(
        recording({ caseNumbers: ['KC-LINKED'], category: 'arrest', sha256: (i + 7).toString(16).padStart(64, '0') }),
      ),
      ref: i,
    }));
    await s.recordings.upsertBatch(items, { sub: 'feed', role: 'ingest' }, now);
    const before = await t.deps.models.Recording.find({ caseNumbers: 'KC-LINKED' }, { release: 1 }).lean();
    expect(before.every((r) => r.release?.outcome === 'needs_legal_review')).to.equal(true);
    const r = await s.cases.createMany([{ caseNumber: 'KC-LINKED', ...felony([{ type: 'declined', date: '2026-04-01' }]) }], actor, now);
    expect(r.created).to.deep.equal(['KC-LINKED']);
    const after = await t.deps.models.Recording.find({ caseNumbers: 'KC-LINKED' }, { release: 1 }).lean();
    expect(after.map((x) => x.release?.outcome)).to.deep.equal(['release', 'release']);
  });

  it('refuses a batch that names one case number twice', async () => {
    const err = await t.deps.services.cases
      .createMany(
        [
          { caseNumber: 'KC-5', ...felony() },
          { caseNumber: 'KC-5', ...felony() },
        ],
        actor,
        now,
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((err as AppError).code).to.equal('VALIDATION_FAILED');
  });
});
