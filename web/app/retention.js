// @ts-check
/**
 * Auditor: retention dashboard. Counts by status and category, a 12-month chart of
 * recordings reaching the end of their retention (SVG drawn here, with the same numbers
 * as a table), the conflicts and classification-backlog tables, recordings linked to case
 * numbers not in the catalog (a count card that leads to their list), and CSV downloads.
 */
import { call, download, enc, problemBlock, qs, showError } from './api.js';
import { announce, field, h, replace, setTitle, table, val } from './dom.js';
import { CATEGORIES, RETENTION, dateTime, label, plural } from './format.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {import('./dom.js').Children} Children
 */

const SVG = 'http://www.w3.org/2000/svg';
const SHOW = 15;
const PAGE = 50;

/** @param {string} tag @param {Record<string, string | number>} attrs @param {...(Node | string)} children */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

const monthFmt = new Intl.DateTimeFormat('en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' });
// formats as "Mar 27": month, then the year's last two digits
const monthLong = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "2027-03" -> Date at mid-month UTC (labels only). @param {string} m */
const monthDate = (m) => new Date(`${m}-15T12:00:00Z`);

/**
 * Bar chart of `{ month, count }` drawn for the width it is shown at (so the text stays
 * readable on a phone and at 200% zoom), with a title and description for screen readers.
 * Each month (its bar, count and label) is a link to its list when `hrefOf` is given.
 * @param {Array<{ month: string, count: number }>} data
 * @param {number} W width in CSS pixels
 * @param {((month: string) => string) | null} [hrefOf]
 */
export function monthChart(data, W, hrefOf = null) {
  const H = 250,
    left = 40,
    right = 8,
    top = 22,
    bottom = 42;
  const max = Math.max(1, ...data.map((d) => d.count));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const bw = (W - left - right) / Math.max(1, data.length);
  const y = (/** @type {number} */ v) => top + (H - top - bottom) * (1 - v / yMax);
  const total = data.reduce((a, d) => a + d.count, 0);
  const svg = s(
    'svg',
    // With links the chart is a group of links (an image has no focusable parts); without, an image.
    { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'chart', role: hrefOf ? 'group' : 'img', 'aria-labelledby': 'chart-t chart-d' },
    s('title', { id: 'chart-t' }, 'Recordings reaching the end of retention, by month'),
    s(
      'desc',
      { id: 'chart-d' },
      `${total} recordings over the next ${data.length} months: ${data.map((d) => `${monthLong.format(monthDate(d.month))} ${d.count}`).join(', ')}.`,
    ),
  );
  for (let v = 0; v <= yMax; v += step) {
    svg.append(
      s('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid-line' }),
      s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)),
    );
  }
  data.forEach((d, i) => {
    const x = left + i * bw + bw * 0.15;
    const w = bw * 0.7;
    const cx = x + w / 2;
    const [mon = '', yr = ''] = monthFmt.format(monthDate(d.month)).split(' ');
    const parts = [
      s('rect', { x, y: y(d.count), width: w, height: Math.max(0, y(0) - y(d.count)), class: 'bar' }),
      s('text', { x: cx, y: y(d.count) - 5, 'text-anchor': 'middle' }, String(d.count)),
      s('text', { x: cx, y: H - bottom + 16, 'text-anchor': 'middle' }, mon),
      // The year under January and under the first month only, so narrow bars keep room.
      i === 0 || mon === 'Jan' ? s('text', { x: cx, y: H - bottom + 31, 'text-anchor': 'middle', class: 'year' }, `’${yr}`) : '',
    ];
    // The bar is the link (its name says the month and count); the numbers and labels stay plain
    // text beside it, so the link's name need not repeat them (WCAG 2.5.3).
    const [rect, ...labels] = parts;
    if (hrefOf && rect)
      svg.append(
        s(
          'a',
          {
            href: hrefOf(d.month),
            class: 'bar-link',
            'data-month': d.month,
            'aria-label': `${monthLong.format(monthDate(d.month))}: ${d.count} recordings, open the list`,
          },
          rect,
        ),
        ...labels,
      );
    else svg.append(...parts);
  });
  svg.append(s('line', { x1: left, x2: W - right, y1: y(0), y2: y(0), class: 'axis' }));
  return svg;
}

/**
 * The chart in a box that redraws it when its width changes (window resize, zoom).
 * @param {Array<{ month: string, count: number }>} data @param {(month: string) => string} hrefOf
 */
