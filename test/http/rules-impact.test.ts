import { expect } from 'chai';
import { readRuleFiles } from '../../src/rules/load';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { bodyOf, problemOf } from '../support/api';
import { RecordingView } from '../../src/http/catalog/catalog.responses';
import { ImpactView } from '../../src/http/eligibility/eligibility.schemas';

describe('rule-change impact preview', () => {
  let db: DbHandle;
  let t: TestApp;
  const current = readRuleFiles('rules/missouri');
  const asList = (m: Record<string, string>) => Object.entries(m).map(([path, text]) => ({ path, text }));
  const files = asList(current);
  before(async () => {
    db = await freshDatabase('impact');
    t = await makeTestApp(db, undefined, undefined, () => new Date('2026-11-20T18:00:00Z'));
    await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera());
    for (let i = 0; i < 4; i++) {
      await t.request
        .put(`/api/v1/recordings/N-${i}`)
        .set(bearer('ingest'))
        .send(recording({ category: 'non_evidentiary', recordedAt: '2026-09-01T10:00:00-05:00' }));
    }
  });
  after(async () => db.close());

  it('reports no transitions for the rules in force', async () => {
    const res = await t.request.post('/api/v1/rules/impact').set(bearer('admin')).send({ files });
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, ImpactView);
    expect(body.recordings).to.equal(4);
    expect(body.retainUntil.earlier.count).to.equal(0);
    for (const k of Object.keys(body.release)) expect(k.split(' → ')[0]).to.equal(k.split(' → ')[1]);
  });

  it('shows retain-until dates moving earlier when a candidate shortens non-evidentiary retention, and writes nothing', async () => {
    const shorter = asList({
      ...current,
      'retention.yaml': (current['retention.yaml'] ?? '').replace('duration: { days: 180 } }', 'duration: { days: 30 } }'),
    });
    const res = await t.request.post('/api/v1/rules/impact').set(bearer('admin')).send({ files: shorter });
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, ImpactView);
    expect(body.candidateRulesVersion).to.not.equal(body.currentRulesVersion);
    expect(body.retainUntil.earlier.count).to.equal(4);
    expect(body.retainUntil.earlier.samples).to.include('N-0');
    expect(body.retentionStatus['retain → eligible_for_destruction']?.count).to.equal(4);
    const stored = await t.request.get('/api/v1/recordings/N-0').set(bearer('auditor'));
    const storedBody = bodyOf(stored, RecordingView);
    expect(storedBody.retention?.status).to.equal('retain');
  });

  it('refuses invalid candidate rule files with 422 naming the problem', async () => {
    const broken = asList({ ...current, 'parameters.yaml': 'versions: not-a-list' });
    const res = await t.request.post('/api/v1/rules/impact').set(bearer('admin')).send({ files: broken });
    expect(res.status).to.equal(422);
    const body = problemOf(res);
    expect(body.errors[0]?.message).to.match(/parameters\.yaml/);
  });

  it('is for admins only', async () => {
    expect((await t.request.post('/api/v1/rules/impact').set(bearer('auditor')).send({ files })).status).to.equal(403);
  });
});
