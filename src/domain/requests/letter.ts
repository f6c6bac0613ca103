/**
 * The response letter as data (blocks of text), rendered to plain text or PDF elsewhere.
 * PURE: built from the stored request and its stored decisions, so the letter cites
 * exactly the provisions the decisions cite. RSMo 610.023.4: each denial cites the specific
 * provision; 610.024: exempt and non-exempt material are separated and the rest released;
 * 610.023.3: a delay states its cause and the earliest date and time of availability;
 * 610.026: fees are estimated from the schedule in rules/ (review and redaction not billed);
 * 610.023.1: the letter is signed by the custodian of records and says how to reach the unit, pay
 * and receive the copies (rules/missouri/sunshine.yaml `custodian`). What a requester reads holds
 * no internal id (decision ids, rules versions stay in the API's `entries` and the decision log),
 * no staff member's name (a reason's `staffNote`) and no engine fact name (`missingFacts`).
 */
import type { CustodianOfRecords, FeeSchedule } from '../../engine/calendar-schema';
import { type FeeEstimate, estimateFees, formatCents } from '../../engine/fees';
import type { Route } from '../../engine/facts';
import { publicPhrases, type Questions } from '../../engine/questions';
import { legalDateTime, parseLegalMoment } from '../../engine/legal-time';
import type { LoggedDecision } from '../eligibility/ports';
import { awaitsLinkConfirmation } from './lifecycle';
import type { StoredRequest } from './ports';

export type BlockKind = 'title' | 'heading' | 'para' | 'item' | 'detail' | 'signature';
export interface Block {
  kind: BlockKind;
  text: string;
}

export type LetterKind = 'response' | 'partial' | 'delay' | 'draft' | 'withdrawal';

export interface LetterEntry {
  recordingId: string;
  disposition: 'released' | 'withheld' | 'pending_review';
  /** Every provision the decision cites (its reasons, including redaction reasons), split and de-duplicated. */
  citations: string[];
  decisionId: string;
}

export interface RequestLetter {
  requestId: string;
  /** The request's number as the requester quotes it (the internal id for a request not yet numbered). */
  number: string;
  kind: LetterKind;
  date: string;
  entries: LetterEntry[];
  fees: FeeEstimate | null;
  blocks: Block[];
}

export interface LetterRecording {
  durationSeconds: number;
  recordedAt: string | null;
  title: string | null;
}

const ROUTE_TEXT: Record<Route, string> = {
  court_order: 'Any person may ask the circuit court for an order releasing all or part of this recording.',
  juvenile_court_order:
    'Records of a child are closed except by order of the juvenile court (RSMo 211.321); only that court may order their release.',
  involved_person_request:
    'A person involved in the incident (shown or heard in it, or their parent or guardian, first-degree family, attorney or insurer) may obtain it on written request.',
  next_of_kin_request: 'The next of kin of the deceased person may obtain it on request.',
  defendant_request: 'The defendant in the case may obtain it on request.',
};

const OUTCOME_TEXT: Record<string, string> = {
  released: 'Released in full',
  partially_released: 'Partially released (some recordings or parts of recordings are closed, as listed below)',
  denied: 'Denied (the recordings are closed, as listed below)',
  no_responsive_records: 'No responsive records',
};

/** Not provisions of law: a letter never cites them as the basis of a closure (610.023.4 asks for "the specific provision of law"). */
const NOT_A_PROVISION = /^(KCPD policy|policy|none)$/i;

function citationsOf(d: Pick<LoggedDecision, 'reasons' | 'redactions'>): string[] {
  const all = [...d.reasons.map((r) => r.citation), ...d.redactions.map((r) => r.citation)];
  return [...new Set(all.flatMap((c) => c.split(';').map((s) => s.trim())).filter((s) => s.length > 0 && !NOT_A_PROVISION.test(s)))];
}

/** B1: MO-NONPUBLIC withholds under a closure the statute authorizes but does not require; the letter says so. */
const DISCRETIONARY_CLOSURE =
  'This closure is discretionary: RSMo 610.100.2(3) provides that a recording made in a nonpublic location "is authorized to be closed"; it does not require it. The agency has chosen to keep it closed, and that decision is recorded.';

