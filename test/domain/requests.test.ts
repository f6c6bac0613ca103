import { expect } from 'chai';
import type { Decision } from '../../src/engine/facts';
import { deriveOutcome, refusalReason, splitPartial } from '../../src/domain/requests/lifecycle';
import { inflateSync } from 'node:zlib';
import { buildLetter } from '../../src/domain/requests/letter';
import { renderLetterPdf, renderLetterText } from '../../src/domain/requests/letter-render';
import { loadSchedules } from '../../src/rules/load-schedules';
import { loadRules } from '../../src/rules';
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
    unconfirmedLinks: [],
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
  it("cannot be derived while a withhold rests only on a clerk's unconfirmed case link, and says who confirms it (counsel session 8, M1)", () => {
    const r = deriveOutcome([decision('A', 'release'), decision('B', 'withhold', { unconfirmedLinks: ['KC-9'] })]);
    expect(r.ok).to.equal(false);
    if (!r.ok) {
      expect(r.pending).to.deep.equal(['B']);
      expect(r.reason).to.include('B (case KC-9)');
      expect(r.reason).to.include('have the prosecutor confirm each link');
      expect(r.reason).to.include('610.023.4');
    }
    expect(deriveOutcome([decision('B', 'withhold')])).to.deep.include({ ok: true, outcome: 'denied' });
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
  it("delays a withhold resting only on a clerk's unconfirmed case link with the recordings needing review (counsel session 8, M1)", () => {
    const ds = [decision('A', 'release'), decision('B', 'withhold', { unconfirmedLinks: ['KC-9'] }), decision('C', 'withhold')];
    expect(splitPartial(ds)).to.deep.equal({ ok: true, answered: ['A', 'C'], pending: ['B'] });
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
  const { sunshine } = loadSchedules('rules/missouri');
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
      sunshine,
      new Date('2026-11-23T12:00:00-06:00'),
    );
    expect(letter.fees?.lines).to.deep.equal([]);
    expect(letter.fees?.total).to.equal(0);
    expect(letter.blocks.map((b) => b.text).join(' ')).to.contain('released for viewing only: no copy is made');
  });
});