function responsiveChart(data, hrefOf) {
  const box = h('div', { class: 'chart-box' });
  let drawn = 0;
  const draw = () => {
    const w = Math.max(260, Math.floor(box.clientWidth));
    if (w === drawn) return;
    drawn = w;
    replace(box, monthChart(data, w, hrefOf));
  };
  new ResizeObserver(draw).observe(box);
  return box;
}

/** @param {number} max */
function niceStep(max) {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const f = raw / mag;
  return Math.max(1, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag);
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  setTitle('Retention dashboard');
  const asOf = ctx.query.get('asOf') ?? '';
  const unit = ctx.query.get('unit') ?? '';
  // Units are picked from the known ones (GET /api/v1/units), never typed: a misspelt unit gave zeros.
  /** @type {string[]} */
  let units = [];
  try {
    units = (await call('GET /api/v1/units')).items ?? [];
  } catch {
    /* the picker then offers the unit in the address only */
  }
  const unitOptions = /** @type {Array<[string, string]>} */ ([
    ['', 'All units'],
    ...[...new Set([...units, ...(unit ? [unit] : [])])].map((u) => /** @type {[string, string]} */ ([u, u])),
  ]);
  const filter = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', 'aria-label': 'Report options' },
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'As of (date)',
          name: 'asOf',
          type: 'date',
          value: asOf,
          hint: 'Counts the whole day, to its end (Central time). Empty for now.',
        }),
        field({ label: 'Unit', name: 'unit', value: unit, options: unitOptions }),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Update')),
    )
  );
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/retention${qs({ asOf: val(filter, 'asOf'), unit: val(filter, 'unit') })}`;
  });
  const params = { asOf, unit };
  /** @param {string} path @param {string} name */
  const csv = (path, name) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small-button',
        onclick: () =>
          void download(`${path}${qs({ ...params, format: 'csv' })}`, name, 'text/csv').then(
            () => announce(`${name} downloaded.`),
            showError,
          ),
      },
      `Download ${name}`,
    );
  const summaryBox = h('div', {}, h('p', { class: 'loading' }, 'Counting recordings…'));
  const conflictsBox = h('div', {}, h('p', { class: 'loading' }, 'Looking for conflicts…'));
  const backlogBox = h('div', {}, h('p', { class: 'loading' }, 'Loading the classification backlog…'));
  const unknownCard = h('div', { id: 'unknown-cases-card' }, h('p', { class: 'loading' }, 'Counting recordings linked to unknown cases…'));
  const unknownBox = h('div', {}, h('p', { class: 'loading' }, 'Loading recordings linked to unknown cases…'));
  const unitOnly = { unit };
  replace(
    main,
    h('h1', {}, 'Retention dashboard'),
    h('p', { class: 'lead' }, 'What the retention schedule says about every recording, and where the schedule and the facts disagree.'),
    h(
      'div',
      { class: 'columns' },
      filter,
      h(
        'section',
        { 'aria-labelledby': 'dl-h', class: 'card' },
        h('h2', { id: 'dl-h' }, 'Downloads (CSV)'),
        h(
          'div',
          { class: 'actions' },
          csv('/api/v1/reports/retention', 'retention.csv'),
          csv('/api/v1/reports/retention/conflicts', 'conflicts.csv'),
          csv('/api/v1/reports/classification-backlog', 'classification-backlog.csv'),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary small-button',
              onclick: () =>
                void download(`/api/v1/reports/unknown-cases${qs({ ...unitOnly, format: 'csv' })}`, 'unknown-cases.csv', 'text/csv').then(
                  () => announce('unknown-cases.csv downloaded.'),
                  showError,
                ),
            },
            'Download unknown-cases.csv',
          ),
        ),
        h('p', { class: 'hint' }, 'Each file covers every recording (or row) for the options chosen; the audit trail has its own export.'),
      ),
    ),
    unknownCard,
    summaryBox,
    h('h2', { id: 'conf-h' }, 'Conflicts'),
    conflictsBox,
    h('h2', { id: 'back-h' }, 'Classification backlog'),
    backlogBox,
    h('h2', { id: 'unknown-h', tabindex: '-1' }, 'Recordings linked to unknown cases'),
    unknownBox,
  );

  const [summary, conflicts, backlog, unknown] = await Promise.allSettled([
    call('GET /api/v1/reports/retention/summary', { query: { ...params, format: 'json' } }),
    call('GET /api/v1/reports/retention/blocked', { query: { ...unitOnly, limit: PAGE } }),
    call('GET /api/v1/reports/retention/unclassified', { query: { ...params, limit: PAGE } }),
    call('GET /api/v1/reports/unknown-cases', { query: unitOnly }),
  ]);
  if (unknown.status === 'fulfilled') showUnknownCases(unknownCard, unknownBox, unknown.value);
  else replace(unknownBox, problemBlock(unknown.reason));

  if (summary.status === 'fulfilled') showSummary(summaryBox, summary.value, { unit, today: !asOf });
  else replace(summaryBox, problemBlock(summary.reason));
  if (conflicts.status === 'fulfilled') showConflicts(conflictsBox, conflicts.value, { unit, today: !asOf });
  else replace(conflictsBox, problemBlock(conflicts.reason));
  if (backlog.status === 'fulfilled') showBacklog(backlogBox, backlog.value, params);
  else replace(backlogBox, problemBlock(backlog.reason));
  if (summary.status === 'fulfilled') announce(`Dashboard loaded: ${plural(summary.value.total, 'recording')}.`);
}

/**
 * The counts, each leading to the list behind it: the search screen, filtered by the status and
 * unit and paged by the service. Those lists are of the status as it is now, so with a past or
 * future "as of" the counts say what they cover and the lists stay today's, labelled as such.
 * @param {HTMLElement} box @param {Schemas['RetentionSummary']} sm @param {{ unit: string, today: boolean }} o
 */
function showSummary(box, sm, o) {
  /** @param {string} status */
  const listOf = (status) =>
    `#/search${qs({ retentionStatus: status === 'total' ? '' : status, unit: o.unit, ...(status === 'total' ? { sort: '-recordedAt' } : {}) })}`;
  /**
   * A month of the chart: the recordings kept today whose retention ends in it (the search, by
   * retain-until, a page at a time). @param {string} month YYYY-MM
   */
  const monthList = (month) => {
    const [y = 0, m = 1] = month.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    return `#/search${qs({ retentionStatus: 'retain', retainFrom: `${month}-01`, retainTo: last, unit: o.unit, sort: 'id' })}`;
  };
  /** @param {string} status @param {number} n @param {string} text */
  const card = (status, n, text) =>
    h(
      'a',
      { href: listOf(status), 'data-report': status },
      // The link's name starts with what it shows (WCAG 2.5.3), then says where it leads.
      h('span', { class: 'n', 'data-status': status }, n),
      ' ',
      h('span', { class: 't' }, text),
      h('span', { class: 'visually-hidden' }, `: open the list${o.today ? '' : ' (as it stands today)'}`),
    );
  const statuses = /** @type {Array<keyof Schemas['RetentionSummary']['byStatus']>} */ (Object.keys(sm.byStatus));
  // "Kept while a request is open" is counted apart from the rest of "kept indefinitely" (usability test, problem 8).
  const requestOpen = Number(sm.keptWhileRequestOpen ?? 0);
  const requestCard = h(
    'a',
    { href: `#/search${qs({ retentionStatus: 'indefinite', blockedBy: 'RET-REQUEST-2Y', unit: o.unit })}`, 'data-report': 'request-open' },
    h('span', { class: 'n', 'data-status': 'request-open' }, requestOpen),
    ' ',
    h('span', { class: 't' }, 'Kept while a request is open'),
    h('span', { class: 'visually-hidden' }, `: open the list${o.today ? '' : ' (as it stands today)'}`),
  );
  const cats = [...new Set(statuses.flatMap((st) => Object.keys(sm.byStatusCategory[st] ?? {})))].sort(
    (a, b) => Object.keys(CATEGORIES).indexOf(a) - Object.keys(CATEGORIES).indexOf(b),
  );
  const tone = {
    retain: '',
    eligible_for_destruction: 'stat-warn',
    held: '',
    indefinite: '',
    classification_needed: 'stat-bad',
    destroyed: '',
  };
  const months = sm.eligibleByMonth ?? [];
  replace(
    box,
    h(
      'p',
      { class: 'muted small' },
      `As of ${dateTime(sm.asOf)} · rules ${sm.rulesVersion}${sm.filters?.unit ? ` · unit ${sm.filters.unit}` : ''}`,
    ),
    h('h2', {}, 'Recordings by retention status'),
    h(
      'ul',
      { class: 'stat-grid', 'aria-label': 'Recordings by status', id: 'status-counts' },
      h('li', { class: 'stat' }, card('total', sm.total, 'All recordings')),
      statuses.map((st) =>
        h(
          'li',
          { class: `stat ${/** @type {Record<string, string>} */ (tone)[st] ?? ''}` },
          card(st, sm.byStatus[st], label(RETENTION, st)),
        ),
      ),
      h('li', { class: 'stat' }, requestCard),
    ),
    h(
      'p',
      { class: 'hint' },
      o.today
        ? 'Each count opens its list, a page at a time. '
        : 'Counts are as of the date chosen; each list they open shows the recordings as they stand today. ',
      `“Kept indefinitely” means no end date yet: kept while a case or a request is open, kept permanently (e.g. homicide), or kept until missing facts are recorded. ${plural(requestOpen, 'of them is', 'of them are')} kept while a Sunshine request is open (counted apart); each list says what keeps each recording.`,
    ),
    h('h2', {}, 'By status and category'),
    table({
      caption: 'Recordings by category (rows) and retention status (columns)',
      rows: cats,
      empty: 'No recordings.',
      cols: [
        ['Category', (c) => label(CATEGORIES, c)],
        ...statuses.map(
          (st) => /** @type {[string, (c: string) => string]} */ ([label(RETENTION, st), (c) => String(sm.byStatusCategory[st]?.[c] ?? 0)]),
        ),
      ],
    }),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'chart-h' },
      h('h2', { id: 'chart-h' }, 'Becoming eligible for destruction, next 12 months'),
      h(
        'p',
        { class: 'hint' },
        'Recordings kept today whose retention ends in each month (before holds, requests or cases that may still block them). Each month opens its list.',
      ),
      responsiveChart(months, monthList),
      h(
        'details',
        {},
        h('summary', {}, 'Show the numbers as a table'),
        table({
          caption: 'Recordings reaching the end of retention per month',
          rows: months,
          cols: [
            ['Month', (m) => h('a', { href: monthList(m.month) }, monthLong.format(monthDate(m.month)))],
            ['Recordings', (m) => String(m.count)],
          ],
        }),
      ),
    ),
  );
}