function when(d: Date | string | null | undefined, withTime = true): string {
  if (!d) return '?';
  const dt = (typeof d === 'string' ? parseLegalMoment(d) : legalDateTime(d)).setLocale('en-US');
  return withTime ? dt.toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ") : dt.toFormat('cccc, LLLL d, yyyy');
}

function describeRecording(id: string, rec: LetterRecording | undefined): string {
  if (!rec) return `Recording ${id}`;
  const mins = Math.round(rec.durationSeconds / 60);
  const title = rec.title ? `, "${rec.title}"` : '';
  return `Recording ${id} (recorded ${when(rec.recordedAt, false)}, ${mins} min${title})`;
}

function kindOf(r: StoredRequest): LetterKind {
  if (r.status === 'responded') return 'response';
  if (r.status === 'partially_responded') return 'partial';
  if (r.status === 'delayed') return 'delay';
  if (r.status === 'withdrawn') return 'withdrawal';
  return 'draft';
}

function letterDate(r: StoredRequest, now: Date): Date {
  if (r.status === 'responded' && r.finalResponseAt) return r.finalResponseAt;
  if (r.status === 'withdrawn' && r.withdrawnAt) return r.withdrawnAt;
  if (r.status === 'delayed' && r.delay) return r.delay.at;
  const last = r.responses?.at(-1);
  // A further delay after the last partial response is the newest notice: the letter carries its date.
  if (r.status === 'partially_responded' && last && r.delay && r.delay.at > last.at) return r.delay.at;
  if (r.status === 'partially_responded' && last) return last.at;
  return now;
}

/** For each recording answered by a partial or supplemental response, when (A15). */
function answeredIn(r: StoredRequest): Map<string, { kind: string; at: Date }> {
  const out = new Map<string, { kind: string; at: Date }>();
  for (const x of r.responses ?? []) for (const id of x.answeredRecordingIds) out.set(id, { kind: x.kind, at: x.at });
  return out;
}

/** The court orders a decision carries; none on decisions logged before they were carried (the key absent). */
function ordersCarried(d: LoggedDecision): LoggedDecision['orders'] {
  return Array.isArray(d.orders) ? d.orders : [];
}

