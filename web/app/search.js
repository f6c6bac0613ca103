// @ts-check
/**
 * Search: find recordings by id prefix, case, officer, camera, unit, category, recorded dates,
 * retention status and the stored answer for a member of the public, newest or oldest first or
 * by id. The service pages the results (a cursor per page); nothing here loads the catalog.
 * The search is kept in the address (#/search?unit=…), so it survives a reload or a new tab and
 * can be sent to a colleague. A clerk ticks recordings in the results and adds them to a Sunshine
 * request by its number (the request page links here with its number filled in).
 */
import { ApiError, call, clearFieldErrors, enc, handler } from './api.js';
import { announce, field, h, replace, selectColumn, setTitle, table, val } from './dom.js';
import { CATEGORIES, OUTCOMES, RETENTION, centralToIso, date, dateTime, label, options, plural } from './format.js';
import { fieldError, formProblem, refuseField } from './holds.js';
import { answerCell } from './answer.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas['Recording']} Recording
 */

const PAGE = 50;

/** @type {Record<string, string>} */
const SORTS = { '-recordedAt': 'Newest first', recordedAt: 'Oldest first', id: 'Recording id' };

/** The form's fields, in the order they are read into the query (and the address). */
const NAMES = [
  'idPrefix',
  'caseNumber',
  'officerId',
  'cameraSerial',
  'unit',
  'category',
  'retentionStatus',
  'releaseStatus',
  'from',
  'to',
  'blockedBy',
  'retainFrom',
  'retainTo',
  'sort',
];

/**
 * What keeps a recording from destruction, in words (the retention rules behind the stored blockers).
 * With "Kept indefinitely", a Sunshine request means it is kept while the request is open.
 * @type {Array<[string, string]>}
 */
const KEPT_BY = [
  ['', 'Anything (or nothing)'],
  ['RET-REQUEST-2Y', 'A Sunshine request naming it'],
  ['RET-HOLD', 'A legal hold'],
  ['RET-CASE-INACTIVE-1Y', 'A case not yet inactive for a year'],
  ['RET-CLOSED-RETAINED', 'A closed record awaiting review'],
  ['RET-EXPUNGEMENT-ORDER', 'An expungement order awaiting review'],
];

/**
 * The recording's retention status, what keeps it (in words, not rule ids) and until when.
 * @param {Recording} r
 */
function retentionCell(r) {
  if (r.destruction) return 'Destroyed';
  if (!r.retention) return 'Not decided yet';
  const words = new Map(KEPT_BY.slice(1));
  const kept = [...new Set((r.retention.blockers ?? []).map((b) => words.get(b) ?? 'Another retention rule'))];
  const open = r.retention.status === 'indefinite' && (r.retention.blockers ?? []).includes('RET-REQUEST-2Y');
  return h(
    'span',
    {},
    open ? 'Kept while a request is open' : label(RETENTION, r.retention.status),
    r.retention.retainUntil ? h('span', { class: 'small muted' }, ` · until ${date(r.retention.retainUntil)}`) : null,
    kept.length
      ? h(
          'span',
          { class: 'small', 'data-testid': 'kept-by' },
          ` · kept by: ${kept.map((k) => k.charAt(0).toLowerCase() + k.slice(1)).join('; ')}`,
        )
      : null,
  );
}

