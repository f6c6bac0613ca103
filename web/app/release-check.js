// @ts-check
/**
 * Clerk: release check. Find recordings (id, case, officer, dates), choose who is asking,
 * and read the decision in plain language: outcome, reasons with citations, redactions,
 * view-only or notice conditions, the response time, other routes to the footage, when the
 * answer may change, and the facts still missing. Print it or save it as JSON.
 */
import { ApiError, call, clearFieldErrors, handler, problemBlock, showFormErrors } from './api.js';
import { formProblem, refuseField } from './holds.js';
import { determinationsPanel } from './determinations.js';
import { canAnswerReviewFacts, reviewFactsPanel } from './review-facts.js';
import { canConfirmNoInvestigation, noInvestigationPanel } from './no-investigation.js';
import { canConfirmReviewFacts, reviewConfirmPanel } from './review-confirm.js';
import { canCorrectReviewFacts, reviewCorrectPanel } from './review-correct.js';
import { canRecordOrderCourt, orderCourtPanel } from './order-court.js';
import { announce, field, h, replace, saveBlob, setTitle, table, val } from './dom.js';
import { claimFieldset, claimOf } from './claim.js';
import { answerCell, flagsView, forWhom, orderLines, questionsSection } from './answer.js';
import {
  CATEGORIES,
  OUTCOMES,
  REDACTIONS,
  REQUESTER_KINDS,
  ROUTES,
  centralToIso,
  dateTime,
  label,
  longDate,
  options,
  plural,
} from './format.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {Schemas['Recording']} Recording
 * @typedef {Schemas['Decision']} Decision
 */

/** @param {Recording} r */
function recordingSummary(r) {
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Title'),
    h('dd', {}, r.title ?? '—'),
    h('dt', {}, 'Recorded'),
    h('dd', {}, `${dateTime(r.recordedAt)} (${Math.round((r.durationSeconds ?? 0) / 60)} min)`),
    h('dt', {}, 'Officer'),
    h('dd', {}, `${r.officerId} · ${r.unit ?? ''}`),
    h('dt', {}, 'Camera'),
    h('dd', {}, r.cameraSerial),
    h('dt', {}, 'Category'),
    h('dd', {}, label(CATEGORIES, r.category)),
    h('dt', {}, 'Cases'),
    h('dd', {}, r.caseNumbers?.length ? r.caseNumbers.join(', ') : 'none'),
    h('dt', {}, 'Place'),
    h('dd', {}, `${r.location?.address ?? '—'}${r.location?.nonpublic ? ' (a private place)' : ''}`),
    // Until someone has reviewed it, its redaction flags are unknown and a public release waits for review.
    h('dt', {}, 'Reviewed for redactions'),
    h('dd', {}, r.redactionReview ? `by ${r.redactionReview.reviewedBy}, ${dateTime(r.redactionReview.reviewedAt)}` : 'not yet'),
    h('dt', {}, 'Content flags'),
    h('dd', {}, flagsView(r)),
  );
}

/**
 * The decision in plain language.
 * @param {Decision} d
 */
