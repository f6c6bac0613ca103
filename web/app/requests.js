// @ts-check
/**
 * Clerk: Sunshine requests. The queue (soonest due first, overdue and due-today marked in
 * words as well as colour), the intake form, and a request page with the answer for each
 * recording, the lifecycle actions the current status allows (review, delay with cause
 * and availability per RSMo 610.023.3, a further delay with a new cause, place and date when the
 * stated availability cannot be kept (flagged once it has passed), a partial or supplemental
 * response that answers what is decided and delays the rest, respond, withdraw) and the response letter.
 */
import { ApiError, call, clearFieldErrors, download, enc, handler, problemBlock, qs, raw, showError, showFormErrors } from './api.js';
import { announce, field, h, replace, saveBlob, setTitle, table, uid, val } from './dom.js';
import {
  CATEGORIES,
  REDACTIONS,
  REQUESTER_KINDS,
  REQUEST_OUTCOMES,
  REQUEST_STATUSES,
  RESPONSE_KINDS,
  centralDay,
  centralToIso,
  dateTime,
  label,
  longDate,
  options,
  plural,
} from './format.js';
import { decisionView } from './release-check.js';
import { FLAGS, orderLines, questionItems, whoMustAct } from './answer.js';
import { claimFieldset, claimOf, fillClaim } from './claim.js';
import { requestWaitBlock } from './review.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {Schemas['SunshineRequest']} Req
 */

const OPEN = ['received', 'in_review', 'delayed', 'partially_responded'];
const ALLOWED_FROM = {
  review: ['received'],
  delay: ['received', 'in_review'],
  'further-delay': ['delayed', 'partially_responded'],
  recordings: ['received', 'in_review', 'delayed', 'partially_responded'],
  'not-responsive': ['received', 'in_review', 'delayed', 'partially_responded'],
  'partial-response': ['in_review', 'delayed', 'partially_responded'],
  respond: ['in_review', 'delayed', 'partially_responded'],
  withdraw: ['received', 'in_review', 'delayed', 'partially_responded'],
  claim: ['received', 'in_review', 'delayed', 'partially_responded'],
};
const canAct = (/** @type {string} */ role) => role === 'clerk' || role === 'admin';

/** Each recording's answer for the requester (GET /api/v1/requests/:id/recordings), in the app's words. */
const ANSWERS = {
  released: { label: 'May be released', tone: 'ok' },
  released_with_redactions: { label: 'May be released with redactions', tone: 'ok' },
  withheld: { label: 'Withhold', tone: 'bad' },
  pending_legal_review: { label: 'Needs legal review', tone: 'warn' },
  not_decided: { label: 'Not decided yet', tone: 'info' },
  not_responsive: { label: 'Not responsive', tone: 'info' },
};
const PAGE = 50;

/**
 * What Respond will send, from the answers now (every recording is decided again when it is sent).
 * @param {Record<string, number>} t totals by answer
 * @returns {{ outcome: string, text: string, noResponsiveRecords: boolean }}
 */
export function respondPreview(t) {
  const responsive = t.released + t.released_with_redactions + t.withheld + t.pending_legal_review + t.not_decided;
  const notResponsive = t.not_responsive
    ? `; ${plural(t.not_responsive, 'recording')} marked not responsive ${t.not_responsive === 1 ? 'is' : 'are'} left out of the letter`
    : '';
  if (responsive === 0)
    return {
      outcome: 'No responsive records',
      text: `No recording is responsive to this request: the letter will say that the department holds no responsive records${notResponsive}.`,
      noResponsiveRecords: true,
    };
  const outcome = t.withheld === responsive ? 'Denied' : t.released === responsive ? 'Released' : 'Partly released';
  const parts = [
    t.released ? `${t.released} may be released` : null,
    t.released_with_redactions ? `${t.released_with_redactions} may be released with redactions` : null,
    t.withheld ? `${t.withheld} withheld` : null,
    t.pending_legal_review
      ? `${t.pending_legal_review} still need${t.pending_legal_review === 1 ? 's' : ''} legal review (the response will be refused until decided)`
      : null,
    t.not_decided ? `${t.not_decided} not decided yet (decided when sent)` : null,
  ].filter(Boolean);
  return { outcome, text: `${parts.join(', ')}${notResponsive}.`, noResponsiveRecords: false };
}

/** The number people say and quote (SR-2026-00123); a request stored before numbers existed shows its id until it is numbered. @param {Pick<Req, 'number' | 'requestId'>} r */
export const numberOf = (r) => String(r.number ?? r.requestId);

/** 'overdue' | 'today' | null, from the server's `overdue` flag and the Central calendar day. @param {Pick<Req, 'status' | 'overdue' | 'dueBy'>} r */
export function urgency(r) {
  if (!OPEN.includes(r.status)) return null;
  if (r.overdue) return 'overdue';
  if (r.dueBy && centralDay(new Date(r.dueBy)) === centralDay(new Date())) return 'today';
  return null;
}

/** @param {Req} r */
function dueCell(r) {
  const u = urgency(r);
  return [
    dateTime(r.dueBy),
    u === 'overdue'
      ? [' ', h('span', { class: 'badge badge-bad' }, 'Overdue')]
      : u === 'today'
        ? [' ', h('span', { class: 'badge badge-warn' }, 'Due today')]
        : null,
    r.availabilityPassed ? [' ', h('span', { class: 'badge badge-bad' }, 'Stated availability passed')] : null,
    r.reviewWait?.dueSoon
      ? [
          ' ',
          h(
            'span',
            { class: 'badge badge-warn', 'data-testid': 'review-due-soon' },
            `Due soon, ${plural(r.reviewWait.recordingIds.length, 'recording')} in review`,
          ),
        ]
      : null,
  ];
}

