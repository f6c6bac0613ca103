// @ts-check
/**
 * A recording's answer wherever it shows: the outcome, a court order's notice ("not before") and
 * the order's free-text conditions, and the recording's content flags in words. The usability test
 * found the notice and the conditions only on the single-recording decision, so a clerk working
 * from a list could release in breach of the order (problem 1), and the flags nowhere (problem 9).
 */
import { h } from './dom.js';
import { ANSWERED_BY, OUTCOMES, REQUESTER_KINDS, label, longDate } from './format.js';

/**
 * @typedef {import('./api.js').Schemas} Schemas
 * An answer as shown: a recording's stored public answer (Recording.release) or a decision.
 * @typedef {Pick<Schemas['Decision'], 'outcome' | 'availableFrom' | 'orders'>} ShownAnswer
 * A decision's questions: its missing facts and the question behind each.
 * @typedef {Pick<Schemas['Decision'], 'missingFacts' | 'questions'>} Questions
 * @typedef {Schemas['MissingFactQuestion']} MissingFactQuestion
 */

/** The content flags in words (the engine's FLAG_NAMES). */
export const FLAGS = {
  mutilatedDeceased: 'Shows a mutilated deceased person',
  juvenileSubject: 'A juvenile is the subject',
  depictsMinor: 'Shows a minor',
  protectedVictim: 'Identifies a protected victim',
  undercoverOfficer: 'Shows an undercover officer',
  confidentialSource: 'Identifies a confidential source',
  suspectNotInCustody: 'Suspect not in custody',
  dangerToPerson: 'Release would endanger a person',
  investigativeTechniques: 'Shows investigative techniques',
  jeopardizesInvestigation: 'Would jeopardize an investigation',
  audio911: 'Contains 911 call audio',
};

/**
 * The recording's flags in words: those set, or why none can be told yet.
 * @param {Pick<Schemas['Recording'], 'flags' | 'redactionReview'> | null | undefined} rec
 * @returns {HTMLElement}
 */
export function flagsView(rec) {
  const set = Object.entries(FLAGS)
    .filter(([k]) => rec?.flags?.[/** @type {keyof FLAGS} */ (k)])
    .map(([, t]) => t);
  if (!rec?.redactionReview) return h('p', { class: 'flags muted' }, 'Content flags unknown: not yet reviewed for redactions.');
  if (set.length === 0)
    return h('p', { class: 'flags muted' }, 'No content flags (minor, danger to a person, undercover officer, 911 audio…) set.');
  return h(
    'ul',
    { class: 'flags', 'aria-label': 'Content flags' },
    set.map((t) => h('li', {}, h('span', { class: 'badge badge-warn' }, t))),
  );
}

/** @param {ShownAnswer | null | undefined} rel @param {string} [who] the requester the answer is for */
export function outcomeBadge(rel, who) {
  if (!rel) return h('span', { class: 'muted' }, 'not decided');
  const o = OUTCOMES[rel.outcome];
  return h('span', { class: `badge badge-${o?.tone ?? 'warn'}` }, `${who ? `${who}: ` : ''}${o?.label ?? rel.outcome}`);
}

/** "Not before …" while a court order's notice runs, else null. @param {ShownAnswer | null | undefined} rel */
export function noticeText(rel) {
  return rel?.outcome === 'release' && rel.availableFrom && Date.parse(rel.availableFrom) > Date.now()
    ? `Not before ${longDate(rel.availableFrom)} (court order's notice)`
    : null;
}

/** The court orders an answer carries, one line each with its conditions. @param {ShownAnswer | null | undefined} rel */
export function orderLines(rel) {
  return (rel?.orders ?? []).map(
    (o) =>
      `Court order ${o.orderNumber}${o.applied ? '' : ' (covers it; the answer does not rest on it)'}: ${o.conditions ?? 'no conditions stated'}`,
  );
}

/**
 * The answer as a table cell: outcome, notice, the orders' conditions.
 * @param {ShownAnswer | null | undefined} rel
 */
export function answerCell(rel) {
  const notice = noticeText(rel);
  const orders = orderLines(rel);
  return h(
    'span',
    { class: 'answer' },
    outcomeBadge(rel),
    notice ? h('span', { class: 'notice-line' }, notice) : null,
    orders.map((t) => h('span', { class: 'order-line small' }, t)),
  );
}

/** What counts as a change of an answer: the outcome, the notice end and the orders' conditions. @param {ShownAnswer | null | undefined} rel */
export const answerKey = (rel) =>
  JSON.stringify(
    rel ? [rel.outcome, rel.availableFrom ?? null, (rel.orders ?? []).map((o) => [o.orderNumber, o.conditions, o.applied])] : null,
  );

/** The requester kind in words, for labelling whose answer a badge is. @param {string} kind */
export const forWhom = (kind) => label(REQUESTER_KINDS, kind);

/**
 * The missing facts of an answer as questions (questions.yaml): what to find out, who answers it
 * and a link to the form that records it, pre-filled. A fact the service sent no question for
 * (a decision logged before the table had it) is shown as its name.
 * @param {Questions | null | undefined} d
 * @param {(q: MissingFactQuestion) => string} [hrefOf] where a question's link goes (default: its form's link)
 * @returns {HTMLElement[]}
 */
export function questionItems(d, hrefOf = (q) => q.form.href) {
  const byFact = new Map((d?.questions ?? []).map((q) => [q.fact, q]));
  return (d?.missingFacts ?? []).map((fact) => {
    const q = byFact.get(fact);
    if (!q) return h('li', { class: 'question' }, 'Not recorded: ', h('code', { class: 'small' }, fact));
    return h(
      'li',
      { class: 'question', 'data-question': q.questionId },
      h('span', { class: 'question-text' }, q.text),
      ' ',
      h('span', { class: 'badge badge-info question-who' }, `Answered by: ${label(ANSWERED_BY, q.answeredBy)}`),
      ' ',
      h('a', { href: hrefOf(q), class: 'question-form' }, 'Open the form that answers it'),
      h('span', { class: 'small muted question-fact' }, ` (${q.fact})`),
    );
  });
}

/**
 * The questions as a section of a decision: heading, a sentence, the list.
 * @param {Questions | null | undefined} d
 */
export function questionsSection(d) {
  if (!d?.missingFacts?.length) return null;
  return h(
    'section',
    { class: 'missing questions' },
    h('h3', {}, 'Questions to answer before a firm answer'),
    h('p', {}, 'Each question names who answers it and links to the form where it is recorded:'),
    h('ul', {}, questionItems(d)),
  );
}

/**
 * Who must act on an answer's questions, in words ("the prosecutor, counsel"), or null when none.
 * @param {Pick<Questions, 'questions'> | null | undefined} d
 */
export function whoMustAct(d) {
  const who = [...new Set((d?.questions ?? []).map((q) => q.answeredBy))];
  return who.length ? who.map((w) => label(ANSWERED_BY, w)).join(', ') : null;
}
