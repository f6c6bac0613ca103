import { expect } from 'chai';
import type { Decision } from '../../src/engine/facts';
import { deriveOutcome, refusalReason, splitPartial } from '../../src/domain/requests/lifecycle';
import { buildLetter } from '../../src/domain/requests/letter';
import { loadSchedules } from '../../src/rules/load-schedules';
import { formatQueue } from '../../src/domain/requests/queue-report';
import type { StoredRequest } from '../../src/domain/requests/ports';
import type { LoggedDecision } from '../../src/domain/eligibility/ports';

function decision(recordingId: string, outcome: Decision['outcome'], extra: Partial<Decision> = {}): Decision {
  return {
    recordingId,
    requester: 'public',
    asOf: '2026-11-23T10:00:00.000-06:00',
    outcome,
    redactions: [],
    viewOnly: false,
    availableFrom: null,
    respondWithinDays: null,
    routes: [],
    reviewAt: null,
    missingFacts: [],
    reasons: [],
    orders: [],
    rulesVersion: 'mo-test',
    engineVersion: 'eng-test',
    ...extra,
  };
}

function stored(id: string, dueBy: string, extra: Partial<StoredRequest> = {}): StoredRequest {
  const at = new Date('2026-11-16T10:00:00-06:00');
  return {
    _id: id,
    receivedAt: at,
    requester: { name: 'A. Reporter', kind: 'public', contact: null },
    scope: { recordingIds: [], caseNumber: 'KC-9', description: null },
    recordingIds: [],
    mediaItems: 0,
    status: 'received',
    outcome: null,
    dueBy: new Date(dueBy),
    due: { closeOfBusiness: '17:00', effectiveReceiptDate: '2026-11-16', countedDays: [], reasons: [] },
    decisions: [],
    decidedAt: at,
    delay: null,
    reviewMinutes: 0,
    responseNote: null,
    finalResponseAt: null,
    withdrawnAt: null,
    history: [],
    version: 0,
    createdAt: at,
    createdBy: 'c',
    updatedAt: at,
    updatedBy: 'c',
    ...extra,
  };
}

describe('deriveOutcome', () => {
  it('is released when every recording is released without redactions, even view-only or after notice', () => {
    const r = deriveOutcome([
      decision('A', 'release'),
      decision('B', 'release', { viewOnly: true, availableFrom: '2026-12-01T00:00:00.000-06:00' }),
    ]);
    expect(r).to.deep.include({ ok: true, outcome: 'released' });
  });
  it('is denied when every recording is withheld', () => {
    expect(deriveOutcome([decision('A', 'withhold'), decision('B', 'withhold')])).to.deep.include({ ok: true, outcome: 'denied' });
  });
  it('is partially_released for a mix, and for a release with redactions', () => {
    expect(deriveOutcome([decision('A', 'release'), decision('B', 'withhold')])).to.deep.include({
      ok: true,
      outcome: 'partially_released',
      withheld: ['B'],
    });
    const redaction = { kind: 'victim_identity' as const, ruleId: 'MO-REDACT-VICTIM', citation: 'RSMo 595.226', text: 'x' };
    expect(deriveOutcome([decision('A', 'release', { redactions: [redaction] })])).to.deep.include({
      ok: true,
      outcome: 'partially_released',
      redacted: ['A'],
    });
  });
  it('cannot be derived while a recording needs legal review, and names its missing facts', () => {
    const r = deriveOutcome([decision('A', 'release'), decision('B', 'needs_legal_review', { missingFacts: ['category'] })]);
    expect(r.ok).to.equal(false);
    if (!r.ok) {
      expect(r.pending).to.deep.equal(['B']);
      expect(r.reason).to.include('B (missing: category)');
    }
  });
  it('cannot be derived with nothing in scope', () => {
    expect(deriveOutcome([]).ok).to.equal(false);
  });
});

describe('refusalReason', () => {
  const base = { requestId: 'SR-1', outcome: null, finalResponseAt: null, withdrawnAt: null, delayedUntil: null, lastChange: null };
  it('allows exactly the lifecycle transitions', () => {
    expect(refusalReason('review', { ...base, status: 'received' })).to.equal(null);
    expect(refusalReason('delay', { ...base, status: 'in_review' })).to.equal(null);
    expect(refusalReason('respond', { ...base, status: 'delayed' })).to.equal(null);
    expect(refusalReason('withdraw', { ...base, status: 'delayed' })).to.equal(null);
  });
  it('explains why a transition makes no sense', () => {
    expect(refusalReason('withdraw', { ...base, status: 'responded', outcome: 'denied', finalResponseAt: '2026-11-23' })).to.match(
      /final response cannot be withdrawn/,
    );
    expect(refusalReason('review', { ...base, status: 'delayed', delayedUntil: '2026-12-04' })).to.match(/delayed until 2026-12-04/);
  });
});