/** @param {Pick<Req, 'status'>} r */
const statusBadge = (r) =>
  h(
    'span',
    {
      class: `badge ${r.status === 'responded' ? 'badge-ok' : r.status === 'withdrawn' ? 'badge-info' : r.status === 'delayed' || r.status === 'partially_responded' ? 'badge-warn' : 'badge-info'}`,
    },
    label(REQUEST_STATUSES, r.status),
  );

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  if (ctx.params[0] === 'new') return renderNew(main, ctx);
  if (ctx.params[0]) return renderRequest(main, ctx, ctx.params[0]);
  return renderQueue(main, ctx);
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
async function renderQueue(main, ctx) {
  setTitle('Request queue');
  const filter = ctx.query.get('status') ?? 'open';
  const overdueOnly = ctx.query.get('overdue') === 'true';
  const list = h('div', {}, h('p', { class: 'loading' }, 'Loading the queue…'));
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card filters', 'aria-label': 'Filter the queue' },
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Show',
          name: 'status',
          value: filter,
          options: [['open', 'Open requests'], ...options(REQUEST_STATUSES), ['all', 'All requests']],
        }),
        h('div', { class: 'field' }, field({ label: 'Overdue only', name: 'overdue', type: 'checkbox' })),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Apply')),
    )
  );
  const box = /** @type {HTMLInputElement} */ (form.querySelector('input[name="overdue"]'));
  box.checked = overdueOnly;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/requests${qs({ status: val(form, 'status'), overdue: box.checked ? 'true' : '' })}`;
  });
  replace(
    main,
    h('h1', {}, 'Request queue'),
    h(
      'p',
      { class: 'lead' },
      'Sunshine Law requests, soonest due first. RSMo 610.023.3: act on each by the end of the third business day after it is received.',
    ),
    canAct(ctx.role) ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/requests/new' }, 'New request')) : null,
    findByNumberForm(),
    form,
    list,
  );
  try {
    const status = filter === 'open' || filter === 'all' ? '' : filter;
    /** @type {Req[]} */
    let items = [];
    /** @type {string | null} */
    let cursor = null;
    do {
      /** @type {import('./api.js').Answer<'GET /api/v1/requests'>} */
      const page = await call('GET /api/v1/requests', { query: { status, overdue: overdueOnly ? 'true' : '', limit: 500, cursor } });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < 2000);
    if (filter === 'open') items = items.filter((r) => OPEN.includes(r.status));
    items.sort((a, b) => Date.parse(a.dueBy ?? '') - Date.parse(b.dueBy ?? '') || String(a.requestId).localeCompare(b.requestId));
    const overdue = items.filter((r) => urgency(r) === 'overdue').length;
    const today = items.filter((r) => urgency(r) === 'today').length;
    replace(
      list,
      h(
        'ul',
        { class: 'stat-grid', 'aria-label': 'Queue counts' },
        h('li', { class: 'stat' }, h('span', { class: 'n' }, items.length), h('span', { class: 't' }, 'in this list')),
        h(
          'li',
          { class: `stat ${overdue ? 'stat-bad' : 'stat-ok'}` },
          h('span', { class: 'n' }, overdue),
          h('span', { class: 't' }, 'overdue'),
        ),
        h(
          'li',
          { class: `stat ${today ? 'stat-warn' : 'stat-ok'}` },
          h('span', { class: 'n' }, today),
          h('span', { class: 't' }, 'due today'),
        ),
      ),
      table({
        caption: 'Requests by due date',
        rows: items,
        empty: 'No requests in this list.',
        rowClass: (r) => (urgency(r) === 'overdue' ? 'row-overdue' : urgency(r) === 'today' ? 'row-today' : ''),
        cols: [
          ['Request', (r) => h('a', { href: `#/requests/${enc(numberOf(r))}` }, numberOf(r))],
          ['Requester', (r) => [r.requester.name, h('br'), h('span', { class: 'small muted' }, label(REQUESTER_KINDS, r.requester.kind))]],
          ['Received', (r) => dateTime(r.receivedAt)],
          ['Due by', dueCell],
          ['Status', (r) => [statusBadge(r), r.outcome ? [' ', label(REQUEST_OUTCOMES, r.outcome)] : null]],
          ['Recordings', (r) => String(r.recordingIds.length)],
        ],
      }),
    );
    announce(`${plural(items.length, 'request')}: ${overdue} overdue, ${today} due today.`);
  } catch (err) {
    replace(list, problemBlock(err));
  }
}

/** Opens a request by the number a requester quotes (any letter case, leading zeros optional). */
function findByNumberForm() {
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card filters', 'aria-label': 'Find a request by number', novalidate: true },
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Request number',
          name: 'number',
          path: 'params.id',
          required: true,
          hint: 'As the requester quotes it, e.g. SR-2026-00123.',
          attrs: { autocomplete: 'off' },
        }),
      ),
      h('div', { class: 'form-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Open request')),
    )
  );
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input[name="number"]'));
  /** @param {string} text */
  const fieldError = (text) => {
    const id = `${input.id}-err`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
    (input.closest('.field') ?? input).append(h('p', { class: 'field-error', id }, text));
    input.focus();
  };
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const typed = input.value.trim();
      if (!typed) return fieldError('Enter the request number.');
      const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
      submit.disabled = true;
      try {
        const r = await call('GET /api/v1/requests/{id}', { params: { id: typed } });
        location.hash = `#/requests/${enc(numberOf(r))}`;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400))
          fieldError(`No request has the number ${typed}. Check it with the requester (it looks like SR-2026-00123).`);
        else showFormErrors(form, err);
      } finally {
        submit.disabled = false;
      }
    }),
  );
  return form;
}

/**
 * After a refused case number: one button per near match the service suggested, which fills the field.
 * @param {HTMLFormElement} form @param {unknown} err @param {string} name
 */