/**
 * The recordings whose schedule has run but that something blocks, as they stand now, a page at
 * a time (the service reads them through stored keys and checks each row). The integrity check
 * (recordings marked eligible that something blocks) recomputes the whole catalog, so it is in
 * conflicts.csv, not on this screen.
 * @param {HTMLElement} box @param {Schemas['RetentionBlockedPage']} first @param {{ unit: string, today: boolean }} o
 */
function showConflicts(box, first, o) {
  /** @type {Schemas['RetentionBlockedPage']['items']} */
  let rows = [];
  /** @param {Schemas['RetentionBlockedPage']} page */
  const draw = (page) => {
    rows = [...rows, ...page.items];
    const next = page.nextCursor;
    replace(
      box,
      h(
        'p',
        {},
        `${page.totalExact ? plural(page.total, 'recording') : `More than ${page.total.toLocaleString('en-US')} recordings`} past ${page.total === 1 && page.totalExact ? 'its' : 'their'} schedule that something still blocks${o.today ? '' : ' (as they stand today)'}. `,
        'The integrity check, recordings marked eligible for destruction that something blocks, reads the whole catalog: it is in conflicts.csv.',
      ),
      table({
        caption: `Recordings whose schedule has run but that are blocked, longest overdue first (${rows.length}${next ? '+' : ''})`,
        rows,
        empty: 'No conflicts: every recording past its schedule is free of blockers.',
        cols: [
          ['Recording', (r) => h('a', { href: `#/release/${enc(r.recordingId)}` }, r.recordingId)],
          ['Unit', (r) => r.unit],
          ['Category', (r) => label(CATEGORIES, r.category)],
          ['Schedule ran out', (r) => dateTime(r.scheduleRetainUntil)],
          ['Blocked by', (r) => r.blockers.map((b) => b.text).join(' ') || '—'],
        ],
      }),
      next
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  void call('GET /api/v1/reports/retention/blocked', { query: { unit: o.unit, limit: PAGE, cursor: next } }).then(
                    draw,
                    showError,
                  ),
              },
              'Show more',
            ),
          )
        : null,
    );
  };
  draw(first);
}

