/**
 * A change left half done: the process wrote a fact and died before refreshing the recordings
 * it affects (simulated by writing through the stores, leaving the journal intent open). The
 * recordings are not destroyed while the intent is open, and the sweep brings their derived
 * state up to date and closes the intent once it is older than STALE_MS.
 */
import { expect } from 'chai';
import { STALE_MS } from '../../src/domain/derived/derived.service';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

describe('a change left half done', () => {
  let db: DbHandle;
  let t: TestApp;
  const start = new Date('2026-11-20T18:00:00Z');
  let clock = start;
  before(async () => {
    db = await freshDatabase('half_done');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera());
    await t.request.put('/api/v1/cases/KC-1').set(bearer('prosecutor')).send({ offenseClass: 'felony', offenseDate: '2026-03-01' });
    await t.request
      .put('/api/v1/recordings/L-1')
      .set(bearer('ingest'))
      .send(recording({ caseNumbers: ['KC-1'], category: 'arrest' }));
    await t.request
      .put('/api/v1/recordings/X-1')
      .set(bearer('ingest'))
      .send(recording({ category: 'non_evidentiary', recordedAt: '2025-01-02T10:00:00-06:00', sha256: 'b'.repeat(64) }));
  });
  after(async () => db.close());

  const releaseOf = async (id: string) =>
    ((await t.request.get(`/api/v1/recordings/${id}`).set(bearer('clerk'))).body as { release: { outcome: string } }).release.outcome;

  it('blocks destruction while the intent is open and lets the sweep finish the refresh', async () => {
    const { stores, derived } = t.deps.services;
    expect(await releaseOf('L-1')).to.equal('withhold');
    // The dead writer: intent opened, fact written, no refresh, intent never closed.
    await stores.journal.open({ _id: 'chg-dead', recordingIds: ['X-1'], caseNumber: 'KC-1', at: start });
    await stores.cases.appendEvent(
      'KC-1',
      {
        id: 'EV-dead',
        type: 'declined',
        date: '2026-04-01',
        defendantId: null,
        result: null,
        source: null,
        note: null,
        supersedes: null,
        recordedAt: start,
        recordedBy: 'p',
      },
      'p',
    );
    expect(await releaseOf('L-1'), 'stale until repaired').to.equal('withhold');

    const destroy = () =>
      t.request
        .post('/api/v1/recordings/X-1/destruction')
        .set(bearer('admin'))
        .send({ authority: 'disposition list 7', performedAt: clock.toISOString() });
    const refused = await destroy();
    expect(refused.status).to.equal(409);
    expect((refused.body as { detail: string }).detail).to.match(/being applied/);

    // A sweep before the intent is stale leaves it to its writer.
    await derived.sweep(start);
    expect(await stores.journal.openedBefore(new Date(start.getTime() + 1), 10)).to.have.length(1);

    clock = new Date(start.getTime() + STALE_MS + 60_000);
    await derived.sweep(clock);
    expect(await releaseOf('L-1'), 'repaired by the sweep').to.equal('release');
    expect(await stores.journal.openedBefore(clock, 10)).to.deep.equal([]);
    expect((await destroy()).status).to.be.oneOf([200, 201]);
  });
});