function decisionBlocks(d: LoggedDecision, rec: LetterRecording | undefined, questions: Questions | null): Block[] {
  const out: Block[] = [];
  if (awaitsLinkConfirmation(d)) {
    out.push({ kind: 'item', text: `${describeRecording(d.recordingId, rec)}: not yet answered.` });
    out.push({
      kind: 'detail',
      text: 'The department is confirming which investigation this recording belongs to; the provision that applies to it will be cited when it is answered.',
    });
    return out;
  }
  const cites = citationsOf(d);
  if (d.outcome === 'release') {
    out.push({ kind: 'item', text: `${describeRecording(d.recordingId, rec)}: released${d.redactions.length ? ' with redactions' : ''}.` });
  } else if (d.outcome === 'withhold') {
    out.push({ kind: 'item', text: `${describeRecording(d.recordingId, rec)}: withheld (closed record).` });
  } else {
    out.push({ kind: 'item', text: `${describeRecording(d.recordingId, rec)}: pending legal review.` });
  }
  out.push({
    kind: 'detail',
    text: cites.length ? `Provisions cited: ${cites.join('; ')}` : 'Provisions cited: none yet (pending legal review).',
  });
  if (d.outcome === 'withhold' && d.reasons.some((x) => x.ruleId === 'MO-NONPUBLIC'))
    out.push({ kind: 'detail', text: DISCRETIONARY_CLOSURE });
  // A redaction rule's reason is shown once, on its "To be redacted" line (its text is the redaction's).
  // A deciding rule that also names redactions (a court order's, counsel's determination) keeps its own reason line.
  const redactionReasons = new Set(
    d.redactions.map(
      (x) => `${x.ruleId}
${x.text}`,
    ),
  );
  // Each reason once: a rule that fires for each of a recording's linked cases gives the same words twice.
  const said = new Set<string>();
  const once = (text: string): void => {
    if (said.has(text)) return;
    said.add(text);
    out.push({ kind: 'detail', text });
  };
  for (const reason of d.reasons) {
    if (
      !redactionReasons.has(`${reason.ruleId}
${reason.text}`)
    )
      once(`Reason (${reason.citation}): ${reason.text}`); // never its staffNote: that is for staff (whose word a fact rests on)
  }
  for (const x of d.redactions) once(`To be redacted before release (${x.citation}): ${x.text}`);
  if (d.viewOnly)
    out.push({ kind: 'detail', text: 'Condition: a court order limits this recording to viewing; no copy will be provided.' });
  if (d.availableFrom)
    out.push({ kind: 'detail', text: `Condition: available from ${when(d.availableFrom, false)}, after notice to the persons depicted.` });
  for (const o of ordersCarried(d)) {
    if (o.applied && o.conditions) out.push({ kind: 'detail', text: `Condition of court order ${o.orderNumber}: ${o.conditions}` });
  }
  if (d.respondWithinDays !== null)
    out.push({ kind: 'detail', text: `Condition: provided within ${d.respondWithinDays} days of the written request.` });
  for (const route of d.routes) out.push({ kind: 'detail', text: `Route to release: ${ROUTE_TEXT[route]}` });
  if (d.outcome === 'withhold' && d.reviewAt)
    out.push({ kind: 'detail', text: `This recording may become open on its own on ${when(d.reviewAt, false)}; you may ask again then.` });
  // The facts' names are the engine's (`cases.KC-1.disposition`), for staff and the review queue; the requester
  // reads what remains in words (questions.yaml publicText, counsel session 8, L3), or how many without them.
  if (d.missingFacts.length)
    out.push({
      kind: 'detail',
      text:
        questions === null
          ? `${d.missingFacts.length === 1 ? 'One fact this answer depends on is' : `${d.missingFacts.length} facts this answer depends on are`} still being established.`
          : `Still being established: ${publicPhrases(questions, d.missingFacts)}.`,
    });
  return out;
}

/** The fee schedule's own "rates to confirm" note is for staff (the estimate's `notes` in the API), not for the requester. */
const STAFF_ONLY_NOTE = /^Rates are /;

function feeBlocks(fees: FeeEstimate): Block[] {
  const out: Block[] = [{ kind: 'heading', text: 'Fee estimate (RSMo 610.026)' }];
  if (fees.lines.length === 0) out.push({ kind: 'para', text: 'No fee: nothing is to be copied.' });
  for (const l of fees.lines)
    out.push({ kind: 'item', text: `${l.description}: ${l.quantity} ${l.unit}(s), ${formatCents(l.amount)} (${l.citation})` });
  out.push({ kind: 'para', text: `Estimated total: ${formatCents(fees.total)} ${fees.currency}.` });
  for (const n of fees.notes) if (!STAFF_ONLY_NOTE.test(n)) out.push({ kind: 'detail', text: n });
  return out;
}

/** Where the records unit is, as one line: address, phone and email. */
function contactLine(c: CustodianOfRecords): string {
  return [c.address, `telephone ${c.phone}`, c.email ? `email ${c.email}` : null].filter(Boolean).join('; ');
}

