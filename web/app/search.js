// @ts-check
/**
 * Search: find recordings by id prefix, case, officer, camera, unit, category, recorded dates,
 * retention status and the stored answer for a member of the public, newest or oldest first or
 * by id. The service pages the results (a cursor per page); nothing here loads the catalog.
 * The search is kept in the address (#/search?unit=…), so it survives a reload or a new tab and
 * can be sent to a colleague.
 */
import { api, clearFieldErrors, enc, qs } from './api.js';
import { announce, field, h, replace, setTitle, table, val } from './dom.js';
import { CATEGORIES, OUTCOMES, RETENTION, centralToIso, dateTime, label, options, plural } from './format.js';
import { fieldError, formProblem } from './holds.js';
import { answerCell } from './answer.js';

/** @typedef {import('./main.js').ScreenCtx} ScreenCtx */

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
  'sort',
];

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
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
  const sortSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem('sort'));
  const prefixInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('idPrefix'));
  // An id prefix is listed in id order (the id index answers it in that order): say so by switching.
  prefixInput.addEventListener('change', () => {
    if (prefixInput.value.trim() && sortSelect.value !== 'id') {
      sortSelect.value = 'id';
      announce('Order set to recording id: an id prefix is listed in id order.');
    }
  });

  /** @type {any[]} */
  let rows = [];
  /** The query of the search shown (the next page repeats it with the cursor). @type {Record<string, string | number>} */
  let shownQuery = {};

  /** @param {string | null} cursor */
  async function load(cursor) {
    const page = await api(`/api/v1/recordings${qs({ ...shownQuery, limit: PAGE, cursor })}`);
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
          ['Retention', (r) => (r.destruction ? 'Destroyed' : r.retention ? label(RETENTION, r.retention.status) : 'Not decided yet')],
          [
            'Public answer now',
            // With a court order's notice and conditions, as everywhere the answer shows (usability test, problem 1).
            (r) => (r.release ? answerCell(r.release) : 'Not decided yet'),
          ],
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
                onclick: async (/** @type {Event} */ ev) => {
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
                },
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
    history.replaceState(null, '', '#/search');
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    replace(/** @type {HTMLElement} */ (form.querySelector('.form-problem')));
    const from = val(form, 'from');
    const to = val(form, 'to');
    if (from && to && from > to) {
      const input = /** @type {HTMLElement} */ (form.querySelector('[name="from"]'));
      fieldError(input, 'Must not be after "Recorded to".');
      replace(
        /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
        h(
          'div',
          { class: 'problem', role: 'alert' },
          h('p', { class: 'problem-title' }, 'The search did not run. Check:'),
          h('ul', {}, h('li', {}, 'Recorded from: Must not be after "Recorded to".')),
        ),
      );
      input.focus();
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
      sort: val(form, 'sort'),
    };
    // The address keeps the form's own values (dates as entered), not the API's.
    const address = new URLSearchParams(NAMES.map((n) => [n, val(form, n)]).filter(([, v]) => v !== ''));
    history.replaceState(null, '', `#/search${address.size ? `?${address}` : ''}`);
    replace(results, h('p', { class: 'loading', role: 'status' }, 'Searching…'));
    try {
      await load(null);
      announce(`${plural(rows.length, 'recording')}${rows.length === PAGE ? ' or more' : ''} found.`);
    } catch (err) {
      replace(results);
      formProblem(form, err, 'The search', 'did not run');
    }
  });

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
  );
  if (NAMES.some((n) => q.get(n))) form.requestSubmit();
}