export function decisionView(d) {
  const o = OUTCOMES[d.outcome] ?? { label: d.outcome, tone: 'warn', lead: '' };
  const conditions = [];
  if (d.viewOnly)
    conditions.push(
      h('li', {}, h('strong', {}, 'View only. '), 'The requester may watch the recording at the department but is not given a copy.'),
    );
  if (d.availableFrom)
    conditions.push(
      h(
        'li',
        {},
        h('strong', {}, `Not before ${dateTime(d.availableFrom)}. `),
        'A notice period runs first; the recording may be released from then on.',
      ),
    );
  // A court order's own conditions travel with the answer (usability test, problem 1).
  for (const line of orderLines(d)) conditions.push(h('li', { class: 'order-line' }, line));
  if (typeof d.respondWithinDays === 'number')
    conditions.push(
      h(
        'li',
        {},
        h('strong', {}, `Respond within ${plural(d.respondWithinDays, 'day')}. `),
        'The time the law allows for this kind of request.',
      ),
    );
  return h(
    'div',
    { class: 'decision' },
    h(
      'div',
      { class: `outcome outcome-${o.tone}` },
      // Whose answer this is, so it never reads as contradicting the public answer beside it (problem 9).
      h('p', { class: 'outcome-for' }, `Answer for: ${forWhom(d.requester)}`),
      h('p', { class: 'outcome-label' }, o.label),
      h('p', {}, o.lead),
    ),
    conditions.length ? h('section', {}, h('h3', {}, 'Conditions'), h('ul', { class: 'conditions' }, conditions)) : null,
    // Counsel session 8, M1: a denial resting only on a clerk's unconfirmed link waits for the prosecutor.
    d.unconfirmedLinks.length
      ? h(
          'p',
          { class: 'staff-note', role: 'note' },
          h('strong', {}, 'Before a denial: '),
          `this closure rests only on a case link a clerk entered and nobody has confirmed (${d.unconfirmedLinks.join(', ')}). A response cannot cite it until the prosecutor confirms the link or has it removed; delay the request meanwhile.`,
        )
      : null,
    h(
      'section',
      {},
      h('h3', {}, 'Why'),
      d.reasons.length
        ? h(
            'ol',
            { class: 'reasons' },
            d.reasons.map((r) =>
              h(
                'li',
                {},
                h('p', {}, r.text),
                // Whose word a fact rests on, and what to do before relying on it: for staff, never in the letter.
                r.staffNote ? h('p', { class: 'staff-note' }, h('strong', {}, 'For staff (not in the letter): '), r.staffNote) : null,
                h('p', { class: 'citation' }, h('cite', {}, r.citation), h('span', { class: 'muted' }, ` · rule ${r.ruleId}`)),
              ),
            ),
          )
        : h('p', {}, 'No rule restricts this recording: it is an open record.'),
    ),
    d.redactions.length
      ? h(
          'section',
          {},
          h('h3', {}, 'Redact before release'),
          h(
            'ul',
            { class: 'redactions' },
            d.redactions.map((r) => h('li', {}, h('strong', {}, label(REDACTIONS, r.kind)), ` — ${r.text} `, h('cite', {}, r.citation))),
          ),
        )
      : null,
    d.routes.length
      ? h(
          'section',
          {},
          h('h3', {}, 'Other ways to obtain it'),
          h(
            'ul',
            {},
            d.routes.map((r) => h('li', {}, label(ROUTES, r))),
          ),
        )
      : null,
    d.reviewAt
      ? h(
          'p',
          { class: 'notice' },
          h('strong', {}, `May change on ${longDate(d.reviewAt)}. `),
          'A time limit or notice period in this decision ends then; check again on or after that date.',
        )
      : null,
    questionsSection(d),
    h(
      'p',
      { class: 'meta small muted' },
      `Decided ${dateTime(d.asOf)} for: ${label(REQUESTER_KINDS, d.requester)}. Decision ${d.decisionId} · rules ${d.rulesVersion}.`,
    ),
  );
}

/** "on 1 March 2026, as known at 2 March 2026 9:00 AM" for a point-in-time decision. @param {Pick<Decision, 'asOf' | 'knownAt'>} d */
function pointInTimeText(d) {
  return `on ${dateTime(d.asOf)}, as known at ${dateTime(d.knownAt)}`;
}

/**
 * How a point-in-time answer differs from today's: outcome, rules fired, the date it may be
 * released from, redactions and the date it may change. Rows that differ are marked in words.
 * @param {Decision} then @param {Decision} now
 */