/** How to pay, how the copies come (or how a view-only recording is viewed), whom to ask, and the custodian's signature. */
function closingBlocks(c: CustodianOfRecords, number: string, opts: { fee: boolean; copies: boolean; viewing: boolean }): Block[] {
  const out: Block[] = [];
  if (opts.fee || opts.copies || opts.viewing) {
    out.push({ kind: 'heading', text: opts.fee ? 'Payment and delivery' : 'Delivery' });
    if (opts.fee) out.push({ kind: 'para', text: c.payment.replaceAll('{number}', number) });
    if (opts.copies) out.push({ kind: 'para', text: c.delivery.replaceAll('{number}', number) });
    if (opts.viewing) out.push({ kind: 'para', text: c.viewing.replaceAll('{number}', number) });
  }
  out.push(
    { kind: 'heading', text: 'Questions about this response' },
    {
      kind: 'para',
      text: `Contact the ${c.title}, ${c.office}: ${contactLine(c)}. Please quote request number ${number}.`,
    },
    { kind: 'para', text: '' },
    { kind: 'para', text: 'Sincerely,' },
  );
  if (c.name) out.push({ kind: 'signature', text: c.name });
  out.push({ kind: 'signature', text: c.title }, { kind: 'signature', text: c.office });
  return out;
}

/** The requester's own words, in one pair of quotation marks (they often arrive already quoted). */
function quoted(text: string): string {
  return `“${text.trim().replace(/^["“”']+|["“”']+$/g, '')}”`;
}

/**
 * The rule that set the due date, its citation and any other reading that moved it. A request
 * stored before 2026-12 has no `lateReceiptApplied`: its date was computed under the former
 * department reading (a weekend, holiday or after-hours receipt counted from the next business
 * day; a Saturday holiday observed on the Friday), which nobody opted into, and is said so.
 */
function dueRuleText(r: StoredRequest): string {
  const main = r.due.reasons.find((x) => x.ruleId === 'SUNSHINE-DUE');
  const base = `rule SUNSHINE-DUE, ${main?.citation ?? 'RSMo 610.023.3'}: end of the third business day following the date received`;
  const late = r.due.reasons.find((x) => x.ruleId === 'SUNSHINE-LATE-RECEIPT');
  if (r.due.lateReceiptApplied === undefined) {
    const how = late ? `, which counted it from the next business day (rule ${late.ruleId}, ${late.citation})` : '';
    return `${base}; computed before 2026-12 under the former department reading${how}`;
  }
  const parts = [base];
  if (late && r.due.lateReceiptApplied)
    parts.push(`counted under the department's opt-in late-receipt policy, rule ${late.ruleId}, ${late.citation}`);
  const saturday = r.due.reasons.find((x) => x.ruleId === 'SUNSHINE-SATURDAY-OBSERVANCE');
  if (saturday) parts.push(`counted under the opt-in Saturday-holiday observance, rule ${saturday.ruleId}, ${saturday.citation}`);
  return parts.join('; ');
}

/** What the letter needs from rules/missouri/sunshine.yaml: the fee schedule and the custodian of records. */
export interface LetterSchedule {
  fees: FeeSchedule;
  custodian: CustodianOfRecords;
}

