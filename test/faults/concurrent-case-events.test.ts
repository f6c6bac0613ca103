/**
 * Two clients append events to the same case at the same moment. Both events must be
 * stored, and every linked recording's stored derived state must reflect both: a refresh
 * computed from the case before the other event landed must not overwrite a later one.
 * Events chosen so each alone gives a different state than both together: D1 declined
 * (retention clock starts) and D2 dismissed (release becomes "terminated").
 * Nothing is stopped here, so the shared test database is used.
 */
import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

const NOW = () => new Date('2026-06-10T15:00:00Z');
const ROUNDS = 6;
const RECORDINGS_PER_CASE = 3;
// Case-wide: a declination naming an uncharged suspect does not touch the case's status (review A1).
const DECLINED = { type: 'declined', date: '2026-05-05', source: 'client A' };
const DISMISSED = { type: 'dismissed', defendantId: 'D2', date: '2026-05-06', source: 'client B' };

interface Derived {
  release: { outcome: string; ruleIds: string[]; reviewAt: string | null };
  retention: { status: string; retainUntil: string | null; blockers: string[] };
}
const derivedOf = (body: { release: Derived['release']; retention: Derived['retention'] }) => ({
  release: { outcome: body.release.outcome, ruleIds: body.release.ruleIds, reviewAt: body.release.reviewAt },
  retention: { status: body.retention.status, retainUntil: body.retention.retainUntil, blockers: body.retention.blockers },
});

describe('fault: concurrent case events for the same case', () => {
  let db: DbHandle;
  let t: TestApp;

  async function makeCase(cn: string): Promise<string[]> {
    const c = await t.request
      .put(`/api/v1/cases/${cn}`)
      .set(bearer('prosecutor'))
      .send({
        offenseClass: 'felony',
        offenseDate: '2026-05-01',
        defendants: [{ defendantId: 'D1' }, { defendantId: 'D2' }],
      });
    expect(c.status, c.text).to.equal(201);
    const ids: string[] = [];
    for (let i = 1; i <= RECORDINGS_PER_CASE; i++) {
      const id = `${cn}-R${i}`;
      const r = await t.request
        .put(`/api/v1/recordings/${id}`)
        .set(bearer('ingest'))
        .send(recording({ caseNumbers: [cn], sha256: String(i).repeat(64) }));
      expect(r.status, r.text).to.equal(201);
      ids.push(id);
    }
    return ids;
  }
  const stored = async (id: string) =>
    derivedOf((await t.request.get(`/api/v1/recordings/${id}`).set(bearer('clerk'))).body as Parameters<typeof derivedOf>[0]);

  before(async () => {
    db = await freshDatabase('fault_case_events');
    t = await makeTestApp(db, undefined, undefined, NOW);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera())).status).to.equal(201);
  });
  after(async () => db.close());

  it('gives each event alone a different derived state than both together (so the check below can tell)', async () => {
    const [a] = await makeCase('C-ONLY-A');
    const [b] = await makeCase('C-ONLY-B');
    const [both] = await makeCase('C-BOTH');
    expect((await t.request.post('/api/v1/cases/C-ONLY-A/events').set(bearer('prosecutor')).send(DECLINED)).status).to.equal(201);
    expect((await t.request.post('/api/v1/cases/C-ONLY-B/events').set(bearer('prosecutor')).send(DISMISSED)).status).to.equal(201);
    expect((await t.request.post('/api/v1/cases/C-BOTH/events').set(bearer('prosecutor')).send(DECLINED)).status).to.equal(201);
    expect((await t.request.post('/api/v1/cases/C-BOTH/events').set(bearer('prosecutor')).send(DISMISSED)).status).to.equal(201);
    const [sa, sb, sboth] = [await stored(a as string), await stored(b as string), await stored(both as string)];
    expect(sboth).to.not.deep.equal(sa);
    expect(sboth).to.not.deep.equal(sb);
    expect(sboth.release).to.deep.include({ outcome: 'withhold', ruleIds: ['MO-TERMINATED'] });
    // Dismissed: a record closed under 610.105, retained until a manual review (610.120.1, RET-CLOSED-RETAINED).
    expect(sboth.retention).to.deep.include({ status: 'indefinite', retainUntil: null, blockers: ['RET-CLOSED-RETAINED'] });
  });

  it(`stores both events and leaves every linked recording reflecting both, over ${ROUNDS} rounds of simultaneous posts by two clients`, async function () {
    this.timeout(120_000);
    const [control] = await makeCase('C-CONTROL');
    await t.request.post('/api/v1/cases/C-CONTROL/events').set(bearer('prosecutor', 'seq')).send(DECLINED);
    await t.request.post('/api/v1/cases/C-CONTROL/events').set(bearer('prosecutor', 'seq')).send(DISMISSED);
    const expected = await stored(control as string);
    const wrong: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const cn = `C-RACE-${round}`;
      const ids = await makeCase(cn);
      // Alternate which client starts first, so either interleaving gets a chance.
      const posts = [
        () => t.request.post(`/api/v1/cases/${cn}/events`).set(bearer('prosecutor', 'client-a')).send(DECLINED),
        () => t.request.post(`/api/v1/cases/${cn}/events`).set(bearer('admin', 'client-b')).send(DISMISSED),
      ];
      if (round % 2 === 0) posts.reverse();
      const answers = await Promise.all(posts.map((p) => p()));
      for (const a of answers) expect(a.status, a.text).to.equal(201);
      const c = await t.request.get(`/api/v1/cases/${cn}`).set(bearer('clerk'));
      const events = (c.body as { events: { type: string; defendantId: string; recordedBy: string }[] }).events;
      expect(events.map((e) => `${e.type}/${e.defendantId}`).sort(), cn).to.deep.equal(['declined/null', 'dismissed/D2']);
      for (const id of ids) {
        const s = await stored(id);
        if (JSON.stringify(s) !== JSON.stringify(expected)) wrong.push(`${id}: ${JSON.stringify(s)}`);
      }
    }
    expect(wrong, `expected ${JSON.stringify(expected)}`).to.deep.equal([]);
  });
});