export function comparisonView(then, now) {
  const ruleIds = (/** @type {Decision} */ d) => [...new Set(d.reasons.map((r) => r.ruleId))].sort();
  const redactionKinds = (/** @type {Decision} */ d) => [...new Set(d.redactions.map((r) => r.kind))].sort();
  const list = (/** @type {string[]} */ xs, /** @type {(x: string) => string} */ f = (x) => x) =>
    xs.length ? xs.map(f).join(', ') : 'none';
  const diff = (/** @type {string[]} */ a, /** @type {string[]} */ b) => a.filter((x) => !b.includes(x));
  const outcome = (/** @type {Decision} */ d) => OUTCOMES[d.outcome]?.label ?? d.outcome;
  const thenRules = ruleIds(then);
  const nowRules = ruleIds(now);
  const rulesChange = [
    diff(nowRules, thenRules).length ? `since then: ${diff(nowRules, thenRules).join(', ')}` : '',
    diff(thenRules, nowRules).length ? `no longer: ${diff(thenRules, nowRules).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const rows = [
    { what: 'Answer', then: outcome(then), now: outcome(now), changed: then.outcome !== now.outcome },
    { what: 'Rules fired', then: list(thenRules), now: list(nowRules), changed: rulesChange !== '', note: rulesChange },
    {
      what: 'Available from',
      then: then.availableFrom ? dateTime(then.availableFrom) : 'no notice period',
      now: now.availableFrom ? dateTime(now.availableFrom) : 'no notice period',
      changed: then.availableFrom !== now.availableFrom,
    },
    {
      what: 'Redact before release',
      then: list(redactionKinds(then), (k) => label(REDACTIONS, k)),
      now: list(redactionKinds(now), (k) => label(REDACTIONS, k)),
      changed: redactionKinds(then).join() !== redactionKinds(now).join(),
    },
    { what: 'View only', then: then.viewOnly ? 'yes' : 'no', now: now.viewOnly ? 'yes' : 'no', changed: then.viewOnly !== now.viewOnly },
    {
      what: 'May change on',
      then: then.reviewAt ? longDate(then.reviewAt) : '—',
      now: now.reviewAt ? longDate(now.reviewAt) : '—',
      changed: then.reviewAt !== now.reviewAt,
    },
  ];
  const changed = rows.filter((r) => r.changed && r.what !== 'May change on');
  return h(
    'section',
    { class: `card comparison ${changed.length ? 'differs' : 'same'}`, 'data-testid': 'pit-diff', 'aria-labelledby': 'pit-diff-h' },
    h(
      'h3',
      { id: 'pit-diff-h' },
      changed.length ? `Differs from today's answer: ${changed.map((r) => r.what.toLowerCase()).join(', ')}` : 'Same answer as today',
    ),
    table({
      caption: `The answer ${pointInTimeText(then)}, and today's`,
      rows,
      rowClass: (r) => (r.changed ? 'row-changed' : ''),
      cols: [
        ['What', (r) => r.what],
        ['Then', (r) => r.then],
        ['Today', (r) => r.now],
        ['Changed', (r) => (r.changed ? h('strong', { class: 'changed' }, r.note ? `Yes (${r.note})` : 'Yes') : 'No')],
      ],
    }),
  );
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export function render(main, ctx) {
  setTitle('Release check');
  const results = h('div', { class: 'results' });
  const decisionBox = h('section', { class: 'decision-box', 'aria-live': 'polite', 'aria-label': 'Decision' });
  const requesterField = field({
    label: 'Who is asking?',
    name: 'requester',
    options: options(REQUESTER_KINDS),
    value: ctx.query.get('requester') ?? 'public',
    hint: 'People shown in a recording, and their families, may obtain more than the public.',
  });
  const requester = /** @type {HTMLSelectElement} */ (requesterField.querySelector('select'));
  // The requester's kind and what they have shown decide together (a guardian of a minor shown, a written request…).
  const who = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card requester', novalidate: true, 'aria-label': 'Requester' },
      requesterField,
      h(
        'details',
        {},
        h('summary', {}, 'What the requester has shown (persons involved, victims, next of kin)'),
        claimFieldset('body.claim'),
      ),
      h(
        'details',
        { class: 'point-in-time', open: !!(ctx.query.get('asOf') || ctx.query.get('knownAt')) },
        h('summary', {}, 'Point in time: the answer on another date, as known then'),
        h('p', { class: 'hint' }, "Leave both empty for the answer now. The answer is then shown beside today's, with what differs."),
        h(
          'div',
          { class: 'grid' },
          field({
            label: 'Answer as on (Central time)',
            name: 'asOf',
            type: 'datetime-local',
            path: 'query.asOf',
            value: ctx.query.get('asOf') ?? '',
            hint: 'The date the law is applied on: time limits and notice periods are counted to then.',
            attrs: { step: 1 },
          }),
          field({
            label: 'As known at (Central time)',
            name: 'knownAt',
            type: 'datetime-local',
            path: 'query.knownAt',
            value: ctx.query.get('knownAt') ?? '',
            hint: 'What the records said then: case events, orders and corrections recorded later are left out. Empty: as known now.',
            attrs: { step: 1 },
          }),
        ),
      ),
      h('div', { class: 'form-problem' }),
    )
  );

  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, 'aria-labelledby': 'find-h' },
      h('h2', { id: 'find-h' }, 'Find recordings'),
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Recording id',
          name: 'recordingId',
          path: 'params.recordingId',
          value: ctx.params[0] ?? '',
          attrs: { placeholder: 'BWC-000000021', autocomplete: 'off' },
        }),
        field({
          label: 'Case number',
          name: 'caseNumber',
          path: 'query.caseNumber',
          value: ctx.query.get('case') ?? '',
          attrs: { placeholder: 'KC23-000001', autocomplete: 'off' },
        }),
        field({ label: 'Officer id', name: 'officerId', path: 'query.officerId', attrs: { placeholder: 'O-10025', autocomplete: 'off' } }),
        field({ label: 'Recorded from', name: 'from', type: 'date', path: 'query.recordedFrom' }),
        field({ label: 'Recorded to', name: 'to', type: 'date', path: 'query.recordedTo' }),
      ),
      h('div', { class: 'form-problem' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Search'),
        h('button', { type: 'reset', class: 'secondary' }, 'Clear'),
      ),
    )
  );

  // Each change of the requester re-checks; answers can come back out of order, so only the
  // newest check may paint the decision (an older answer would show facts the form no longer has).
  let latestCheck = 0;
  /** The recording being checked: a change of requester re-checks it, even while an answer is on its way. @type {Recording | null} */
  let current = null;
  /** @param {Recording} rec */
  async function check(rec) {
    current = rec;
    const mine = ++latestCheck;
    replace(decisionBox, h('p', { class: 'loading' }, 'Deciding…'));
    try {
      const when = pointInTime();
      if (!when) return;
      const claimed = claimOf(who);
      // One of the select's options, the service's requester kinds (the vocabulary REQUESTER_KINDS is filled from).
      const kind = /** @type {Schemas['RequesterKind']} */ (requester.value);
      /** @param {{ asOf?: string, knownAt?: string }} at */
      const decide = async (at) =>
        claimed.claim
          ? (
              await call('POST /api/v1/eligibility', {
                body: { recordingIds: [rec.recordingId], requester: kind, ...claimed, ...at },
              })
            ).decisions[0]
          : await call('GET /api/v1/recordings/{recordingId}/eligibility', {
              params: { recordingId: rec.recordingId },
              query: { requester: kind, ...at },
            });
      // A point in time is shown beside today's answer, so both are asked at once.
      const [d, today] = await Promise.all([decide(when), when.asOf || when.knownAt ? decide({}) : Promise.resolve(null)]);
      if (mine !== latestCheck) return;
      const heading = h(
        'h2',
        { tabindex: -1 },
        today ? `Decision for ${rec.recordingId} ${pointInTimeText(d)}` : `Decision for ${rec.recordingId}`,
      );
      replace(
        decisionBox,
        heading,
        today ? comparisonView(d, today) : null,
        h(
          'div',
          { class: 'decision-layout' },
          decisionView(d),
          h('aside', { class: 'card recording', 'aria-label': 'Recording' }, h('h3', {}, 'Recording'), recordingSummary(rec)),
        ),
        h(
          'div',
          { class: 'actions no-print' },
          h('button', { type: 'button', onclick: () => window.print() }, 'Print'),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () =>
                saveBlob(
                  new Blob([`${JSON.stringify({ decision: d, recording: rec }, null, 2)}\n`], { type: 'application/json' }),
                  `decision-${d.recordingId}-${d.requester}.json`,
                ),
            },
            'Save as JSON',
          ),
        ),
      );
      announce(`${OUTCOMES[d.outcome]?.label ?? d.outcome} for ${rec.recordingId}.`);
      heading.focus();
    } catch (err) {
      if (mine !== latestCheck) return;
      // A refusal of the point in time (e.g. a knownAt in the future) is said next to its field.
      if (err instanceof ApiError && (err.problem?.errors ?? []).some((e) => /^(query|body)\.(asOf|knownAt)/.test(e.path))) {
        replace(decisionBox);
        formProblem(
          who,
          new ApiError(err.status, {
            ...err.problem,
            errors: (err.problem.errors ?? []).map((e) => ({ ...e, path: e.path.replace(/^body\./, 'query.') })),
          }),
          'The check',
          'did not run',
        );
      } else {
        replace(decisionBox, problemBlock(err));
      }
    }
  }

  /**
   * The point in time asked for, as the API takes it ({} for now), or null after marking a field
   * the service would refuse (a "known at" later than now: nothing is known yet).
   * @returns {{ asOf?: string, knownAt?: string } | null}
   */
  function pointInTime() {
    clearFieldErrors(who);
    replace(/** @type {HTMLElement} */ (who.querySelector('.form-problem')));
    const asOf = centralToIso(val(who, 'asOf'));
    const knownAt = centralToIso(val(who, 'knownAt'));
    if (knownAt && Date.parse(knownAt) > Date.now()) {
      replace(decisionBox);
      refuseField(
        who,
        'knownAt',
        'Must not be later than now: nothing is known yet about the future.',
        'As known at (Central time): Must not be later than now.',
        'The check did not run. Check:',
      );
      return null;
    }
    return { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) };
  }

  /** @param {Recording[]} items @param {string | null} nextCursor @param {(c: string) => Promise<void>} more @param {boolean} appendRows */
  function showResults(items, nextCursor, more, appendRows = false) {
    const rows = appendRows ? [...shown, ...items] : items;
    shown = rows;
    replace(
      results,
      h('h2', {}, 'Recordings', h('span', { class: 'count' }, ` (${rows.length}${nextCursor ? '+' : ''})`)),
      table({
        caption: 'Matching recordings; choose one to check',
        rows,
        empty: 'No recordings match. Check the id or widen the dates.',
        cols: [
          ['Recording', (r) => r.recordingId],
          ['Recorded', (r) => dateTime(r.recordedAt)],
          ['Officer', (r) => `${r.officerId}`],
          ['Category', (r) => label(CATEGORIES, r.category)],
          ['Cases', (r) => r.caseNumbers.join(', ') || '—'],
          ['Answer for the public now', (r) => (r.release ? answerCell(r.release) : '—')],
          [
            '',
            (r) =>
              h(
                'button',
                { type: 'button', class: 'small-button', 'aria-label': `Check ${r.recordingId}`, onclick: () => void check(r) },
                'Check',
              ),
          ],
        ],
      }),
      nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => void more(nextCursor) }, 'Show more'),
          )
        : null,
    );
    if (rows.length === 1 && !appendRows) void check(rows[0]);
  }
  /** @type {Recording[]} */
  let shown = [];

  form.addEventListener('reset', () => {
    clearFieldErrors(form);
    replace(results);
    replace(decisionBox);
    current = null;
  });
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const id = val(form, 'recordingId');
      const caseNumber = val(form, 'caseNumber');
      const officerId = val(form, 'officerId');
      const from = val(form, 'from');
      const to = val(form, 'to');
      replace(decisionBox);
      current = null;
      if (!id && !caseNumber && !officerId && !from && !to) {
        showFormErrors(
          form,
          new ApiError(400, {
            title: 'Nothing to search for',
            detail: 'Enter a recording id, a case number, an officer id or dates.',
            errors: [],
          }),
        );
        return;
      }
      replace(results, h('p', { class: 'loading' }, 'Searching…'));
      try {
        if (id) {
          const rec = await call('GET /api/v1/recordings/{recordingId}', { params: { recordingId: id } });
          showResults([rec], null, () => Promise.resolve());
        } else {
          const params = {
            caseNumber,
            officerId,
            recordedFrom: from ? centralToIso(from) : '',
            recordedTo: to ? centralToIso(`${to}T23:59:59.999`) : '',
            limit: 50,
          };
          const page = await call('GET /api/v1/recordings', { query: params });
          /** @param {string} cursor */
          const more = async (cursor) => {
            try {
              const next = await call('GET /api/v1/recordings', { query: { ...params, cursor } });
              showResults(next.items, next.nextCursor, more, true);
            } catch (err) {
              showFormErrors(form, err);
            }
          };
          showResults(page.items, page.nextCursor, more);
        }
        announce(`${plural(shown.length, 'recording')} found.`);
      } catch (err) {
        replace(results);
        showFormErrors(form, err);
      }
    }),
  );

  replace(
    main,
    h('h1', {}, 'Release check'),
    h('p', { class: 'lead no-print' }, 'May this recording be released to this requester today? Find it, choose who is asking, and check.'),
    h('div', { class: 'no-print' }, form, who, results),
    decisionBox,
  );
  who.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (current) void check(current);
  });
  // The recording is remembered, not read back from the decision box: while an answer is on its
  // way the box says "Deciding…", and a change made then was lost (the answer kept the old claim).
  who.addEventListener('change', () => {
    if (current) void check(current);
  });
  // Counsel's determinations for this recording, below its answer (the review queue links counsel here too).
  if (ctx.params[0]) main.append(determinationsPanel({ recordingId: ctx.params[0] }, ctx.role));
  // Which court made an order covering it, when the question about that order links here (&order=).
  const order = ctx.query.get('order');
  if (ctx.params[0] && order && canRecordOrderCourt(ctx.role))
    main.append(
      orderCourtPanel(order, {
        saved: () => {
          if (current) void check(current);
        },
      }),
    );
  // The cards where staff answer the recording's questions, each shown to the roles the service lets answer
  // it; a question's link (&form=<name>) opens its card, and saving one decides the recording again.
  const recordingId = ctx.params[0];
  if (recordingId) {
    const saved = () => {
      if (current) void check(current);
    };
    /** @type {Array<[(role: string) => boolean, string, (id: string, opts: { focus: boolean, saved: () => void }) => HTMLElement]>} */
    const cards = [
      // The clerk's answers to its review questions (category, case links, the place).
      [canAnswerReviewFacts, 'review-facts', reviewFactsPanel],
      // The prosecutor's confirmation of a clerk's case link or category, which opens nothing until then.
      [canConfirmReviewFacts, 'confirm-link', reviewConfirmPanel],
      // A prosecutor's or an administrator's correction of a clerk's wrong answer about the place.
      [canCorrectReviewFacts, 'correct-place', reviewCorrectPanel],
      // The prosecutor's own confirmation that no investigation concerns a recording linked to no case.
      [canConfirmNoInvestigation, 'no-investigation', noInvestigationPanel],
    ];
    for (const [may, name, panel] of cards)
      if (may(ctx.role)) main.append(panel(recordingId, { focus: ctx.query.get('form') === name, saved }));
  }
  if (ctx.params[0] || ctx.query.get('case')) form.requestSubmit();
}