export function buildLetter(
  r: StoredRequest,
  recordings: ReadonlyMap<string, LetterRecording>,
  schedule: LetterSchedule,
  now: Date,
  /** questions.yaml compiled: what remains to be established, in the requester's words; null: a count. */
  questions: Questions | null = null,
): RequestLetter {
  const kind = kindOf(r);
  const date = letterDate(r, now);
  const number = r.number ?? r._id;
  const custodian = schedule.custodian;
  const blocks: Block[] = [
    { kind: 'title', text: custodian.office },
    { kind: 'para', text: contactLine(custodian) },
    { kind: 'para', text: '' },
    { kind: 'para', text: `Missouri Sunshine Law request ${number}` },
    { kind: 'para', text: `Date: ${when(date)}` },
    { kind: 'para', text: `To: ${r.requester.name}${r.requester.contact ? ` (${r.requester.contact})` : ''}` },
    { kind: 'para', text: `Request received: ${when(r.receivedAt)}. Response due by: ${when(r.dueBy)} (${dueRuleText(r)}).` },
  ];
  const scope = [
    r.scope.recordingIds.length ? `recordings ${r.scope.recordingIds.join(', ')}` : null,
    r.scope.caseNumber ? `case ${r.scope.caseNumber}` : null,
    r.scope.description ? quoted(r.scope.description) : null,
  ].filter(Boolean);
  blocks.push({ kind: 'para', text: `You asked for: ${scope.join('; ')}.` });
  blocks.push({
    kind: 'para',
    text: 'This letter answers your request for public records under the Missouri Sunshine Law (RSMo Chapter 610).',
  });

  if (kind === 'withdrawal') {
    blocks.push({ kind: 'heading', text: 'Request withdrawn' });
    blocks.push({
      kind: 'para',
      text: `Your request was withdrawn on ${when(r.withdrawnAt)}. No further response will be made; you may make a new request at any time.`,
    });
    blocks.push(...closingBlocks(custodian, number, { fee: false, copies: false, viewing: false }));
    return { requestId: r._id, number, kind, date: date.toISOString(), entries: [], fees: null, blocks };
  }
  if (kind === 'draft') {
    blocks.push({ kind: 'heading', text: 'DRAFT: not yet sent' });
    blocks.push({
      kind: 'para',
      text: `These are the determinations as of ${when(r.decidedAt)}. Every recording is decided again when the response is given.`,
    });
  }
  if (kind === 'delay' && r.delay) {
    blocks.push({
      kind: 'heading',
      text: r.delay.replaces ? 'Notice of further delay (RSMo 610.023.3)' : 'Notice of delay (RSMo 610.023.3)',
    });
    if (r.delay.replaces) {
      blocks.push({
        kind: 'para',
        text: `The records were stated to be available from ${when(r.delay.replaces)}; they cannot be made available then. Cause of the further delay: ${r.delay.cause}`,
      });
    } else {
      blocks.push({
        kind: 'para',
        text: `The records cannot be made available by the end of the third business day after your request was received. Cause: ${r.delay.cause}`,
      });
    }
    blocks.push({ kind: 'para', text: `The earliest date and time the records will be available: ${when(r.delay.availableAt)}.` });
    blocks.push({ kind: 'para', text: `Place where they will be available: ${r.delay.place ?? custodian.address}.` });
    blocks.push({
      kind: 'para',
      text: 'The determinations below are preliminary; each recording is decided again when the response is given.',
    });
  }
  if (kind === 'response') blocks.push({ kind: 'heading', text: `Determination: ${OUTCOME_TEXT[r.outcome ?? ''] ?? r.outcome ?? '?'}` });
  const responses = r.responses ?? [];
  const earlier = responses.filter((x) => x.kind !== 'final');
  if (kind === 'response' && earlier.length) {
    blocks.push({
      kind: 'para',
      text: `This final response completes the ${earlier.map((x) => `${x.kind} response of ${when(x.at)}`).join(', ')}; the recordings answered then are listed again below as they were answered.`,
    });
  }
  if (kind === 'partial' && r.delay) {
    const last = responses.at(-1);
    blocks.push({
      kind: 'heading',
      text: `${last?.kind === 'supplemental' ? 'Supplemental' : 'Partial'} response (RSMo 610.023.3, 610.024)`,
    });
    blocks.push({
      kind: 'para',
      text: 'The recordings decided so far are answered below. The others cannot be made available yet; your request stays open for them and they will be answered in a further response.',
    });
    if (r.delay.replaces) {
      blocks.push({
        kind: 'para',
        text: `Further delay (RSMo 610.023.3): the recordings not yet answered were stated to be available from ${when(r.delay.replaces)}; they cannot be made available then.`,
      });
    }
    blocks.push({
      kind: 'para',
      text: `Cause of the ${r.delay.replaces ? 'further ' : ''}delay for the recordings not yet answered (${(last?.pendingRecordingIds ?? []).join(', ')}): ${r.delay.cause}`,
    });
    blocks.push({ kind: 'para', text: `The earliest date and time they will be available: ${when(r.delay.availableAt)}.` });
    blocks.push({ kind: 'para', text: `Place where they will be available: ${r.delay.place ?? custodian.address}.` });
  }
  const answeredAt = answeredIn(r);

  const released = r.decisions.filter((d) => d.outcome === 'release');
  // A withhold resting only on a clerk's unconfirmed case link is not a denial yet (counsel session 8, M1): no provision is cited for it.
  const withheld = r.decisions.filter((d) => d.outcome === 'withhold' && !awaitsLinkConfirmation(d));
  const pending = r.decisions.filter((d) => d.outcome === 'needs_legal_review' || awaitsLinkConfirmation(d));
  if (r.decisions.length === 0 && kind === 'response' && r.outcome === 'no_responsive_records') {
    blocks.push({
      kind: 'para',
      text: 'The department searched its records for what you asked for and holds no records responsive to your request. Nothing is withheld, and no fee is charged.',
    });
  } else if (r.decisions.length === 0) {
    blocks.push({ kind: 'para', text: 'No recording has yet been identified as responsive to this request.' });
  }
  const withAnswer = (d: LoggedDecision): Block[] => {
    const a = answeredAt.get(d.recordingId);
    return [
      ...decisionBlocks(d, recordings.get(d.recordingId), questions),
      ...(a && a.kind !== 'final' ? [{ kind: 'detail' as const, text: `Answered in the ${a.kind} response of ${when(a.at)}.` }] : []),
    ];
  };
  if (released.length) {
    blocks.push({ kind: 'heading', text: 'Recordings released' });
    for (const d of released) blocks.push(...withAnswer(d));
  }
  if (withheld.length) {
    blocks.push({ kind: 'heading', text: 'Recordings withheld (RSMo 610.023.4: the specific provision is cited for each)' });
    for (const d of withheld) blocks.push(...withAnswer(d));
  }
  if (pending.length) {
    blocks.push({
      kind: 'heading',
      text: kind === 'partial' ? 'Recordings not yet answered (delayed, RSMo 610.023.3)' : 'Recordings pending legal review',
    });
    for (const d of pending) blocks.push(...decisionBlocks(d, recordings.get(d.recordingId), questions));
  }
  // A recording the requester named but that does not answer the request is said so, with the
  // reason; recordings that only came with a case and were found not responsive are not listed.
  const named = new Set(r.scope.recordingIds);
  const namedNotResponsive = (r.notResponsive ?? []).filter((x) => named.has(x.recordingId));
  if (namedNotResponsive.length) {
    blocks.push({ kind: 'heading', text: 'Recordings you named that are not responsive to your request' });
    for (const x of namedNotResponsive)
      blocks.push({ kind: 'item', text: `${describeRecording(x.recordingId, recordings.get(x.recordingId))}: ${x.reason}` });
  }
  if (released.some((d) => d.redactions.length > 0)) {
    blocks.push({
      kind: 'para',
      text: 'Where a recording holds both closed and open material, the closed material is redacted as listed and the rest is released (RSMo 610.024).',
    });
  }

  // A view-only release makes no copy: it is passed as such so no copy time or media is billed for it (A20).
  const fees = estimateFees(schedule.fees, {
    recordings: released.map((d) => ({ durationSeconds: recordings.get(d.recordingId)?.durationSeconds ?? 0, viewOnly: d.viewOnly })),
    mediaItems: released.length ? (r.mediaItems ?? 0) : 0,
    reviewMinutes: r.reviewMinutes ?? 0,
  });
  blocks.push(...feeBlocks(fees));
  // A draft is for staff: it is not sent, so it carries no payment instructions or signature.
  if (kind !== 'draft')
    blocks.push(
      ...closingBlocks(custodian, number, {
        fee: fees.total > 0,
        copies: released.some((d) => !d.viewOnly),
        viewing: released.some((d) => d.viewOnly),
      }),
    );

  const entries: LetterEntry[] = r.decisions.map((d) => ({
    recordingId: d.recordingId,
    disposition:
      d.outcome === 'release' ? 'released' : d.outcome === 'withhold' && !awaitsLinkConfirmation(d) ? 'withheld' : 'pending_review',
    citations: awaitsLinkConfirmation(d) ? [] : citationsOf(d),
    decisionId: d.decisionId,
  }));
  return { requestId: r._id, number, kind, date: date.toISOString(), entries, fees, blocks };
}