describe('splitPartial (A15)', () => {
  it('answers the decided recordings and leaves those needing legal review pending', () => {
    const ds = [decision('A', 'release'), decision('B', 'withhold'), decision('C', 'needs_legal_review')];
    expect(splitPartial(ds)).to.deep.equal({ ok: true, answered: ['A', 'B'], pending: ['C'] });
  });
  it('refuses when nothing is pending (that is the final response) and when nothing is decided (nothing to answer)', () => {
    expect(splitPartial([decision('A', 'release')])).to.deep.include({ ok: false });
    expect(splitPartial([decision('C', 'needs_legal_review')])).to.deep.include({ ok: false, pending: ['C'] });
    expect(splitPartial([])).to.deep.include({ ok: false });
  });
  it('allows a partial and a final response from a partially answered request, and withdrawal, but not a new review or delay', () => {
    const base = {
      requestId: 'SR-1',
      outcome: null,
      finalResponseAt: null,
      withdrawnAt: null,
      delayedUntil: '2026-12-04',
      lastChange: null,
      status: 'partially_responded' as const,
    };
    expect(refusalReason('partial', base)).to.equal(null);
    expect(refusalReason('respond', base)).to.equal(null);
    expect(refusalReason('withdraw', base)).to.equal(null);
    expect(refusalReason('delay', base)).to.match(/supplemental response/);
    expect(refusalReason('review', base)).to.match(/answered in part; the rest is delayed until 2026-12-04/);
  });
});

describe('letter fees (A20)', () => {
  const { fees } = loadSchedules('rules/missouri').sunshine;
  const logged = (d: Decision): LoggedDecision => ({ ...d, decisionId: `DEC-${d.recordingId}`, knownAt: d.asOf });
  it('bills no copy time or media for a recording a court order releases for viewing only', () => {
    const r = stored('SR-V', '2026-11-25T17:00:00-06:00', {
      status: 'responded',
      outcome: 'released',
      finalResponseAt: new Date('2026-11-23T12:00:00-06:00'),
      mediaItems: 1,
      decisions: [logged(decision('V1', 'release', { viewOnly: true }))],
    });
    const letter = buildLetter(
      r,
      new Map([['V1', { durationSeconds: 1800, recordedAt: null, title: null }]]),
      fees,
      new Date('2026-11-23T12:00:00-06:00'),
    );
    expect(letter.fees?.lines).to.deep.equal([]);
    expect(letter.fees?.total).to.equal(0);
    expect(letter.blocks.map((b) => b.text).join(' ')).to.contain('released for viewing only: no copy is made');
  });
});

describe('letter wording for closures (B1, A11)', () => {
  const { fees } = loadSchedules('rules/missouri').sunshine;
  const logged = (d: Decision): LoggedDecision => ({ ...d, decisionId: `DEC-${d.recordingId}`, knownAt: d.asOf });
  const letterText = (d: Decision): string => {
    const r = stored('SR-B1', '2026-11-25T17:00:00-06:00', {
      status: 'responded',
      outcome: 'denied',
      finalResponseAt: new Date('2026-11-23T12:00:00-06:00'),
      decisions: [logged(d)],
    });
    return buildLetter(r, new Map(), fees, new Date('2026-11-23T12:00:00-06:00'))
      .blocks.map((b) => b.text)
      .join('\n');
  };
  it('says a nonpublic-location closure is discretionary, citing 610.100.2(3)', () => {
    const text = letterText(
      decision('NP1', 'withhold', { reasons: [{ ruleId: 'MO-NONPUBLIC', citation: 'RSMo 610.100.2(3)', text: 'closed' }] }),
    );
    expect(text).to.include('Provisions cited: RSMo 610.100.2(3)');
    expect(text).to.include(
      'This closure is discretionary: RSMo 610.100.2(3) provides that a recording made in a nonpublic location "is authorized to be closed"',
    );
  });
  it('states the conditions of the court order a release rests on, and of no order it does not rest on (usability test, problem 1)', () => {
    const text = letterText(
      decision('CO1', 'release', {
        reasons: [{ ruleId: 'MO-ORDER-RELEASE', citation: 'RSMo 610.100.5', text: 'ordered' }],
        orders: [
          { orderNumber: '2616-CV-04417', conditions: 'blur faces of bystanders', applied: true },
          { orderNumber: 'OTHER', conditions: 'view at the station', applied: false },
        ],
      }),
    );
    expect(text).to.include('Condition of court order 2616-CV-04417: blur faces of bystanders');
    expect(text).not.to.include('view at the station');
  });
  it('never lists "KCPD policy" among the provisions cited', () => {
    const text = letterText(
      decision('U1', 'needs_legal_review', { reasons: [{ ruleId: 'MO-UNCLASSIFIED', citation: 'KCPD policy', text: 'unclassified' }] }),
    );
    expect(text).not.to.match(/Provisions cited:.*KCPD policy/);
    expect(text).to.include('Provisions cited: none yet (pending legal review).');
  });
});

describe('formatQueue', () => {
  it('lists overdue requests with how late they are, and those due today', () => {
    const now = new Date('2026-11-25T09:00:00-06:00');
    const text = formatQueue(
      {
        overdue: [
          stored('SR-A', '2026-11-19T17:00:00-06:00', {
            status: 'delayed',
            delay: { cause: 'c', availableAt: new Date('2026-12-04T12:00:00-06:00'), at: now, by: 'c' },
          }),
        ],
        dueToday: [stored('SR-B', '2026-11-25T17:00:00-06:00')],
      },
      now,
    );
    expect(text).to.include('Overdue: 1');
    expect(text).to.match(/SR-A {2}due Thu 2026-11-19 17:00 {2}5 days late .*delayed .*\(delayed until Fri 2026-12-04 12:00\)/);
    expect(text).to.match(/Due by the end of today: 1\n {2}SR-B {2}due Wed 2026-11-25 17:00 {2}due in 480 min .*case KC-9/);
  });
});
