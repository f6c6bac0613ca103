// @ts-check
/**
 * Auditor: the audit trail. Search entries (who, what, which record, when), page through
 * them, export CSV, and verify the hash chain (every entry's hash covers the previous one,
 * so an edited or deleted entry shows as the first broken link).
 */
import { call, clearFieldErrors, download, problemBlock, qs, showError, showFormErrors } from './api.js';
import { announce, field, h, replace, setTitle, table, val } from './dom.js';
import { centralToIso, dateTime, plural } from './format.js';

/** @typedef {import('./main.js').ScreenCtx} ScreenCtx @typedef {import('./api.js').Schemas} Schemas */

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  setTitle('Audit trail');
  const verifyBox = h('div', { 'aria-live': 'polite' });
  const results = h('div', {});
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', novalidate: true, role: 'search', 'aria-labelledby': 'as-h' },
      h('h2', { id: 'as-h' }, 'Search'),
      h(
        'div',
        { class: 'grid' },
        field({ label: 'User (sub)', name: 'actor', path: 'query.actor', attrs: { autocomplete: 'off' } }),
        field({
          label: 'Action',
          name: 'action',
          path: 'query.action',
          hint: 'e.g. POST /api/v1/requests',
          attrs: { autocomplete: 'off' },
        }),
        field({
          label: 'Record (recording, case or request id)',
          name: 'target',
          value: ctx.query.get('target') ?? '',
          path: 'query.target',
          hint: 'The start of the id is enough, in any letter case (e.g. bwc-0000000).',
          attrs: { autocomplete: 'off' },
        }),
        field({ label: 'From', name: 'from', type: 'date', path: 'query.from' }),
        field({ label: 'To', name: 'to', type: 'date', path: 'query.to' }),
      ),
      h('div', { class: 'form-problem' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Search'),
        h('button', { type: 'button', class: 'secondary', onclick: () => void exportCsv() }, 'Download CSV'),
      ),
    )
  );

  const params = () => ({
    actor: val(form, 'actor'),
    action: val(form, 'action'),
    target: val(form, 'target'),
    from: val(form, 'from') ? centralToIso(val(form, 'from')) : '',
    to: val(form, 'to') ? centralToIso(`${val(form, 'to')}T23:59:59.999`) : '',
  });

  async function exportCsv() {
    try {
      await download(`/api/v1/audit${qs({ ...params(), format: 'csv' })}`, 'audit.csv', 'text/csv');
      announce('audit.csv downloaded.');
    } catch (err) {
      showError(err);
    }
  }

  /** @type {Schemas['AuditEntry'][]} */
  let rows = [];
  /** @param {string | null} cursor */
  async function search(cursor) {
    clearFieldErrors(form);
    if (!cursor) replace(results, h('p', { class: 'loading' }, 'Searching…'));
    try {
      const page = await call('GET /api/v1/audit', { query: { ...params(), limit: 50, cursor } });
      rows = cursor ? [...rows, ...page.items] : page.items;
      replace(
        results,
        table({
          caption: `Audit entries, newest first (${rows.length}${page.nextCursor ? '+' : ''})`,
          rows,
          empty: 'No entries match.',
          rowClass: (e) => (e.outcome?.status >= 400 ? 'row-today' : ''),
          cols: [
            ['#', (e) => String(e.seq)],
            ['When', (e) => dateTime(e.at)],
            ['Who', (e) => `${e.actor?.sub ?? '?'} (${e.actor?.role ?? '?'})`],
            ['What', (e) => h('span', { title: e.action }, e.description ?? e.action)],
            ['Records', (e) => records(e.targets)],
            ['Result', (e) => e.outcomeText ?? String(e.outcome?.status ?? '')],
          ],
        }),
        page.nextCursor
          ? h(
              'div',
              { class: 'actions' },
              h('button', { type: 'button', class: 'secondary', onclick: () => void search(page.nextCursor) }, 'Show more'),
            )
          : null,
      );
      announce(`${plural(rows.length, 'entry', 'entries')} shown.`);
    } catch (err) {
      replace(results);
      showFormErrors(form, err);
    }
  }

  /**
   * The records an entry names: the first few inline, the rest behind a disclosure (a list
   * response can show hundreds of recordings).
   * @param {string[]} targets
   */
  function records(targets) {
    if (targets.length === 0) return '—';
    if (targets.length <= 4) return targets.join(', ');
    return h(
      'details',
      {},
      h('summary', {}, `${targets.slice(0, 3).join(', ')} and ${targets.length - 3} more`),
      h('p', { class: 'small' }, targets.join(', ')),
    );
  }

  async function verify() {
    replace(verifyBox, h('p', { class: 'loading' }, 'Verifying every link of the chain…'));
    try {
      const v = await call('GET /api/v1/audit/verify');
      replace(
        verifyBox,
        v.ok
          ? h(
              'div',
              { class: 'success', id: 'verify-result', 'data-ok': 'true' },
              h(
                'p',
                {},
                h('strong', {}, 'Chain intact. '),
                `${plural(v.entriesVerified, 'entry', 'entries')} verified; no entry was changed or removed.`,
              ),
              v.head ? h('p', { class: 'small mono' }, `Head: #${v.head.seq} ${v.head.hash}`) : null,
            )
          : h(
              'div',
              { class: 'problem', id: 'verify-result', 'data-ok': 'false' },
              h('p', { class: 'problem-title' }, 'Chain broken'),
              h('p', {}, `${plural(v.entriesVerified, 'entry', 'entries')} verified before the first broken link.`),
              v.firstBroken ? h('p', {}, `Entry #${v.firstBroken.seq} (${v.firstBroken.id}): ${v.firstBroken.problem}`) : null,
            ),
      );
      announce(v.ok ? 'Audit chain intact.' : 'Audit chain broken.');
    } catch (err) {
      replace(verifyBox, problemBlock(err));
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void search(null);
  });
  replace(
    main,
    h('h1', {}, 'Audit trail'),
    h('p', { class: 'lead' }, 'Every authenticated or refused call to the service, hash-chained so that changes are detectable.'),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'v-h' },
      h('h2', { id: 'v-h' }, 'Chain verification'),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => void verify() }, 'Verify the chain')),
      verifyBox,
    ),
    form,
    results,
  );
  await search(null);
}