function offerSuggestions(form, err, name) {
  const list = err instanceof ApiError ? /** @type {{ suggestions?: unknown }} */ (err.problem).suggestions : undefined;
  const input = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${name}"]`));
  if (!input || !Array.isArray(list) || list.length === 0) return;
  const box = h(
    'p',
    { class: 'field-error suggestions' },
    'Known case numbers close to it: ',
    list.map((s, i) => [
      i ? ' ' : '',
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          onclick: () => {
            input.value = String(s);
            box.remove();
            input.removeAttribute('aria-invalid');
            input.focus();
          },
        },
        `Use ${String(s)}`,
      ),
    ]),
  );
  (input.closest('.field') ?? input).append(box);
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
function renderNew(main, ctx) {
  setTitle('New request');
  if (!canAct(ctx.role)) {
    replace(main, h('h1', {}, 'New request'), h('p', {}, `The role ${ctx.role} cannot log requests.`));
    return;
  }
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', novalidate: true },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Requester'),
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Name', name: 'name', path: 'body.requester.name', required: true, attrs: { autocomplete: 'off' } }),
          field({
            label: 'Kind of requester',
            name: 'kind',
            path: 'body.requester.kind',
            required: true,
            options: options(REQUESTER_KINDS),
            value: 'public',
          }),
          field({
            label: 'Contact (email, phone or address)',
            name: 'contact',
            path: 'body.requester.contact',
            attrs: { autocomplete: 'off' },
          }),
        ),
      ),
      claimFieldset('body.requester.claim'),
      h(
        'fieldset',
        {},
        h('legend', {}, 'What is requested'),
        h('p', { class: 'hint' }, 'Name at least one: recordings, a case, or a description.'),
        h(
          'div',
          { class: 'grid' },
          // Deliberately empty: the clock runs from when the request REACHED KCPD, not from when it is logged.
          field({
            label: 'Received by KCPD at (Central time)',
            name: 'receivedAt',
            type: 'datetime-local',
            path: 'body.receivedAt',
            required: true,
            hint: 'When the request reached KCPD: the e-mail or portal timestamp, or the date and time it was delivered; not when you log it. The due date is counted from that day.',
          }),
          field({ label: 'Case number', name: 'caseNumber', path: 'body.caseNumber', attrs: { autocomplete: 'off' } }),
          field({
            label: 'Physical media items',
            name: 'mediaItems',
            type: 'number',
            path: 'body.mediaItems',
            value: '0',
            hint: 'USB drives or discs wanted; 0 for electronic delivery.',
            attrs: { min: 0, max: 100 },
          }),
        ),
        field({
          label: 'Recording ids',
          name: 'recordingIds',
          path: 'body.recordingIds',
          multiline: true,
          hint: 'Separate with spaces, commas or new lines.',
        }),
        field({ label: 'Description', name: 'description', path: 'body.description', multiline: true }),
      ),
      h(
        'section',
        { class: 'card due-preview', 'aria-labelledby': 'due-preview-h' },
        h('h2', { id: 'due-preview-h' }, 'Due date preview'),
        h(
          'div',
          { id: 'due-preview', 'aria-live': 'polite' },
          h('p', { class: 'hint' }, 'Enter when the request reached KCPD to see the due date.'),
        ),
      ),
      h('div', { class: 'form-problem' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Log request'),
        h('a', { href: '#/requests', class: 'button secondary' }, 'Cancel'),
      ),
    )
  );
  const preview = /** @type {HTMLElement} */ (form.querySelector('#due-preview'));
  const receivedInput = /** @type {HTMLInputElement} */ (form.querySelector('input[name="receivedAt"]'));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let previewTimer;
  let previewSeq = 0;
  // Live preview from GET /api/v1/sunshine/due-date: the same computation intake will store.
  const updatePreview = async () => {
    const receivedAt = centralToIso(receivedInput.value);
    const seq = ++previewSeq;
    if (!receivedAt) {
      replace(preview, h('p', { class: 'hint' }, 'Enter when the request reached KCPD to see the due date.'));
      return;
    }
    try {
      const d = await call('GET /api/v1/sunshine/due-date', { query: { receivedAt } });
      if (seq !== previewSeq) return;
      replace(preview, dueDetails(d));
    } catch (err) {
      if (seq === previewSeq) replace(preview, problemBlock(err));
    }
  };
  receivedInput.addEventListener('input', () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void updatePreview(), 300);
  });
  void updatePreview();
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const ids = val(form, 'recordingIds')
        .split(/[\s,;]+/)
        .filter(Boolean);
      const media = val(form, 'mediaItems');
      const body = {
        receivedAt: centralToIso(val(form, 'receivedAt')) || val(form, 'receivedAt'),
        requester: {
          name: val(form, 'name'),
          kind: val(form, 'kind'),
          ...(val(form, 'contact') ? { contact: val(form, 'contact') } : {}),
          ...claimOf(form),
        },
        ...(ids.length ? { recordingIds: ids } : {}),
        ...(val(form, 'caseNumber') ? { caseNumber: val(form, 'caseNumber') } : {}),
        ...(val(form, 'description') ? { description: val(form, 'description') } : {}),
        mediaItems: media === '' ? 0 : Number(media),
      };
      const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
      submit.disabled = true;
      try {
        const r = await call('POST /api/v1/requests', { body });
        announce(`Request ${numberOf(r)} logged; due ${dateTime(r.dueBy)}.`);
        location.hash = `#/requests/${enc(numberOf(r))}`;
      } catch (err) {
        showFormErrors(form, err);
        offerSuggestions(form, err, 'caseNumber');
      } finally {
        submit.disabled = false;
      }
    }),
  );
  replace(
    main,
    h('h1', {}, 'New request'),
    h(
      'p',
      { class: 'lead' },
      'Log a records request the day it arrives. The service works out the due date and checks every recording in scope for this requester.',
    ),
    form,
  );
}

/**
 * The rules that set a due date: id and citation, and whether the opt-in late-receipt policy applied.
 * @param {Req['due'] | Schemas['SunshineDueDate'] | null | undefined} due
 */
function dueRules(due) {
  /** @type {{ruleId: string, citation: string}[]} */
  const rules = due?.rules?.length
    ? due.rules
    : [...new Map((due?.reasons ?? []).map((x) => [x.ruleId, { ruleId: x.ruleId, citation: x.citation }])).values()];
  const late = due?.lateReceiptApplied ?? rules.some((x) => x.ruleId === 'SUNSHINE-LATE-RECEIPT');
  return h(
    'div',
    {},
    h(
      'p',
      {},
      h('strong', {}, 'Set by: '),
      rules.map((x, i) => [i ? '; ' : '', h('code', {}, x.ruleId), ' ', h('cite', {}, x.citation)]),
    ),
    late
      ? h(
          'p',
          { class: 'notice' },
          h('strong', {}, 'Opt-in late-receipt policy applied: '),
          'counted from the next business day, later than the statute’s text (RSMo 610.023.3 counts from the date received).',
        )
      : null,
  );
}

