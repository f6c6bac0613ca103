// @ts-check
/**
 * The review queue: recordings and cases whose answer is "needs legal review" for some requester,
 * grouped under the question that settles them, with who answers it and a link to the form that
 * does (pre-filled). Soonest due first (the earliest due date among the open requests waiting for
 * an item), then oldest. Items can be taken (assigned to me) and commented on; the service records
 * each step in the audit trail. The filters are kept in the address (#/review?answeredBy=…).
 */
import { call, clearFieldErrors, enc, handler } from './api.js';
import { announce, field, h, replace, setTitle, val } from './dom.js';
import { ANSWERED_BY, REQUESTER_KINDS, date, dateTime, label, options, plural } from './format.js';
import { formProblem } from './holds.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Answer<'GET /api/v1/review-queue'>} QueuePage
 * @typedef {QueuePage['items'][number]} Item
 */

const PAGE = 50;
/** The filters, as the address and the API name them. */
const NAMES = ['answeredBy', 'unit', 'case', 'request'];
/** Roles that act on the queue; the auditor reads it. */
const ACTORS = ['clerk', 'prosecutor', 'counsel', 'admin'];

/** Where an item opens: a recording's release check, a case's page. @param {Pick<Item, 'kind' | 'ref'>} item */
const itemLink = (item) =>
  item.kind === 'case'
    ? h('a', { href: `#/cases/${enc(item.ref)}` }, `Case ${item.ref}`)
    : h('a', { href: `#/release/${enc(item.ref)}` }, `Recording ${item.ref}`);