/**
 * The count card (it leads to the list) and the list of recordings linked to case numbers the
 * catalog does not hold: their release needs legal review until a prosecutor enters the case.
 * @param {HTMLElement} card @param {HTMLElement} box @param {Schemas['UnknownCasesReport']} uc
 */
function showUnknownCases(card, box, uc) {
  const rows = uc.rows ?? [];
  const total = uc.summary?.total ?? rows.length;
  const toList = (/** @type {Event} */ ev) => {
    ev.preventDefault();
    const target = document.getElementById('unknown-h');
    target?.scrollIntoView();
    target?.focus();
  };
  replace(
    card,
    h(
      'ul',
      { class: 'stat-grid', 'aria-label': 'Recordings linked to unknown cases' },
      h(
        'li',
        { class: `stat ${total > 0 ? 'stat-warn' : ''}` },
        h(
          'a',
          { href: '#/retention', onclick: toList, 'data-report': 'unknown-cases' },
          h('span', { class: 'n', 'data-status': 'unknown-cases' }, total),
          h('span', { class: 't' }, `Linked to ${plural(uc.summary?.unknownCases ?? 0, 'unknown case')}`),
        ),
      ),
    ),
  );
  replace(
    box,
    h(
      'p',
      {},
      total > 0
        ? `${plural(total, 'recording')} name a case number the catalog does not hold; each needs legal review until the case is entered.`
        : 'Every case number a recording names is in the catalog.',
    ),
    listTable(rows, {
      caption: 'Recordings linked to case numbers not in the catalog',
      empty: 'None.',
      cols: [
        ['Recording', (r) => h('a', { href: `#/release/${enc(r.recordingId)}` }, r.recordingId)],
        ['Unknown cases', (r) => (r.unknownCaseNumbers ?? []).join(', ')],
        ['Unit', (r) => r.unit],
        ['Category', (r) => label(CATEGORIES, r.category)],
        ['Recorded', (r) => dateTime(r.recordedAt)],
      ],
    }),
  );
}