/** Due-date calculator answer for the intake preview. @param {Schemas['SunshineDueDate']} d */
function dueDetails(d) {
  return h(
    'div',
    {},
    h('p', {}, h('strong', {}, 'Due by: '), dateTime(d.dueBy)),
    dueRules(d),
    h('p', {}, `Business days counted: ${d.countedDays.join(', ')}.`),
    d.skippedDays.length
      ? h(
          'ul',
          { 'aria-label': 'Days not counted' },
          d.skippedDays.map((x) => h('li', {}, x.reason, x.citation ? [' ', h('cite', {}, x.citation)] : null)),
        )
      : null,
    h('p', { class: 'small muted' }, `Rules ${d.rulesVersion} · engine ${d.engineVersion}`),
  );
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx @param {string} id */
async function renderRequest(main, ctx, id) {
  const r = await call('GET /api/v1/requests/{id}', { params: { id } });
  setTitle(`Request ${numberOf(r)}`);
  showRequest(main, ctx, r);
}

/** @param {Schemas['Decision']} d */
function decisionConditions(d) {
  const parts = [];
  if (d.viewOnly) parts.push('view only');
  if (d.availableFrom) parts.push(`not before ${dateTime(d.availableFrom)}`);
  parts.push(...orderLines(d));
  if (d.redactions.length) parts.push(`redact: ${d.redactions.map((x) => label(REDACTIONS, x.kind)).join(', ')}`);
  if (d.reviewAt) parts.push(`may change on ${longDate(d.reviewAt)}`);
  if (d.missingFacts.length)
    parts.push(`${plural(d.missingFacts.length, 'question')} to answer${whoMustAct(d) ? ` (by: ${whoMustAct(d)})` : ''}`);
  return parts.length ? parts.join('; ') : '—';
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx @param {Req} r */
function showRequest(main, ctx, r) {
  /** The request's path parameter for its actions (POST /api/v1/requests/:id/…). */
  const params = { id: r.requestId };
  const u = urgency(r);
  const letterBox = h('div', { class: 'letter-box' });
  const actionsBox = h('div', {});
  const recordingsBox = h('div', {}, h('p', { class: 'loading' }, 'Loading the recordings…'));
  /** Totals by answer of the whole request, once the table has loaded (Respond previews from them). @type {Record<string, number> | null} */
  let totals = null;
  /** @type {Set<string>} */
  const selected = new Set();
  const heading = h('h1', {}, `Request ${numberOf(r)}`);
  replace(
    main,
    h('p', { class: 'no-print' }, h('a', { href: '#/requests' }, '← Back to the queue')),
    heading,
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'card', 'aria-label': 'Summary' },
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Status'),
          h('dd', {}, statusBadge(r), r.outcome ? ` ${label(REQUEST_OUTCOMES, r.outcome)}` : ''),
          h('dt', {}, 'Requester'),
          h(
            'dd',
            {},
            `${r.requester.name} — ${label(REQUESTER_KINDS, r.requester.kind)}${r.requester.contact ? ` (${r.requester.contact})` : ''}`,
          ),
          h('dt', {}, 'Received'),
          h('dd', {}, dateTime(r.receivedAt)),
          h('dt', {}, 'Due by'),
          h('dd', {}, dueCell(r)),
          r.delay
            ? [
                h('dt', {}, r.status === 'partially_responded' ? 'Rest delayed until' : 'Delayed until'),
                h(
                  'dd',
                  {},
                  `${dateTime(r.delay.availableAt)}${r.delay.place ? ` at ${r.delay.place}` : ''} — ${r.delay.cause}${r.delay.replaces ? ` (further delay; was ${dateTime(r.delay.replaces)})` : ''}`,
                ),
              ]
            : null,
          r.suit
            ? [
                h('dt', {}, 'Suit served'),
                h(
                  'dd',
                  {},
                  `${r.suit.reference}${r.suit.court ? ` (${r.suit.court})` : ''}, served ${dateTime(r.suit.servedAt)}; litigation hold ${r.suit.holdId}`,
                ),
              ]
            : null,
          r.finalResponseAt
            ? [h('dt', {}, 'Answered'), h('dd', {}, `${dateTime(r.finalResponseAt)}${r.respondedLate ? ' (late)' : ''}`)]
            : null,
          h('dt', {}, 'Scope'),
          h(
            'dd',
            {},
            [
              r.scope.caseNumber ? `case ${r.scope.caseNumber}` : null,
              r.scope.recordingIds?.length ? plural(r.scope.recordingIds.length, 'named recording') : null,
              r.scope.description,
            ]
              .filter(Boolean)
              .join('; ') || '—',
          ),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-label': 'Due date' },
        h('h2', {}, 'Why this due date'),
        dueRules(r.due),
        (r.due?.reasons ?? []).map((x) => h('p', {}, x.text, ' ', h('cite', {}, x.citation))),
      ),
    ),
    u === 'overdue'
      ? h(
          'p',
          { class: 'problem' },
          h('strong', {}, 'Overdue. '),
          'The response is past its due date; respond or record a delay with its cause now.',
        )
      : null,
    u === 'today'
      ? h('p', { class: 'notice' }, h('strong', {}, 'Due today. '), `Respond or record a delay by ${dateTime(r.dueBy)}.`)
      : null,
    r.availabilityPassed
      ? h(
          'p',
          { class: 'problem', 'data-testid': 'availability-passed' },
          h('strong', {}, 'Stated availability passed. '),
          `The requester was told the records would be available from ${dateTime(r.delay?.availableAt)}; respond now or give a further delay with its cause, place and new date (RSMo 610.023.3).`,
        )
      : null,
    requestWaitBlock(r),
    h('h2', { id: 'recordings-h' }, 'Answer for each recording'),
    recordingsBox,
    r.decisions.length
      ? [
          h(
            'details',
            {},
            h('summary', {}, 'Full reasons for each recording'),
            r.decisions.map((d) => h('section', { class: 'card' }, h('h3', {}, d.recordingId), decisionView(d))),
          ),
        ]
      : null,
    r.attachments?.length
      ? [
          h('h2', {}, 'Attached bulk checks'),
          table({
            caption: 'Bulk-check exports attached to this request (the CSV is filed with the correspondence; its SHA-256 identifies it)',
            rows: r.attachments,
            cols: [
              ['Attached', (x) => dateTime(x.at)],
              ['By', (x) => x.by],
              ['File', (x) => x.name],
              ['Rows', (x) => String(x.rows)],
              [
                'Totals',
                (x) =>
                  Object.entries(x.totals)
                    .filter(([, n]) => Number(n) > 0)
                    .map(([a, n]) => `${label(Object.fromEntries(Object.entries(ANSWERS).map(([k, v]) => [k, v.label])), a)}: ${n}`)
                    .join('; ') || '—',
              ],
              ['SHA-256', (x) => h('code', { class: 'small' }, String(x.sha256).slice(0, 16), '…')],
            ],
          }),
        ]
      : null,
    r.responses?.length
      ? [
          h('h2', {}, 'Responses sent'),
          table({
            caption: 'Partial, supplemental and final responses (the due date runs on the whole request)',
            rows: r.responses,
            cols: [
              ['When', (x) => dateTime(x.at)],
              ['Response', (x) => label(RESPONSE_KINDS, x.kind)],
              ['Answered', (x) => x.answeredRecordingIds.join(', ') || '—'],
              ['Still pending', (x) => x.pendingRecordingIds.join(', ') || '—'],
              ['Delay (RSMo 610.023.3)', (x) => (x.delay ? `until ${dateTime(x.delay.availableAt)} — ${x.delay.cause}` : '—')],
              ['By', (x) => x.by],
            ],
          }),
        ]
      : null,
    actionsBox,
    h('h2', {}, 'Response letter'),
    h(
      'div',
      { class: 'actions no-print' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void showLetter() }, 'Show letter'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () =>
            void download(`/api/v1/requests/${enc(r.requestId)}/letter?format=pdf`, `${numberOf(r)}-letter.pdf`, 'application/pdf').catch(
              showError,
            ),
        },
        'Download letter (PDF)',
      ),
    ),
    letterBox,
    h('h2', {}, 'History'),
    table({
      caption: 'Status changes',
      rows: r.history,
      cols: [
        ['When', (x) => dateTime(x.at)],
        ['Change', (x) => `${x.from ? label(REQUEST_STATUSES, x.from) : 'new'} → ${label(REQUEST_STATUSES, x.to)}`],
        ['By', (x) => `${x.by} (${x.role})`],
        ['Note', (x) => x.note ?? '—'],
      ],
    }),
  );

  async function showLetter() {
    replace(letterBox, h('p', { class: 'loading' }, 'Preparing the letter…'));
    try {
      const res = await raw(`/api/v1/requests/${enc(r.requestId)}/letter?format=text`, { accept: 'text/plain' });
      const text = await res.text();
      const pre = h('pre', { class: 'letter', tabindex: 0, 'aria-label': 'Response letter' }, text);
      replace(
        letterBox,
        pre,
        h('div', { class: 'actions no-print' }, h('button', { type: 'button', onclick: printLetter }, 'Print the letter')),
      );
      announce('Letter shown.');
      pre.focus();
    } catch (err) {
      replace(letterBox, problemBlock(err));
    }
  }

  /** Prints only the letter (print.css hides the rest while body has .print-letter). */
  function printLetter() {
    document.body.classList.add('print-letter');
    window.addEventListener('afterprint', () => document.body.classList.remove('print-letter'), { once: true });
    window.print();
  }

  /**
   * The request's recordings, one server page at a time: what a clerk decides with (category,
   * recorded time, officer, title, place) and the answer for this requester, totals by answer, a
   * filter by answer and the bulk check's CSV export (and its attachment to the request).
   * @param {string | null} cursor @param {string} answer @param {string[]} back cursors of the pages before
   */
  async function loadRecordings(cursor, answer, back) {
    replace(recordingsBox, h('p', { class: 'loading', role: 'status' }, 'Loading the recordings…'));
    try {
      const page = await call('GET /api/v1/requests/{id}/recordings', { params, query: { cursor, answer, limit: PAGE } });
      totals = page.totals;
      const scoping = canAct(ctx.role) && OPEN.includes(r.status);
      const filter = /** @type {HTMLFormElement} */ (
        h(
          'form',
          { class: 'filters no-print', 'aria-label': 'Show recordings by answer' },
          h(
            'div',
            { class: 'grid' },
            field({
              label: 'Show',
              name: 'answer',
              value: answer,
              options: [['', 'Every answer'], ...Object.entries(ANSWERS).map(([k, v]) => /** @type {[string, string]} */ ([k, v.label]))],
            }),
          ),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Show')),
        )
      );
      filter.addEventListener('submit', (ev) => {
        ev.preventDefault();
        void loadRecordings(null, val(filter, 'answer'), []);
      });
      const start = back.length * PAGE;
      replace(
        recordingsBox,
        h(
          'ul',
          { class: 'stat-grid', 'aria-label': 'Recordings by answer' },
          /** @type {Array<[keyof typeof ANSWERS, { label: string, tone: string }]>} */ (Object.entries(ANSWERS))
            .filter(([k]) => page.totals[k] > 0 || k === 'released' || k === 'withheld')
            .map(([k, v]) =>
              h(
                'li',
                { class: `stat stat-${v.tone === 'bad' ? 'bad' : v.tone === 'warn' ? 'warn' : 'ok'}` },
                h('span', { class: 'n' }, page.totals[k]),
                h('span', { class: 't' }, v.label),
              ),
            ),
        ),
        filter,
        table({
          caption: `${page.total ? `${start + 1}–${start + page.items.length} of ${page.total}` : 'No'} recording${page.total === 1 ? '' : 's'}${answer ? ` (${ANSWERS[/** @type {keyof typeof ANSWERS} */ (answer)]?.label ?? answer})` : ''} for ${label(REQUESTER_KINDS, r.requester.kind)}${r.decidedAt ? `, decided ${dateTime(r.decidedAt)}` : ''}`,
          rows: page.items,
          empty: answer
            ? 'No recording has this answer.'
            : 'No recordings identified yet. Add the responsive ones below (by id or case number), or answer “no responsive records”.',
          cols: [
            ...(scoping
              ? [
                  /** @type {[string, (x: { recordingId: string }) => HTMLInputElement]} */ ([
                    'Select',
                    (x) => {
                      const box = /** @type {HTMLInputElement} */ (
                        h('input', {
                          type: 'checkbox',
                          name: 'pick',
                          value: x.recordingId,
                          'aria-label': `Select ${x.recordingId}`,
                          checked: selected.has(x.recordingId),
                        })
                      );
                      box.addEventListener('change', () => {
                        if (box.checked) selected.add(x.recordingId);
                        else selected.delete(x.recordingId);
                      });
                      return box;
                    },
                  ]),
                ]
              : []),
            ['Recording', (x) => h('a', { href: `#/release/${enc(x.recordingId)}?requester=${enc(r.requester.kind)}` }, x.recordingId)],
            ['Category', (x) => (x.recording ? label(CATEGORIES, x.recording.category) : 'not in the catalog')],
            ['Recorded', (x) => dateTime(x.recording?.recordedAt)],
            ['Officer', (x) => x.recording?.officerId ?? '—'],
            ['Title', (x) => x.recording?.title ?? '—'],
            ['Place', (x) => x.recording?.place ?? '—'],
            // The content flags beside the answer they explain (usability test, problem 9).
            [
              'Content flags',
              (x) =>
                !x.recording
                  ? '—'
                  : !x.recording.reviewed
                    ? 'Unknown: not yet reviewed'
                    : x.recording.flags?.length
                      ? h(
                          'ul',
                          { class: 'flags' },
                          x.recording.flags.map((/** @type {keyof typeof FLAGS} */ f) =>
                            h('li', {}, h('span', { class: 'badge badge-warn' }, FLAGS[f] ?? f)),
                          ),
                        )
                      : 'None',
            ],
            [
              'Answer',
              (x) =>
                h(
                  'span',
                  { class: `badge badge-${ANSWERS[/** @type {keyof typeof ANSWERS} */ (x.answer)]?.tone ?? 'warn'}` },
                  ANSWERS[/** @type {keyof typeof ANSWERS} */ (x.answer)]?.label ?? x.answer,
                ),
            ],
            [
              'Conditions',
              (x) =>
                x.notResponsive
                  ? `Not responsive: ${x.notResponsive.reason} (${x.notResponsive.by}, ${dateTime(x.notResponsive.at)})`
                  : x.decision
                    ? h(
                        'span',
                        {},
                        decisionConditions(x.decision),
                        x.decision.missingFacts.length
                          ? h(
                              'ul',
                              { class: 'questions small' },
                              questionItems(x.decision, (q) =>
                                // What the requester has shown is answered for this request in its own claim form.
                                q.fact.startsWith('requester.') ? `#/requests/${enc(r.number ?? r.requestId)}?form=claim` : q.form.href,
                              ),
                            )
                          : null,
                      )
                    : '—',
            ],
          ],
        }),
        h(
          'div',
          { class: 'actions no-print' },
          back.length
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => void loadRecordings(back[back.length - 1] ?? null, answer, back.slice(0, -1)),
                },
                'Previous page',
              )
            : null,
          page.nextCursor
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => void loadRecordings(page.nextCursor, answer, [...back, cursor ?? '']),
                },
                'Next page',
              )
            : null,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () =>
                void download(
                  `/api/v1/requests/${enc(r.requestId)}/recordings?format=csv`,
                  `${numberOf(r)}-recordings.csv`,
                  'text/csv',
                ).catch(showError),
            },
            'Export CSV',
          ),
          canAct(ctx.role)
            ? h('button', { type: 'button', class: 'secondary', onclick: () => void attachCsv() }, 'Export and attach to the request')
            : null,
        ),
      );
    } catch (err) {
      replace(recordingsBox, problemBlock(err));
    }
  }

  /** POST …/recordings/attachments answers the CSV; the request record then shows the attachment. */
  async function attachCsv() {
    try {
      const res = await raw(`/api/v1/requests/${enc(r.requestId)}/recordings/attachments`, { method: 'POST', accept: 'text/csv' });
      const cd = res.headers.get('content-disposition') ?? '';
      saveBlob(await res.blob(), /filename="?([^";]+)"?/.exec(cd)?.[1] ?? `${numberOf(r)}-recordings.csv`);
      const next = await call('GET /api/v1/requests/{id}', { params });
      showRequest(main, ctx, next);
      const msg = h('p', { class: 'success', role: 'status' }, 'The bulk check was exported and attached to the request.');
      main.querySelector('h1')?.after(msg);
      announce(msg.textContent ?? '');
    } catch (err) {
      showError(err);
    }
  }
  /** The first page of answers (and the totals Respond previews from); it settles whether or not it loaded. */
  const recordingsLoaded = loadRecordings(null, '', []);

  if (!canAct(ctx.role)) return;
  /** @param {string} action */
  const allowed = (action) => /** @type {Record<string, string[]>} */ (ALLOWED_FROM)[action]?.includes(r.status);

  /**
   * What the requester has shown, as recorded now (pre-filled), changed after intake: how a
   * requester question is answered for this request. The recordings not yet answered are decided again.
   */
  const claimForm = () => {
    const fieldset = claimFieldset('body.claim');
    fillClaim(fieldset, r.requester.claim);
    const form = actionForm(
      'claim',
      'What the requester has shown',
      "Answers the requester's questions for this request (the conditions of the routes for persons involved, victims and next of kin). It replaces what was recorded at intake; the recordings not yet answered are decided again with it.",
      [fieldset, field({ label: 'Where this comes from (note for the file)', name: 'claimNote', path: 'body.note' })],
      (f) =>
        call('POST /api/v1/requests/{id}/claim', {
          params,
          body: { claim: claimOf(f).claim ?? {}, ...(val(f, 'claimNote') ? { note: val(f, 'claimNote') } : {}) },
        }),
      'Save what was shown',
      'secondary',
      { successText: (next) => `Saved: ${plural(next.decisions.length, 'recording')} decided with what the requester has shown.` },
    );
    form.id = 'claim-form';
    if (ctx.query.get('form') === 'claim') queueMicrotask(() => form.scrollIntoView({ block: 'start' }));
    return form;
  };

  /**
   * @param {string} action @param {string} title @param {string} intro @param {HTMLElement[]} fields
   * @param {(form: HTMLFormElement) => Promise<Req>} send makes the action's call with what the form says
   * @param {string} button @param {string} [cls]
   * @param {{ validate?: () => { path: string, message: string } | null, confirm?: (form: HTMLFormElement) => Array<HTMLElement | string> | null | Promise<Array<HTMLElement | string> | null>, confirmButton?: string, after?: (form: HTMLFormElement, err: unknown) => void, successText?: (next: Req) => string }} [opts]
   *   confirm: what the action will do, shown for a second, explicit confirmation before it is sent
   */
  const actionForm = (action, title, intro, fields, send, button, cls, opts = {}) => {
    const confirmBox = h('div', { class: 'confirm', 'aria-live': 'polite' });
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': `act-${action}` },
        h('h3', { id: `act-${action}` }, title),
        h('p', { class: 'hint' }, intro),
        ...fields,
        h('div', { class: 'form-problem' }),
        confirmBox,
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: cls ?? null }, button)),
      )
    );
    let confirmed = false;
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        const submit = /** @type {HTMLButtonElement} */ (form.querySelector('.actions button[type="submit"]'));
        const invalid = opts.validate?.();
        if (invalid) {
          showFormErrors(form, new ApiError(400, { title: 'Not saved', detail: invalid.message, errors: [invalid] }));
          return;
        }
        // The confirmation may wait for what it previews (Respond waits for the request's answers to load).
        submit.disabled = true;
        const what = opts.confirm && !confirmed ? await opts.confirm(form) : null;
        submit.disabled = false;
        if (what) {
          const yes = h(
            'button',
            {
              type: 'button',
              onclick: () => {
                confirmed = true;
                replace(confirmBox);
                form.requestSubmit();
              },
            },
            opts.confirmButton ?? `Confirm: ${button}`,
          );
          replace(
            confirmBox,
            h(
              'div',
              { class: 'notice', role: 'alertdialog', 'aria-labelledby': `act-${action}-confirm`, tabindex: -1 },
              h('p', { id: `act-${action}-confirm` }, ...what),
              h(
                'div',
                { class: 'actions' },
                yes,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    onclick: () => {
                      replace(confirmBox);
                      submit.focus();
                    },
                  },
                  'Cancel',
                ),
              ),
            ),
          );
          yes.focus();
          return;
        }
        confirmed = false;
        submit.disabled = true;
        const was = submit.textContent;
        submit.textContent = 'Saving…';
        try {
          const next = await send(form);
          showRequest(main, ctx, next);
          const msg = h(
            'p',
            { class: 'success', role: 'status' },
            opts.successText
              ? opts.successText(next)
              : `Saved: the request is now ${label(REQUEST_STATUSES, next.status).toLowerCase()}${next.outcome ? ` (${label(REQUEST_OUTCOMES, next.outcome).toLowerCase()})` : ''}.`,
          );
          main.querySelector('h1')?.after(msg);
          announce(msg.textContent ?? '');
          /** @type {HTMLElement | null} */ (main.querySelector('h1'))?.focus();
        } catch (err) {
          showFormErrors(form, err);
          opts.after?.(form, err);
        } finally {
          submit.disabled = false;
          submit.textContent = was;
        }
      }),
    );
    return form;
  };

  replace(
    actionsBox,
    h('h2', {}, 'Actions'),
    h(
      'div',
      { class: 'columns' },
      allowed('not-responsive')
        ? actionForm(
            'not-responsive',
            'Mark not responsive',
            'Tick the recordings in the table above that the request does not ask for, and say why. They stay protected from destruction with the request, but are not answered, listed in the letter or billed.',
            [
              h(
                'div',
                { class: 'field', 'data-path': 'body.recordingIds', id: uid('picked'), tabindex: -1 },
                h('p', { class: 'hint' }, 'Recordings: the ones ticked in the table above.'),
              ),
              field({ label: 'Why they are not responsive', name: 'reason', path: 'body.reason', multiline: true, required: true }),
            ],
            (f) =>
              call('POST /api/v1/requests/{id}/not-responsive', {
                params,
                body: { recordingIds: [...selected], reason: val(f, 'reason') },
              }),
            'Mark not responsive',
            'secondary',
            {
              validate: () =>
                selected.size ? null : { path: 'body.recordingIds', message: 'Tick at least one recording in the table above.' },
              successText: (next) => `Saved: ${plural((next.notResponsive ?? []).length, 'recording')} marked not responsive.`,
            },
          )
        : null,
      allowed('recordings')
        ? actionForm(
            'recordings',
            'Add recordings',
            'Recordings found responsive during review: by id, or every recording linked to a case (any letter case). They are checked for this requester at once.',
            [
              h(
                'p',
                {},
                h('a', { href: `#/search?request=${enc(numberOf(r))}` }, 'Find recordings on the search screen'),
                ' and tick them there to add them to this request.',
              ),
              field({
                label: 'Recording ids to add',
                name: 'recordingIds',
                path: 'body.recordingIds',
                multiline: true,
                hint: 'Separate with spaces, commas or new lines.',
              }),
              field({ label: 'Case number to add', name: 'caseNumber', path: 'body.caseNumber', attrs: { autocomplete: 'off' } }),
              h(
                'fieldset',
                { 'data-path': 'body.match', id: uid('match') },
                h('legend', {}, 'Or everything a camera, officer, unit or place recorded'),
                field({ label: 'Camera serial', name: 'cameraSerial', path: 'body.match.cameraSerial', attrs: { autocomplete: 'off' } }),
                field({ label: 'Officer id', name: 'officerId', path: 'body.match.officerId', attrs: { autocomplete: 'off' } }),
                field({ label: 'Unit', name: 'unit', path: 'body.match.unit', attrs: { autocomplete: 'off' } }),
                field({ label: 'Place (part of the address)', name: 'place', path: 'body.match.place', attrs: { autocomplete: 'off' } }),
                field({ label: 'Recorded from (day)', name: 'recordedFrom', type: 'date', path: 'body.match.recordedFrom' }),
                field({ label: 'Recorded to (day, included)', name: 'recordedTo', type: 'date', path: 'body.match.recordedTo' }),
              ),
            ],
            (f) => {
              const ids = val(f, 'recordingIds')
                .split(/[\s,;]+/)
                .filter(Boolean);
              const names = ['cameraSerial', 'officerId', 'unit', 'place'];
              const from = val(f, 'recordedFrom');
              const to = val(f, 'recordedTo');
              // Whole Central days: from the start of the first to the start of the day after the last.
              const dayAfter = to ? new Date(Date.parse(`${to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : '';
              const wantsMatch = from || to || names.some((n) => val(f, n));
              const match = wantsMatch
                ? {
                    recordedFrom: from ? centralToIso(`${from}T00:00`) : '',
                    recordedTo: dayAfter ? centralToIso(`${dayAfter}T00:00`) : '',
                    ...Object.fromEntries(names.filter((n) => val(f, n)).map((n) => [n, val(f, n)])),
                  }
                : null;
              return call('POST /api/v1/requests/{id}/recordings', {
                params,
                body: {
                  ...(ids.length ? { recordingIds: ids } : {}),
                  ...(val(f, 'caseNumber') ? { caseNumber: val(f, 'caseNumber') } : {}),
                  ...(match ? { match } : {}),
                },
              });
            },
            'Add recordings',
            'secondary',
            {
              after: (f, err) => offerSuggestions(f, err, 'caseNumber'),
              successText: (next) => `Saved: ${plural(next.recordingIds.length, 'recording')} in scope now.`,
            },
          )
        : null,
      r.suit
        ? null
        : actionForm(
            'suit',
            'Suit served',
            'RSMo 610.027: when a suit about this request is served, its recordings are put under a litigation hold at once (released through the holds list when the litigation ends).',
            [
              field({ label: 'Suit reference (case number)', name: 'reference', path: 'body.reference', required: true }),
              field({ label: 'Court', name: 'court', path: 'body.court' }),
              field({ label: 'Served on (Central time)', name: 'servedAt', type: 'datetime-local', path: 'body.servedAt', required: true }),
            ],
            (f) =>
              call('POST /api/v1/requests/{id}/suit', {
                params,
                body: {
                  reference: val(f, 'reference'),
                  servedAt: centralToIso(val(f, 'servedAt')) || val(f, 'servedAt'),
                  ...(val(f, 'court') ? { court: val(f, 'court') } : {}),
                },
              }),
            'Record suit and hold',
            'secondary',
          ),
      allowed('review')
        ? actionForm(
            'review',
            'Start the review',
            'Moves the request to review; add recordings found to be responsive (they are decided for this requester).',
            [
              field({
                label: 'More recording ids',
                name: 'recordingIds',
                path: 'body.recordingIds',
                multiline: true,
                hint: 'Optional. Separate with spaces, commas or new lines.',
              }),
              field({ label: 'Note', name: 'note', path: 'body.note' }),
            ],
            (f) => {
              const ids = val(f, 'recordingIds')
                .split(/[\s,;]+/)
                .filter(Boolean);
              return call('POST /api/v1/requests/{id}/review', {
                params,
                body: { ...(ids.length ? { recordingIds: ids } : {}), ...(val(f, 'note') ? { note: val(f, 'note') } : {}) },
              });
            },
            'Start review',
          )
        : null,
      allowed('respond')
        ? actionForm(
            'respond',
            r.responses?.length ? 'Final response' : 'Respond',
            'Every recording not yet answered is decided again now; the outcome (released, partly released, denied) follows from the decisions of the whole request.',
            [
              field({ label: 'Note for the file', name: 'note', path: 'body.note' }),
              field({
                label: 'Staff minutes spent reviewing',
                name: 'reviewMinutes',
                type: 'number',
                path: 'body.reviewMinutes',
                hint: 'Shown on the fee estimate.',
                attrs: { min: 0 },
              }),
            ],
            (f) =>
              call('POST /api/v1/requests/{id}/respond', {
                params,
                body: {
                  ...(val(f, 'note') ? { note: val(f, 'note') } : {}),
                  ...(val(f, 'reviewMinutes') ? { reviewMinutes: Number(val(f, 'reviewMinutes')) } : {}),
                  ...(totals && respondPreview(totals).noResponsiveRecords ? { noResponsiveRecords: true } : {}),
                },
              }),
            'Respond now',
            undefined,
            {
              confirm: async () => {
                await recordingsLoaded;
                if (!totals)
                  return ["The request's answers could not be loaded; every recording is decided again when the response is sent."];
                const p = respondPreview(totals);
                return [
                  'This sends the final response: ',
                  h('strong', {}, p.outcome),
                  `. ${p.text} Every recording is decided again when it is sent; the letter follows from those decisions.`,
                ];
              },
              confirmButton: 'Confirm and send the response',
            },
          )
        : null,
      allowed('partial-response')
        ? actionForm(
            'partial-response',
            r.responses?.length ? 'Supplemental response' : 'Partial response',
            'Answers now every recording the engine has decided (released or withheld) and delays the rest: RSMo 610.023.3 needs the cause, the place and the earliest date and time they will be available. The due date does not move.',
            [
              field({ label: 'Why the rest cannot be answered yet', name: 'cause', path: 'body.cause', multiline: true, required: true }),
              field({
                label: 'Rest available from (Central time)',
                name: 'availableAt',
                type: 'datetime-local',
                path: 'body.availableAt',
                required: true,
              }),
              field({
                label: 'Place where they will be available (blank: the records unit, as the letter states)',
                name: 'place',
                path: 'body.place',
              }),
              field({ label: 'Note for the file', name: 'note', path: 'body.note' }),
            ],
            (f) =>
              call('POST /api/v1/requests/{id}/partial-response', {
                params,
                body: {
                  cause: val(f, 'cause'),
                  availableAt: centralToIso(val(f, 'availableAt')) || val(f, 'availableAt'),
                  ...(val(f, 'place') ? { place: val(f, 'place') } : {}),
                  ...(val(f, 'note') ? { note: val(f, 'note') } : {}),
                },
              }),
            'Send partial response',
            'secondary',
          )
        : null,
      allowed('delay')
        ? actionForm(
            'delay',
            'Delay',
            'RSMo 610.023.3: explain the cause in detail and give the place and the earliest date and time the records will be available.',
            [
              field({ label: 'Cause of the delay', name: 'cause', path: 'body.cause', multiline: true, required: true }),
              field({
                label: 'Available from (Central time)',
                name: 'availableAt',
                type: 'datetime-local',
                path: 'body.availableAt',
                required: true,
              }),
              field({
                label: 'Place where they will be available (blank: the records unit, as the letter states)',
                name: 'place',
                path: 'body.place',
              }),
            ],
            (f) =>
              call('POST /api/v1/requests/{id}/delay', {
                params,
                body: {
                  cause: val(f, 'cause'),
                  availableAt: centralToIso(val(f, 'availableAt')) || val(f, 'availableAt'),
                  ...(val(f, 'place') ? { place: val(f, 'place') } : {}),
                },
              }),
            'Record delay',
            'secondary',
          )
        : null,
      allowed('further-delay')
        ? actionForm(
            'further-delay',
            'Further delay',
            'RSMo 610.023.3: when the stated availability cannot be kept, explain the cause of the further delay in detail and give the place and the new earliest date and time. The due date does not move; the letter shows the new notice.',
            [
              field({ label: 'Cause of the further delay', name: 'cause', path: 'body.cause', multiline: true, required: true }),
              field({
                label: 'Available from (Central time)',
                name: 'availableAt',
                type: 'datetime-local',
                path: 'body.availableAt',
                required: true,
              }),
              field({ label: 'Place where they will be available', name: 'place', path: 'body.place', required: true }),
            ],
            (f) =>
              call('POST /api/v1/requests/{id}/further-delay', {
                params,
                body: {
                  cause: val(f, 'cause'),
                  availableAt: centralToIso(val(f, 'availableAt')) || val(f, 'availableAt'),
                  place: val(f, 'place'),
                },
              }),
            'Record further delay',
            'secondary',
          )
        : null,
      allowed('claim') ? claimForm() : null,
      allowed('withdraw')
        ? actionForm(
            'withdraw',
            'Withdraw',
            'Only when the requester withdraws the request.',
            [field({ label: 'Note', name: 'note', path: 'body.note' })],
            (f) => call('POST /api/v1/requests/{id}/withdraw', { params, body: val(f, 'note') ? { note: val(f, 'note') } : {} }),
            'Mark withdrawn',
            'secondary',
            {
              confirm: () => ['The requester withdrew the request: nothing more will be sent, and this cannot be undone.'],
              confirmButton: 'Confirm: mark withdrawn',
            },
          )
        : null,
    ),
  );
}