describe('letter wording for closures (B1, A11)', () => {
  const { sunshine } = loadSchedules('rules/missouri');
  const logged = (d: Decision): LoggedDecision => ({ ...d, decisionId: `DEC-${d.recordingId}`, knownAt: d.asOf });
  const letterText = (d: Decision): string => {
    const r = stored('SR-B1', '2026-11-25T17:00:00-06:00', {
      status: 'responded',
      outcome: 'denied',
      finalResponseAt: new Date('2026-11-23T12:00:00-06:00'),
      decisions: [logged(d)],
    });
    return buildLetter(r, new Map(), sunshine, new Date('2026-11-23T12:00:00-06:00'))
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
  it("never prints a reason's staff note (who entered or confirmed a fact) nor the engine's names of missing facts", () => {
    const text = letterText(
      decision('SN1', 'needs_legal_review', {
        reasons: [
          {
            ruleId: 'MO-LINK-UNCONFIRMED',
            citation: 'RSMo 610.100.2(1)',
            text: 'tied to case KC-1 only by a link records staff entered (KC-1 on 2026-12-01)',
            staffNote: 'Unconfirmed case links entered on the review-facts route: KC-1 by clerk jdoe on 2026-12-01.',
          },
        ],
        missingFacts: ['recording.caseLinkConfirmed'],
      }),
    );
    expect(text).to.include('only by a link records staff entered (KC-1 on 2026-12-01)');
    expect(text).to.include('One fact this answer depends on is still being established.');
    expect(text).not.to.include('jdoe');
    expect(text).not.to.include('review-facts');
    expect(text).not.to.include('recording.caseLinkConfirmed');
  });
  it("states the place where delayed records will be available in a first delay and a partial response, the custodian's address when staff gave none (counsel session 8, M3)", () => {
    const at = new Date('2026-11-23T12:00:00-06:00');
    const delay = { cause: 'The prosecutor is confirming the case.', availableAt: new Date('2026-12-04T12:00:00-06:00'), at, by: 'c' };
    const text = (r: StoredRequest, kind: 'delay' | 'partial') => {
      const letter = buildLetter(r, new Map(), sunshine, at);
      expect(letter.kind).to.equal(kind);
      return letter.blocks.map((b) => b.text).join('\n');
    };
    const delayed = stored('SR-M3', '2026-11-25T17:00:00-06:00', {
      status: 'delayed',
      delay,
      decisions: [logged(decision('D1', 'needs_legal_review'))],
    });
    expect(text(delayed, 'delay')).to.include(`Place where they will be available: ${sunshine.custodian.address}.`);
    const placed = { ...delayed, delay: { ...delay, place: 'the KCPD records portal' } };
    expect(text(placed, 'delay')).to.include('Place where they will be available: the KCPD records portal.');
    const partial = stored('SR-M3P', '2026-11-25T17:00:00-06:00', {
      status: 'partially_responded',
      delay,
      decisions: [logged(decision('A', 'release')), logged(decision('B', 'needs_legal_review'))],
      responses: [
        {
          seq: 1,
          kind: 'partial',
          at,
          by: 'c',
          answeredRecordingIds: ['A'],
          decisionIds: ['DEC-A'],
          pendingRecordingIds: ['B'],
          delay: { cause: delay.cause, availableAt: delay.availableAt },
          note: null,
        },
      ],
    });
    expect(text(partial, 'partial')).to.include(`Place where they will be available: ${sunshine.custodian.address}.`);
  });
  it("lists a withhold resting only on a clerk's unconfirmed case link as not yet answered, citing no provision for it (counsel session 8, M1)", () => {
    const text = letterText(
      decision('UL1', 'withhold', {
        reasons: [{ ruleId: 'MO-ACTIVE', citation: 'RSMo 610.100.2(1)', text: 'Case KC-9 is still an active investigation' }],
        unconfirmedLinks: ['KC-9'],
      }),
    );
    expect(text).to.include('UL1: not yet answered.');
    expect(text).to.include('confirming which investigation this recording belongs to');
    expect(text).not.to.include('Provisions cited: RSMo 610.100.2(1)');
    expect(text).not.to.include('Recordings withheld');
  });
  it("says in plain words what remains to be established, never the engine's fact names (counsel session 8, L3)", () => {
    const { questions } = loadRules('rules/missouri');
    const r = stored('SR-L3', '2026-11-25T17:00:00-06:00', {
      decisions: [
        logged(decision('L3', 'needs_legal_review', { missingFacts: ['cases.KC-1.offenseDate', 'recording.caseLinkConfirmed'] })),
      ],
    });
    const text = buildLetter(r, new Map(), sunshine, new Date('2026-11-23T12:00:00-06:00'), questions)
      .blocks.map((b) => b.text)
      .join('\n');
    expect(text).to.include(
      "Still being established: the date of the offense in case KC-1; and the prosecutor's confirmation of which case the recording belongs to.",
    );
    expect(text).not.to.include('offenseDate');
    expect(text).not.to.include('recording.caseLinkConfirmed');
  });
  it('never lists "KCPD policy" among the provisions cited', () => {
    const text = letterText(
      decision('U1', 'needs_legal_review', { reasons: [{ ruleId: 'MO-UNCLASSIFIED', citation: 'KCPD policy', text: 'unclassified' }] }),
    );
    expect(text).not.to.match(/Provisions cited:.*KCPD policy/);
    expect(text).to.include('Provisions cited: none yet (pending legal review).');
  });
});

/** The text a PDF shows, page by page: pdfkit writes each page's text as hex strings in a deflated content stream. */
function pdfPages(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const pages: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue; // not a deflated content stream (a font, an image)
    }
    if (!content.includes('BT')) continue;
    const text = [...content.matchAll(/\[(.*?)\] TJ/g)]
      .map((tj) => [...(tj[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)].map((x) => Buffer.from(x[1] ?? '', 'hex').toString('latin1')).join(''))
      .join(' ');
    pages.push(text);
  }
  return pages;
}

