// @ts-check
/**
 * Upcoming changes: the recordings whose answer or retention will change by itself in a window
 * (their stored review date), soonest first, with the reason in words, so a clerk can tell a
 * requester when to ask again and an auditor can plan destruction. Paged by the service.
 */
import { call, clearFieldErrors, download, enc, handler, qs } from './api.js';
import { announce, field, h, replace, setTitle, table, val } from './dom.js';
import { CATEGORIES, OUTCOMES, RETENTION, centralDay, centralToIso, dateTime, label, plural } from './format.js';
import { formProblem, refuseField } from './holds.js';

/** @typedef {import('./main.js').ScreenCtx} ScreenCtx @typedef {import('./api.js').Schemas} Schemas */

const PAGE = 50;
const DAY = 86_400_000;

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export function render(main, ctx) {
  setTitle('Upcoming changes');
  const today = centralDay(new Date());
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, role: 'search', 'aria-label': 'Window and unit' },
      h(
        'div',
        { class: 'grid' },
        field({ label: 'From', name: 'from', type: 'date', path: 'query.from', value: ctx.query.get('from') ?? today }),
        field({
          label: 'To',
          name: 'to',
          type: 'date',
          path: 'query.to',
          value: ctx.query.get('to') ?? centralDay(new Date(Date.now() + 30 * DAY)),
          hint: 'Includes the whole day (Central time).',
        }),
        field({
          label: 'Unit',
          name: 'unit',
          path: 'query.unit',
          value: ctx.query.get('unit') ?? '',
          hint: 'Exact unit name; empty for every unit.',
        }),
      ),
      h('div', { class: 'form-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show changes')),
    )
  );
  const results = h('div', { class: 'results' });
  /** @type {Schemas['UpcomingChanges']['items']} */
  let rows = [];
  /** The window and unit of the list shown (the CSV download asks for the same). @type {{ from?: string, to?: string, unit?: string }} */
  let shown = {};

  /** @param {string | null} cursor */
  async function load(cursor) {
    const page = await call('GET /api/v1/reports/upcoming-changes', { query: { ...shown, limit: PAGE, cursor } });
    const before = rows.length;
    rows = cursor ? [...rows, ...page.items] : page.items;
    replace(
      results,
      h(
        'h2',
        { tabindex: -1 },
        `${plural(rows.length, 'recording')}${page.nextCursor ? ' so far' : ''} change between ${dateTime(page.from)} and ${dateTime(page.to)}`,
      ),
      table({
        caption: `Changes by date (${rows.length}${page.nextCursor ? '+' : ''})`,
        rows,
        empty: 'No recording changes in this window.',
        cols: [
          ['Recording', (x) => h('a', { href: `#/release/${enc(x.recording.recordingId)}` }, x.recording.recordingId)],
          ['Changes on', (x) => dateTime(x.reviewAt)],
          [
            'Why',
            (x) =>
              h(
                'ul',
                { class: 'plain' },
                x.reasons.map((r) => h('li', { 'data-kind': r.kind }, r.text)),
              ),
          ],
          ['Unit', (x) => x.recording.unit ?? '—'],
          ['Category', (x) => label(CATEGORIES, x.recording.category)],
          [
            'Public answer now',
            (x) =>
              x.recording.release ? (OUTCOMES[x.recording.release.outcome]?.label ?? x.recording.release.outcome) : 'Not decided yet',
          ],
          ['Retention now', (x) => (x.recording.retention ? label(RETENTION, x.recording.retention.status) : 'Not decided yet')],
        ],
      }),
      // The whole window as CSV, streamed by the service (not only the rows shown here).
      rows.length
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary small-button',
                onclick: () => {
                  const name = `upcoming-changes-${String(shown.from || centralDay(new Date())).slice(0, 10)}.csv`;
                  void download(`/api/v1/reports/upcoming-changes/csv${qs(shown)}`, name, 'text/csv').then(
                    () => announce(`${name} downloaded.`),
                    (/** @type {unknown} */ err) => formProblem(form, err, 'The CSV', 'was not downloaded'),
                  );
                },
              },
              'Download CSV (whole window)',
            ),
          )
        : null,
      page.nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'data-testid': 'upcoming-more',
                onclick: handler(async () => {
                  try {
                    await load(page.nextCursor);
                  } catch (err) {
                    formProblem(form, err, 'The list', 'was not loaded');
                  }
                }),
              },
              'Show more',
            ),
          )
        : null,
    );
    if (cursor) {
      announce(`${plural(rows.length - before, 'more recording')} shown, ${rows.length} in all.`);
      /** @type {HTMLElement | null} */ (results.querySelectorAll('tbody tr')[before]?.querySelector('a') ?? null)?.focus();
    }
  }

  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      replace(/** @type {HTMLElement} */ (form.querySelector('.form-problem')));
      const from = val(form, 'from');
      const to = val(form, 'to');
      if (from && to && from > to) {
        refuseField(form, 'to', 'Must not be before "From".', 'To: Must not be before "From".', 'The list was not loaded. Check:');
        return;
      }
      shown = { from: from ? centralToIso(from) : '', to: to ? centralToIso(`${to}T23:59:59.999`) : '', unit: val(form, 'unit') };
      history.replaceState(
        null,
        '',
        `#/upcoming?${new URLSearchParams(
          [
            ['from', from],
            ['to', to],
            ['unit', val(form, 'unit')],
          ].filter(([, v]) => v),
        )}`,
      );
      replace(results, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
      try {
        await load(null);
        announce(`${plural(rows.length, 'recording')}${rows.length === PAGE ? ' or more' : ''} change in this window.`);
      } catch (err) {
        replace(results);
        formProblem(form, err, 'The list', 'was not loaded');
      }
    }),
  );

  replace(
    main,
    h('h1', {}, 'Upcoming changes'),
    h(
      'p',
      { class: 'lead' },
      'Recordings whose answer for the public or retention will change by itself: a notice period or time limit ends, a retention period runs out, a classification is due. Tell requesters when to ask again; plan destruction.',
    ),
    form,
    h('section', { 'aria-label': 'Upcoming changes' }, results),
  );
  form.requestSubmit();
}