/** The calendar day after a YYYY-MM-DD day. @param {string} day */
const dayAfter = (day) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export function render(main, ctx) {
  setTitle('Search recordings');
  const q = ctx.query;
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, role: 'search', 'aria-labelledby': 'search-h' },
      h('h2', { id: 'search-h' }, 'Find recordings'),
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Recording id starts with',
          name: 'idPrefix',
          path: 'query.idPrefix',
          value: q.get('idPrefix') ?? '',
          hint: 'Any letter case, e.g. bwc-0000001. Listed in id order.',
          attrs: { autocomplete: 'off', spellcheck: 'false' },
        }),
        field({
          label: 'Case number',
          name: 'caseNumber',
          path: 'query.caseNumber',
          value: q.get('caseNumber') ?? '',
          attrs: { autocomplete: 'off', placeholder: 'KC23-000001' },
        }),
        field({
          label: 'Officer id',
          name: 'officerId',
          path: 'query.officerId',
          value: q.get('officerId') ?? '',
          attrs: { autocomplete: 'off', placeholder: 'O-10025' },
        }),
        field({
          label: 'Camera serial',
          name: 'cameraSerial',
          path: 'query.cameraSerial',
          value: q.get('cameraSerial') ?? '',
          attrs: { autocomplete: 'off' },
        }),
        field({
          label: 'Unit',
          name: 'unit',
          path: 'query.unit',
          value: q.get('unit') ?? '',
          hint: 'Exact unit name, e.g. Central Patrol Division.',
        }),
        field({
          label: 'Category',
          name: 'category',
          path: 'query.category',
          value: q.get('category') ?? '',
          options: [['', 'Any category'], ...options(CATEGORIES)],
        }),
        field({
          label: 'Retention status',
          name: 'retentionStatus',
          path: 'query.retentionStatus',
          value: q.get('retentionStatus') ?? '',
          options: [['', 'Any status'], ...options(RETENTION)],
        }),
        field({
          label: 'Answer for a member of the public',
          name: 'releaseStatus',
          path: 'query.releaseStatus',
          value: q.get('releaseStatus') ?? '',
          options: [['', 'Any answer'], ...Object.entries(OUTCOMES).map(([k, o]) => /** @type {[string, string]} */ ([k, o.label]))],
          hint: 'For the public only: people shown, families and agencies may get more (open the recording).',
        }),
        field({ label: 'Recorded from', name: 'from', type: 'date', path: 'query.recordedFrom', value: q.get('from') ?? '' }),
        field({
          label: 'Recorded to',
          name: 'to',
          type: 'date',
          path: 'query.recordedTo',
          value: q.get('to') ?? '',
          hint: 'Includes the whole day (Central time).',
        }),
        field({
          label: 'Kept from destruction by',
          name: 'blockedBy',
          path: 'query.blockedBy',
          value: q.get('blockedBy') ?? '',
          options: KEPT_BY,
        }),
        field({
          label: 'Retention ends from',
          name: 'retainFrom',
          type: 'date',
          path: 'query.retainUntilFrom',
          value: q.get('retainFrom') ?? '',
        }),
        field({
          label: 'Retention ends by',
          name: 'retainTo',
          type: 'date',
          path: 'query.retainUntilTo',
          value: q.get('retainTo') ?? '',
          hint: 'Includes the whole day (Central time).',
        }),
        field({ label: 'Order', name: 'sort', path: 'query.sort', value: q.get('sort') ?? '-recordedAt', options: options(SORTS) }),
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
  const results = h('div', { class: 'results' });
  // Adding results to a request: who may (the service checks too), and what is ticked, across pages.
  const canAdd = ctx.role === 'clerk' || ctx.role === 'admin';
  /** @type {Set<string>} */
  const selected = new Set();
  const addForm = canAdd ? addToRequestForm(selected, q.get('request') ?? '') : null;
  const sortSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem('sort'));
  const prefixInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('idPrefix'));
  // An id prefix is listed in id order (the id index answers it in that order): say so by switching.
  prefixInput.addEventListener('change', () => {
    if (prefixInput.value.trim() && sortSelect.value !== 'id') {
      sortSelect.value = 'id';
      announce('Order set to recording id: an id prefix is listed in id order.');
    }
  });

  /** @type {Recording[]} */
  let rows = [];
  /** The query of the search shown (the next page repeats it with the cursor). @type {import('./api.js').Query<'GET /api/v1/recordings'>} */
  let shownQuery = {};

  /** @param {string | null} cursor */
  async function load(cursor) {
    const page = await call('GET /api/v1/recordings', { query: { ...shownQuery, limit: PAGE, cursor } });
    rows = cursor ? [...rows, ...page.items] : page.items;
    const caption = `Recordings found (${rows.length}${page.nextCursor ? '+' : ''}), ${SORTS[String(shownQuery.sort)]?.toLowerCase() ?? ''}`;
    replace(
      results,
      h('h2', { id: 'results-h', tabindex: -1 }, `${plural(rows.length, 'recording')}${page.nextCursor ? ' so far' : ''}`),
      table({
        caption,
        rows,
        empty: 'No recording matches. Widen the dates, or check the id, case or officer.',
        cols: [
          ['Recording', (r) => h('a', { href: `#/release/${enc(r.recordingId)}` }, r.recordingId)],
          ['Recorded', (r) => dateTime(r.recordedAt)],
          ['Officer', (r) => r.officerId],
          ['Camera', (r) => r.cameraSerial],
          ['Unit', (r) => r.unit ?? '—'],
          ['Category', (r) => label(CATEGORIES, r.category)],
          ['Cases', (r) => (r.caseNumbers?.length ? r.caseNumbers.join(', ') : '—')],
          ['Retention', (r) => retentionCell(r)],
          [
            'Public answer now',
            // With a court order's notice and conditions, as everywhere the answer shows (usability test, problem 1).
            (r) => (r.release ? answerCell(r.release) : 'Not decided yet'),
          ],
          ...(addForm ? [selectColumn('Add to request', selected, () => addForm.showCount())] : []),
        ],
      }),
      page.nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'data-testid': 'search-more',
                onclick: handler(async (ev) => {
                  const button = /** @type {HTMLButtonElement} */ (ev.currentTarget);
                  button.disabled = true;
                  button.textContent = 'Loading more…';
                  const before = rows.length;
                  try {
                    await load(page.nextCursor);
                    announce(`${plural(rows.length - before, 'more recording')} shown, ${rows.length} in all.`);
                    // Keyboard users continue at the first new row rather than at the top of the page.
                    const link = /** @type {HTMLElement | null} */ (
                      results.querySelectorAll('tbody tr')[before]?.querySelector('a') ?? null
                    );
                    link?.focus();
                  } catch (err) {
                    formProblem(form, err, 'The search', 'did not run');
                  }
                }),
              },
              'Show more',
            ),
          )
        : null,
    );
  }

  form.addEventListener('reset', () => {
    clearFieldErrors(form);
    replace(/** @type {HTMLElement} */ (form.querySelector('.form-problem')));
    replace(results);
    selected.clear();
    addForm?.showCount();
    history.replaceState(null, '', '#/search');
  });
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      replace(/** @type {HTMLElement} */ (form.querySelector('.form-problem')));
      const from = val(form, 'from');
      const to = val(form, 'to');
      const retainFrom = val(form, 'retainFrom');
      const retainTo = val(form, 'retainTo');
      if (retainFrom && retainTo && retainFrom > retainTo) {
        refuseField(
          form,
          'retainFrom',
          'Must not be after "Retention ends by".',
          'Retention ends from: Must not be after "Retention ends by".',
          'The search did not run. Check:',
        );
        return;
      }
      if (from && to && from > to) {
        refuseField(
          form,
          'from',
          'Must not be after "Recorded to".',
          'Recorded from: Must not be after "Recorded to".',
          'The search did not run. Check:',
        );
        return;
      }
      if (val(form, 'idPrefix') && val(form, 'sort') !== 'id') sortSelect.value = 'id';
      shownQuery = {
        idPrefix: val(form, 'idPrefix'),
        caseNumber: val(form, 'caseNumber'),
        officerId: val(form, 'officerId'),
        cameraSerial: val(form, 'cameraSerial'),
        unit: val(form, 'unit'),
        category: val(form, 'category'),
        retentionStatus: val(form, 'retentionStatus'),
        releaseStatus: val(form, 'releaseStatus'),
        recordedFrom: from ? centralToIso(from) : '',
        recordedTo: to ? centralToIso(`${to}T23:59:59.999`) : '',
        blockedBy: val(form, 'blockedBy'),
        // Whole Central days: from the start of the first to the start of the day after the last.
        retainUntilFrom: retainFrom ? centralToIso(`${retainFrom}T00:00`) : '',
        retainUntilTo: retainTo ? centralToIso(`${dayAfter(retainTo)}T00:00`) : '',
        sort: val(form, 'sort'),
      };
      // The address keeps the form's own values (dates as entered), not the API's.
      const address = new URLSearchParams(NAMES.map((n) => [n, val(form, n)]).filter(([, v]) => v !== ''));
      history.replaceState(null, '', `#/search${address.size ? `?${address}` : ''}`);
      replace(results, h('p', { class: 'loading', role: 'status' }, 'Searching…'));
      selected.clear();
      addForm?.showCount();
      try {
        await load(null);
        announce(`${plural(rows.length, 'recording')}${rows.length === PAGE ? ' or more' : ''} found.`);
      } catch (err) {
        replace(results);
        formProblem(form, err, 'The search', 'did not run');
      }
    }),
  );

  replace(
    main,
    h('h1', {}, 'Search recordings'),
    h(
      'p',
      { class: 'lead' },
      'Find recordings by any of these; leave the rest empty. Open a recording to check its release for a particular requester.',
    ),
    form,
    h('section', { 'aria-label': 'Search results' }, results),
    addForm?.form ?? null,
  );
  if (NAMES.some((n) => q.get(n))) form.requestSubmit();
}