/** The counts the dashboard shows (GET /api/v1/review-queue/summary). @param {import('./api.js').Answer<'GET /api/v1/review-queue/summary'>} s */
export function summaryBlock(s) {
  return h(
    'dl',
    { class: 'facts review-counts', 'data-testid': 'review-counts' },
    h('dt', {}, 'Recordings in review'),
    h('dd', {}, String(s.recordings)),
    h('dt', {}, 'Items (recordings and cases)'),
    h('dd', {}, `${s.items} under ${plural(s.questions, 'question')}`),
    h('dt', {}, 'Who answers'),
    h(
      'dd',
      {},
      Object.entries(s.byAnsweredBy)
        .map(([k, n]) => `${label(ANSWERED_BY, k)}: ${n}`)
        .join(' · '),
    ),
    h('dt', {}, 'Waited for by a request due within a day'),
    h('dd', { class: s.dueSoon ? 'bad-text' : null }, String(s.dueSoon)),
    h('dt', {}, 'Waited for by an overdue request'),
    h('dd', { class: s.overdue ? 'bad-text' : null }, String(s.overdue)),
    h('dt', {}, 'Not assigned'),
    h('dd', {}, String(s.unassigned)),
  );
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  setTitle('Review queue');
  const q = ctx.query;
  const canAct = ACTORS.includes(ctx.role);
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, role: 'search', 'aria-labelledby': 'review-filter-h' },
      h('h2', { id: 'review-filter-h' }, 'Filter the queue'),
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Who answers',
          name: 'answeredBy',
          path: 'query.answeredBy',
          value: q.get('answeredBy') ?? '',
          options: [['', 'Anyone'], ...options(ANSWERED_BY)],
        }),
        field({ label: 'Unit', name: 'unit', path: 'query.unit', value: q.get('unit') ?? '', hint: 'Exact unit name.' }),
        field({ label: 'Case number', name: 'case', path: 'query.case', value: q.get('case') ?? '', attrs: { autocomplete: 'off' } }),
        field({
          label: 'Request',
          name: 'request',
          path: 'query.request',
          value: q.get('request') ?? '',
          hint: 'Its number, e.g. SR-2026-00123.',
          attrs: { autocomplete: 'off' },
        }),
      ),
      h('div', { class: 'form-problem' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Filter'),
        h('button', { type: 'reset', class: 'secondary' }, 'Clear'),
      ),
    )
  );
  const counts = h('section', { class: 'card', 'aria-labelledby': 'review-counts-h' });
  const results = h('div', { class: 'results' });

  /** The filters of the queue shown, as the address and the API name them. @type {Record<string, string>} */
  let shown = {};
  /** @type {Item[]} */
  let items = [];
  /** @type {QueuePage['groups']} */
  let groups = [];

  async function loadCounts() {
    const s = await call('GET /api/v1/review-queue/summary');
    replace(counts, h('h2', { id: 'review-counts-h' }, 'In review now'), summaryBlock(s));
  }

  /** @param {Item} item */
  function itemCard(item) {
    const commentForm = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'comment-form', novalidate: true },
        field({ label: 'Comment', name: 'text', path: 'body.text', multiline: true, required: true }),
        h('div', { class: 'form-problem' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Add comment')),
      )
    );
    const params = { kind: item.kind, ref: item.ref };
    commentForm.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(commentForm);
        try {
          await call('POST /api/v1/review-items/{kind}/{ref}/comments', { params, body: { text: val(commentForm, 'text') } });
          announce('Comment added.');
          await reload();
        } catch (err) {
          formProblem(commentForm, err, 'The comment');
        }
      }),
    );
    /** @param {string | null} assignee */
    const assign = async (assignee) => {
      try {
        await call('POST /api/v1/review-items/{kind}/{ref}/assign', { params, body: { assignee } });
        announce(assignee ? `Assigned to ${assignee}.` : 'Unassigned.');
        await reload();
      } catch (err) {
        formProblem(commentForm, err, 'The assignment');
      }
    };
    const mine = item.assignee === ctx.sub;
    return h(
      'li',
      { class: 'card review-item', 'data-item': item.id },
      h(
        'h4',
        {},
        itemLink(item),
        item.recordingCount > 1 || item.kind === 'case' ? ` (${plural(item.recordingCount, 'recording')} in review)` : null,
      ),
      h(
        'ul',
        { class: 'questions' },
        item.questions.map((qm) =>
          h(
            'li',
            {},
            h('span', {}, qm.text),
            ' ',
            h('span', { class: 'muted small' }, `(${label(ANSWERED_BY, qm.answeredBy)})`),
            ' ',
            qm.form.href ? h('a', { href: qm.form.href, class: 'button small-button' }, 'Answer it') : null,
          ),
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Waiting for review for'),
        h('dd', {}, item.requesterKinds.map((k) => label(REQUESTER_KINDS, k)).join('; ')),
        h('dt', {}, 'Due'),
        h(
          'dd',
          {},
          item.dueBy
            ? [
                `${dateTime(item.dueBy)}: `,
                ...item.requests.flatMap((r, i) => [
                  i ? ', ' : '',
                  h('a', { href: `#/requests/${enc(r.number ?? r.id)}` }, r.number ?? r.id),
                ]),
              ]
            : 'No open request waits for it',
        ),
        h('dt', {}, 'Oldest recording'),
        h('dd', {}, date(item.oldestRecordedAt)),
        h('dt', {}, 'Assigned to'),
        h(
          'dd',
          {},
          item.assignee ?? 'Nobody',
          canAct
            ? h(
                'button',
                { type: 'button', class: 'secondary small-button', onclick: () => void assign(mine ? null : ctx.sub) },
                mine ? 'Unassign me' : 'Assign to me',
              )
            : null,
        ),
      ),
      item.comments.length
        ? h(
            'ol',
            { class: 'comments' },
            item.comments.map((c) => h('li', {}, h('span', { class: 'muted small' }, `${c.by} (${c.role}), ${dateTime(c.at)}: `), c.text)),
          )
        : null,
      canAct ? h('details', { class: 'comment-box' }, h('summary', {}, 'Comment'), commentForm) : null,
    );
  }

  function draw(/** @type {string | null} */ nextCursor) {
    const byQuestion = new Map(groups.map((g) => [g.questionId, /** @type {Item[]} */ ([])]));
    for (const it of items) byQuestion.get(it.questionId)?.push(it);
    replace(
      results,
      h(
        'h2',
        { id: 'review-results-h', tabindex: -1 },
        `${plural(groups.length, 'question')}, ${plural(
          groups.reduce((n, g) => n + g.items, 0),
          'item',
        )}`,
      ),
      groups.length === 0 ? h('p', { class: 'empty' }, 'Nothing waits for legal review with these filters.') : null,
      groups.map((g) =>
        h(
          'section',
          { class: 'review-group', 'data-question': g.questionId },
          h('h3', {}, g.text),
          h(
            'p',
            { class: 'muted' },
            `Answered by ${label(ANSWERED_BY, g.answeredBy).toLowerCase()} · ${plural(g.items, 'item')}, ${plural(g.recordings, 'recording')}`,
            g.dueBy ? ` · first due ${dateTime(g.dueBy)}` : '',
          ),
          h('ul', { class: 'review-items' }, (byQuestion.get(g.questionId) ?? []).map(itemCard)),
        ),
      ),
      nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: handler(async () => {
                  await load(nextCursor);
                  announce(`${items.length} items shown.`);
                }),
              },
              'Show more',
            ),
          )
        : null,
    );
  }

  /** @param {string | null} cursor */
  async function load(cursor) {
    const page = await call('GET /api/v1/review-queue', { query: { ...shown, limit: PAGE, cursor } });
    groups = page.groups;
    items = cursor ? [...items, ...page.items] : page.items;
    draw(page.nextCursor);
  }

  async function reload() {
    await Promise.all([load(null), loadCounts()]);
  }

  form.addEventListener('reset', () => {
    clearFieldErrors(form);
    history.replaceState(null, '', '#/review');
    shown = {};
    void load(null);
  });
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      replace(/** @type {HTMLElement} */ (form.querySelector('.form-problem')));
      shown = Object.fromEntries(NAMES.map((n) => /** @type {[string, string]} */ ([n, val(form, n)])).filter(([, v]) => v !== ''));
      const address = new URLSearchParams(shown);
      history.replaceState(null, '', `#/review${address.size ? `?${address}` : ''}`);
      try {
        await load(null);
        announce(`${plural(items.length, 'item')} shown.`);
      } catch (err) {
        formProblem(form, err, 'The queue', 'was not shown');
      }
    }),
  );

  replace(
    main,
    h('h1', {}, 'Review queue'),
    h(
      'p',
      { class: 'lead' },
      'Recordings and cases that need legal review before they can be answered, under the question that settles them. ' +
        'Answer the question in its form: the answer applies to every recording it concerns, and they leave the queue.',
    ),
    counts,
    form,
    h('section', { 'aria-label': 'Review queue' }, results),
  );
  shown = Object.fromEntries(NAMES.map((n) => /** @type {[string, string]} */ ([n, q.get(n) ?? ''])).filter(([, v]) => v !== ''));
  await Promise.all([loadCounts(), load(null)]);
}