describe('the response letter is ready to send (usability test, job 1a)', () => {
  const { sunshine } = loadSchedules('rules/missouri');
  const logged = (d: Decision): LoggedDecision => ({ ...d, decisionId: `DEC-${d.recordingId}-0000`, knownAt: d.asOf });
  const responded = (decisions: Decision[], extra: Partial<StoredRequest> = {}): StoredRequest =>
    stored('9f1c2d3e-internal', '2026-11-25T17:00:00-06:00', {
      number: 'SR-2026-00123',
      status: 'responded',
      outcome: 'partially_released',
      finalResponseAt: new Date('2026-11-23T12:00:00-06:00'),
      scope: { recordingIds: [], caseNumber: 'KC-9', description: '"all video from the arrest"' },
      mediaItems: 1,
      decisions: decisions.map(logged),
      ...extra,
    });
  const now = new Date('2026-11-23T12:00:00-06:00');
  const twice = { ruleId: 'MO-ACTIVE', citation: 'RSMo 610.100.2(1)', text: 'The investigation is active.' };
  const letter = buildLetter(
    responded([
      decision('R1', 'release'),
      decision('R2', 'withhold', { reasons: [twice, twice] }),
      decision('R3', 'release', { viewOnly: true }),
    ]),
    new Map([['R1', { durationSeconds: 600, recordedAt: null, title: null }]]),
    sunshine,
    now,
  );
  const text = renderLetterText(letter);

  it('is signed by the custodian of records and says how to reach the records unit, quoting the request number', () => {
    expect(text).to.include(`Sincerely,\n${sunshine.custodian.title}\n${sunshine.custodian.office}`);
    expect(text.replace(/\s+/g, ' ')).to.include(`telephone ${sunshine.custodian.phone}`);
    expect(text.replace(/\s+/g, ' ')).to.include(sunshine.custodian.address);
    expect(text.replace(/\s+/g, ' ')).to.include('Please quote request number SR-2026-00123.');
  });

  it('says how to pay the fee, how the copies come and how a view-only recording is viewed', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).to.include('Payment and delivery');
    expect(flat).to.include('quoting request number SR-2026-00123');
    expect(flat).to.include(sunshine.custodian.delivery.replace(/\s+/g, ' '));
    expect(flat).to.include(sunshine.custodian.viewing.replace(/\s+/g, ' '));
  });

  it('holds no internal id, rules version or placeholder, and gives each reason and the request in quotes once', () => {
    expect(text).not.to.match(/DEC-|9f1c2d3e|mo-test|Decision references|defaults to confirm|\{number\}|\?\)|\bnull\b|undefined/);
    expect(text.split('The investigation is active.').length - 1).to.equal(1);
    expect(text).to.include('case KC-9; “all video from the arrest”.');
    expect(text).not.to.include('redacted as listed');
  });

  it('names the custodian when the schedule gives a name', () => {
    const named = renderLetterText(
      buildLetter(
        responded([decision('R1', 'release')]),
        new Map(),
        { ...sunshine, custodian: { ...sunshine.custodian, name: 'Pat Doe' } },
        now,
      ),
    );
    expect(named).to.include(`Sincerely,\nPat Doe\n${sunshine.custodian.title}`);
  });

  it('asks for no payment when nothing is billed, and a draft is neither signed nor sent with payment instructions', () => {
    const free = renderLetterText(
      buildLetter(responded([decision('R2', 'withhold')], { outcome: 'denied', mediaItems: 0 }), new Map(), sunshine, now),
    );
    expect(free).not.to.include('Payment');
    expect(free).to.include('Questions about this response');
    const draft = renderLetterText(
      buildLetter(responded([decision('R1', 'release')], { status: 'in_review', finalResponseAt: null }), new Map(), sunshine, now),
    );
    expect(draft).to.include('DRAFT: not yet sent');
    expect(draft).not.to.include('Sincerely');
  });

  it('numbers every page of the PDF "Page n of N" with the request number', async () => {
    const many = buildLetter(
      responded(Array.from({ length: 40 }, (_, i) => decision(`R${i}`, 'withhold', { reasons: [twice] }))),
      new Map(),
      sunshine,
      now,
    );
    const pages = pdfPages(await renderLetterPdf(many));
    expect(pages.length).to.be.greaterThan(1);
    pages.forEach((p, i) => expect(p.replace(/\s+/g, ''), `page ${i + 1}`).to.include(`Page${i + 1}of${pages.length}`.replace(/\s+/g, '')));
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