/**
 * "Add to request": the ticked results go into a Sunshine request's scope by its number
 * (POST /api/v1/requests/:number/recordings), and are decided there for its requester at once.
 * @param {Set<string>} selected @param {string} number the request's number, when the request page sent the clerk here
 */
function addToRequestForm(selected, number) {
  const count = h('p', { class: 'small', role: 'status', 'data-testid': 'add-selected-count' });
  const done = h('div', {});
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', novalidate: true, 'aria-labelledby': 'add-h' },
      h('h2', { id: 'add-h' }, 'Add to a request'),
      h(
        'p',
        { class: 'hint' },
        'Tick the recordings in the results that a Sunshine request asks for, then give its number. They are added to its scope and checked for its requester at once; pages shown later keep what is ticked.',
      ),
      count,
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Request number',
          name: 'request',
          path: 'params.id',
          required: true,
          value: number,
          hint: 'As the requester quotes it, e.g. SR-2026-00123.',
          attrs: { autocomplete: 'off', spellcheck: 'false' },
        }),
      ),
      h('div', { class: 'form-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add to request'), h('span', { class: 'progress', role: 'status' })),
      done,
    )
  );
  const showCount = () => replace(count, `${plural(selected.size, 'recording')} selected.`);
  showCount();
  const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('request'));
  /** @param {string} line @param {HTMLElement | null} target */
  const refuse = (line, target) => {
    if (target) fieldError(target, line.replace(/^[^:]*: /, ''));
    replace(
      /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
      h(
        'div',
        { class: 'problem', role: 'alert' },
        h('p', { class: 'problem-title' }, 'Nothing was added. Check:'),
        h('ul', {}, h('li', {}, line)),
      ),
    );
    (target ?? input).focus();
  };
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      replace(/** @type {HTMLElement} */ (form.querySelector('.form-problem')));
      replace(done);
      const typed = input.value.trim();
      if (selected.size === 0) return refuse('Recordings: Tick at least one recording in the results.', null);
      if (!typed) return refuse('Request number: Required.', input);
      const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
      const progress = /** @type {HTMLElement} */ (form.querySelector('.progress'));
      submit.disabled = true;
      replace(progress, 'Adding…');
      announce('Adding…');
      try {
        const ids = [...selected];
        const next = await call('POST /api/v1/requests/{id}/recordings', { params: { id: typed }, body: { recordingIds: ids } });
        const shown = String(next.number ?? typed);
        selected.clear();
        showCount();
        for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('.results input[type="checkbox"]')))
          box.checked = false;
        replace(
          done,
          h(
            'p',
            { class: 'success', role: 'status', 'data-testid': 'added-to-request' },
            `Added ${plural(ids.length, 'recording')} to request ${shown}; ${plural(next.recordingIds?.length ?? ids.length, 'recording')} in its scope now. `,
            h('a', { href: `#/requests/${enc(shown)}` }, `Open request ${shown}`),
          ),
        );
        announce(`Added ${plural(ids.length, 'recording')} to request ${shown}.`);
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || (err.status === 400 && /params/.test(JSON.stringify(err.problem ?? {})))))
          refuse(`Request number: No request has the number ${typed}. Check it with the requester (it looks like SR-2026-00123).`, input);
        else formProblem(form, err, 'The recordings', 'were not added');
      } finally {
        submit.disabled = false;
        replace(progress);
      }
    }),
  );
  return { form, showCount };
}