/**
 * On a request's page: which of its recordings wait for legal review, under which question, who
 * must act and where (the queue's items for the request), or nothing when none waits.
 * @param {Pick<import('./api.js').Schemas['SunshineRequest'], 'requestId' | 'number' | 'dueBy' | 'reviewWait'>} r
 */
export function requestWaitBlock(r) {
  const waiting = new Set(r.reviewWait?.recordingIds ?? []);
  if (waiting.size === 0) return null;
  const box = h('div', {}, h('p', { class: 'loading' }, 'Loading the review queue…'));
  const number = String(r.number ?? r.requestId);
  void call('GET /api/v1/review-queue', { query: { request: r.requestId, limit: 1000 } }).then(
    (page) => {
      const items = page.items.filter((i) => i.recordingIds.some((id) => waiting.has(id)));
      replace(
        box,
        h(
          'ul',
          {},
          items.map((i) =>
            h(
              'li',
              { 'data-item': i.id },
              itemLink(i),
              ': ',
              i.questions.map((qm, n) => [
                n ? '; ' : '',
                qm.text,
                ' — ',
                h('strong', {}, label(ANSWERED_BY, qm.answeredBy)),
                qm.form.href ? [' ', h('a', { href: qm.form.href }, 'answer it')] : null,
              ]),
              i.assignee ? h('span', { class: 'muted small' }, ` (assigned to ${i.assignee})`) : null,
            ),
          ),
        ),
        h('p', {}, h('a', { href: `#/review?request=${enc(number)}` }, 'Open them in the review queue')),
      );
    },
    (/** @type {unknown} */ err) =>
      replace(box, h('p', { class: 'problem' }, `The review queue could not be read: ${err instanceof Error ? err.message : String(err)}`)),
  );
  return h(
    'section',
    { class: `card ${r.reviewWait.dueSoon ? 'problem' : 'notice'}`, 'aria-labelledby': 'review-wait-h', 'data-testid': 'review-wait' },
    h('h2', { id: 'review-wait-h' }, `${plural(waiting.size, 'recording')} waiting for legal review`),
    r.reviewWait.dueSoon
      ? h(
          'p',
          {},
          h('strong', {}, 'Due soon. '),
          `The request is due ${dateTime(r.dueBy)}: answer what is decided now with a partial response, and delay the rest with its earliest date (RSMo 610.023.3).`,
        )
      : null,
    box,
  );
}