/**
 * The classification backlog, oldest first, a page at a time; its total follows the unit picked
 * above (the counts by unit and officer for every unit are in the full report's JSON).
 * @param {HTMLElement} box @param {Schemas['ClassificationBacklogPage']} first @param {{ asOf: string, unit: string }} params
 */
function showBacklog(box, first, params) {
  /** @type {Schemas['ClassificationBacklogPage']['items']} */
  let rows = [];
  /** @param {Schemas['ClassificationBacklogPage']} page */
  const draw = (page) => {
    rows = [...rows, ...page.items];
    const next = page.nextCursor;
    replace(
      box,
      h('p', {}, `${plural(page.total, 'recording')} left unclassified for more than ${page.olderThanDays} days.`),
      table({
        caption: `Unclassified recordings, oldest first (${rows.length}${next ? '+' : ''})`,
        rows,
        empty: 'No backlog: every recording is classified in time.',
        cols: [
          ['Recording', (r) => h('a', { href: `#/release/${enc(r.recordingId)}` }, r.recordingId)],
          ['Unit', (r) => r.unit],
          ['Officer', (r) => r.officerId],
          ['Recorded', (r) => dateTime(r.recordedAt)],
          ['Age (days)', (r) => String(r.ageDays)],
        ],
      }),
      next
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  void call('GET /api/v1/reports/retention/unclassified', { query: { ...params, limit: PAGE, cursor: next } }).then(
                    draw,
                    showError,
                  ),
              },
              'Show more',
            ),
          )
        : null,
    );
  };
  draw(first);
}

/**
 * A table of the first rows with a button to show all (long lists stay usable).
 * @template T
 * @param {T[]} rows @param {{ caption: string, empty: string, cols: Array<[string, (r: T) => Children]> }} o
 */
function listTable(rows, o) {
  const wrap = h('div', {});
  /** @param {boolean} all */
  const draw = (all) => {
    replace(
      wrap,
      table({
        ...o,
        caption: all || rows.length <= SHOW ? o.caption : `${o.caption} (first ${SHOW} of ${rows.length})`,
        rows: all ? rows : rows.slice(0, SHOW),
      }),
      !all && rows.length > SHOW
        ? h('button', { type: 'button', class: 'secondary small-button', onclick: () => draw(true) }, `Show all ${rows.length}`)
        : null,
    );
  };
  draw(false);
  return wrap;
}
