import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { CAMERA_ASSIGNMENTS, CAMERA_STATUSES } from '../../src/domain/catalog/catalog.schemas';
import { REQUEST_STATUSES } from '../../src/domain/requests/vocabulary';
import { CASE_EVENT_TYPES, COURT_ORDER_KINDS, OUTCOMES, REQUESTER_KINDS, RETENTION_STATUSES } from '../../src/engine/facts';
import { LEGAL_ZONE } from '../../src/engine/legal-time';
import { VOCABULARY, VOCABULARY_COMPONENTS, VocabularyView } from '../../src/http/vocabulary';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { bodyOf } from '../support/api';

const codes = (terms: readonly { code: string }[]): string[] => terms.map((t) => t.code);

describe('GET /api/v1/vocabulary', () => {
  let db: DbHandle;
  let t: TestApp;

  before(async () => {
    db = await freshDatabase('vocabulary');
    t = await makeTestApp(db);
  });
  after(async () => db.close());

  it('answers every list in the order the engine and domain declare it, with the words staff read and the zone', async () => {
    const res = await t.request.get('/api/v1/vocabulary').set(bearer('clerk', 'jdoe'));
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, VocabularyView);
    expect(body.zone).to.equal(LEGAL_ZONE);
    expect(codes(body.terms.RequesterKind)).to.deep.equal([...REQUESTER_KINDS]);
    expect(codes(body.terms.Outcome)).to.deep.equal([...OUTCOMES]);
    expect(codes(body.terms.RetentionStatus)).to.deep.equal([...RETENTION_STATUSES]);
    expect(codes(body.terms.RequestStatus)).to.deep.equal([...REQUEST_STATUSES]);
    expect(codes(body.terms.CaseEventType)).to.deep.equal([...CASE_EVENT_TYPES]);
    expect(codes(body.terms.CourtOrderKind)).to.deep.equal([...COURT_ORDER_KINDS]);
    expect(codes(body.terms.CameraAssignment)).to.deep.equal([...CAMERA_ASSIGNMENTS]);
    expect(codes(body.terms.CameraStatus)).to.deep.equal([...CAMERA_STATUSES]);
    expect(body.terms.RequesterKind[0]).to.deep.equal({ code: 'public', label: 'Member of the public or the press' });
    expect(body.terms.Outcome.find((x) => x.code === 'needs_legal_review')?.description).to.contain('legal review');
  });

  it('publishes one list per named enumeration of the OpenAPI document, and a label for every code', () => {
    expect(Object.keys(VOCABULARY.terms).sort()).to.deep.equal(Object.keys(VOCABULARY_COMPONENTS).sort());
    for (const [name, terms] of Object.entries(VOCABULARY.terms)) {
      for (const term of terms) expect(term.label, `${name}.${term.code}`).to.be.a('string').and.not.equal('');
    }
  });

  it('is read by the readers and the evidence feed, and by nobody without a token', async () => {
    for (const role of ['clerk', 'prosecutor', 'auditor', 'admin', 'ingest'] as const) {
      expect((await t.request.get('/api/v1/vocabulary').set(bearer(role, 'x'))).status, role).to.equal(200);
    }
    expect((await t.request.get('/api/v1/vocabulary')).status).to.equal(401);
  });

  it("is the only source of the web app's lists and words: none is typed into web/app", () => {
    const dir = path.join(__dirname, '../../web/app');
    const text = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const [name, terms] of Object.entries(VOCABULARY.terms)) {
      for (const { code, label } of terms) {
        // An options list pairs a code with its words (`['closure', 'Closure']`); a label table keys them (`agency: 'Another government agency'`).
        expect(text, `${name}.${code}`).not.to.match(new RegExp(`\\['${esc(code)}', '[A-Z0-9]`));
        expect(text, `${name}.${code}: ${label}`).not.to.match(new RegExp(`${esc(code)}'?: '${esc(label)}'`));
      }
    }
  });
});
