import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { nearestName } from '../../src/http/strict-query';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { bodyOf, problemOf } from '../support/api';
import { AuditPage } from '../../src/http/audit/audit.schemas';
import { LoggedDecision } from '../../src/http/eligibility/eligibility.schemas';

interface FieldError {
  path: string;
  message: string;
}

describe('strict query parameters', () => {
  let db: DbHandle;
  let t: TestApp;
  const clerk = bearer('clerk', 'jdoe');

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, model] of Object.entries(t.deps.models))
      out[name] = await (model as { countDocuments(): Promise<number> }).countDocuments();
    return out;
  }

  before(async () => {
    db = await freshDatabase('strict-query');
    t = await makeTestApp(db);
    await t.request.put('/api/v1/cameras/CAM-1').set(bearer('ingest')).send(camera());
    await t.request.put('/api/v1/recordings/SQ-1').set(bearer('ingest')).send(recording());
  });
  after(async () => db.close());

  it('refuses an eligibility check with an unknown parameter (400 problem naming query.<name>) instead of answering for public as of now', async () => {
    const res = await t.request.get('/api/v1/recordings/SQ-1/eligibility?requesterKind=attorney&as_of=2025-01-01').set(clerk);
    expect(res.status, res.text).to.equal(400);
    const body = problemOf(res);
    expect(res.type).to.equal('application/problem+json');
    expect(body.code).to.equal('VALIDATION_FAILED');
    const paths = (body.errors as FieldError[]).map((e) => e.path);
    expect(paths).to.have.members(['query.requesterKind', 'query.as_of']);
  });

  it('suggests the declared name for a near miss: snake_case, case, a typo, or a longer form of the name', async () => {
    const res = await t.request
      .get('/api/v1/recordings/SQ-1/eligibility?requesterKind=attorney&as_of=2025-01-01&KnownAt=2025-01-01&asof=2025-01-01&knowAt=x')
      .set(clerk);
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    const byPath = Object.fromEntries((body.errors as FieldError[]).map((e) => [e.path, e.message]));
    expect(byPath['query.as_of']).to.include('did you mean `asOf`?');
    expect(byPath['query.asof']).to.include('did you mean `asOf`?');
    expect(byPath['query.KnownAt']).to.include('did you mean `knownAt`?');
    expect(byPath['query.knowAt']).to.include('did you mean `knownAt`?');
    expect(byPath['query.requesterKind']).to.include('did you mean `requester`?');
    expect(body.detail).to.match(/^query\.requesterKind: .*did you mean `requester`\?/);
  });

  it('lists the accepted parameters when nothing is close, and says so when a route accepts none', async () => {
    const far = await t.request.get('/api/v1/recordings/SQ-1/eligibility?zzz=1').set(clerk);
    expect(far.status).to.equal(400);
    const farBody = problemOf(far);
    expect(farBody.errors[0]).to.deep.equal({
      path: 'query.zzz',
      message: 'unknown parameter; this route accepts `requester`, `asOf`, `knownAt`',
    });
    const none = await t.request.get('/api/v1/recordings/SQ-1?requester=public').set(clerk);
    expect(none.status).to.equal(400);
    const noneBody = problemOf(none);
    expect(noneBody.errors[0]).to.deep.equal({
      path: 'query.requester',
      message: 'unknown parameter; this route accepts no query parameters',
    });
  });

  it('records nothing for a refused request but its audit entry: no decision is logged', async () => {
    const before = await counts();
    const res = await t.request.get('/api/v1/recordings/SQ-1/eligibility?as_of=2025-01-01').set(clerk);
    expect(res.status).to.equal(400);
    const after = await counts();
    expect(after.Decision).to.equal(before.Decision);
    expect({ ...after, Audit: 0 }).to.deep.equal({ ...before, Audit: 0 });
    expect(after.Audit).to.equal((before.Audit ?? 0) + 1);
    const audit = await t.request
      .get('/api/v1/audit?action=GET%20%2Fapi%2Fv1%2Frecordings%2F%3ArecordingId%2Feligibility&limit=1000')
      .set(bearer('auditor'));
    expect(audit.status, audit.text).to.equal(200);
    const auditBody = bodyOf(audit, AuditPage);
    const last = auditBody.items[auditBody.items.length - 1];
    expect(last?.outcome).to.deep.equal({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('still answers a request whose parameters are all declared, and logs that decision', async () => {
    const before = await counts();
    const res = await t.request.get('/api/v1/recordings/SQ-1/eligibility?requester=attorney&asOf=2026-06-01').set(clerk);
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, LoggedDecision);
    expect(body.requester).to.equal('attorney');
    expect((await counts()).Decision).to.equal((before.Decision ?? 0) + 1);
  });

  it('refuses unknown parameters on every kind of route: lists, reports, exports and public routes', async () => {
    for (const [path, role] of [
      ['/api/v1/recordings?case_number=KC-1', 'clerk'],
      ['/api/v1/requests?overDue=true', 'clerk'],
      ['/api/v1/reports/retention?as_of=2026-01-01', 'auditor'],
      ['/api/v1/audit?format=csv&actr=x', 'auditor'],
      ['/healthz?verbose=1', null],
    ] as const) {
      const req = t.request.get(path);
      const res = await (role ? req.set(bearer(role)) : req);
      expect(res.status, `${path}: ${res.text}`).to.equal(400);
      expect(problemOf(res).errors[0]?.path, path).to.match(/^query\./);
    }
  });
});

describe('nearestName', () => {
  const declared = ['requester', 'asOf', 'knownAt', 'limit', 'cursor'];
  it('matches names equal up to case, underscores and hyphens', () => {
    expect(nearestName('as_of', declared)).to.equal('asOf');
    expect(nearestName('AS-OF', declared)).to.equal('asOf');
  });
  it('matches a typo of one letter, or two in names of five letters or more', () => {
    expect(nearestName('limt', declared)).to.equal('limit');
    expect(nearestName('knwnAtt', declared)).to.equal('knownAt');
  });
  it('matches a name that extends a declared one (requesterKind for requester)', () => {
    expect(nearestName('requesterKind', declared)).to.equal('requester');
  });
  it('suggests nothing for an unrelated name', () => {
    expect(nearestName('sort', declared)).to.equal(null);
    expect(nearestName('q', declared)).to.equal(null);
  });
});
