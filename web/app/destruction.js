// @ts-check
/**
 * Destruction (auditor reads, admin records): the recordings eligible for destruction now,
 * filtered like the retention report and paged by the service; recording a destruction the
 * evidence system performed, for one recording or a selected batch, with the service's
 * refusal reasons per recording (it re-decides each one from fresh facts before recording);
 * the destruction log (tombstones: metadata kept, media gone); and the manual review that
 * releases a record kept as a closed record to its normal schedule (legal finding A17).
 */
import { ApiError, call, clearFieldErrors, enc, handler } from './api.js';
import { announce, field, h, replace, selectColumn, setTitle, table, val } from './dom.js';
import { CATEGORIES, RETENTION, centralToIso, dateTime, label, longDate, nowLocalInput, options, plural } from './format.js';
import { fieldError, formProblem, withProgress } from './holds.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 */

const PAGE = 50;
/** The rule that keeps a closed record (RSMo 610.120.1) until a manual review releases it. */
const CLOSED_RECORD_RULE = 'RET-CLOSED-RETAINED';

/** @type {Record<Schemas['RetentionReview']['authority'], string>} */
const REVIEW_AUTHORITIES = {
  rsmo_610_124: 'RSMo 610.124 procedure',
  local_records_board: 'Local Records Board authority (only if counsel switched on the opt-in)',
};

/**
 * Why the service refused a destruction, in words: the blocking reasons it sent (rule text and
 * citation), or its explanation.
 * @param {unknown} err @returns {string[]}
 */
function refusalReasons(err) {
  if (!(err instanceof ApiError)) return ['The service could not be reached; nothing was recorded for this recording. Try again.'];
  const p = err.problem;
  // The refusal's extension member: the rules that block it ({ ruleId, citation, text } each).
  const blocking = p.blockingReasons;
  if (Array.isArray(blocking) && blocking.length) {
    return blocking.map((/** @type {unknown} */ r) => {
      const { text, citation } = /** @type {{ text?: string, citation?: string }} */ (r ?? {});
      return `${String(text)}${citation ? ` (${citation})` : ''}`;
    });
  }
  if (err.status === 404) return ['No recording with this id is in the catalog.'];
  const fields = (p.errors ?? []).map(
    (e) => `${/performedAt/.test(e.path) ? 'Destroyed at' : /authority/.test(e.path) ? 'Authority' : 'Entry'}: ${e.message}`,
  );
  return fields.length ? fields : [p.detail ?? p.title ?? 'Refused.'];
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  setTitle('Destruction');
  const admin = ctx.role === 'admin';
  /** Recording ids ticked in the eligible list (kept across "Show more"). @type {Set<string>} */
  const selected = new Set();

  // --- Eligible now ---------------------------------------------------------------------
  const filter = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, role: 'search', 'aria-label': 'Filter eligible recordings' },
      h(
        'div',
        { class: 'grid' },
        field({ label: 'Category', name: 'category', options: [['', 'All categories'], ...options(CATEGORIES)] }),
        field({ label: 'Unit', name: 'unit', hint: 'Exact unit name, e.g. Central Patrol Division.' }),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show eligible recordings')),
    )
  );
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    selected.clear();
    void loadEligible(null);
  });
  const eligibleBox = h('div', {});
  const countText = h('p', { class: 'small', role: 'status', 'data-testid': 'selected-count' });
  const showCount = () => replace(countText, admin ? `${plural(selected.size, 'recording')} selected.` : '');

  /** @type {Schemas['Recording'][]} */
  let eligible = [];
  /** @param {string | null} cursor */
  async function loadEligible(cursor) {
    if (!cursor) replace(eligibleBox, h('p', { class: 'loading' }, 'Loading eligible recordings…'));
    const page = await call('GET /api/v1/recordings', {
      query: {
        retentionStatus: 'eligible_for_destruction',
        category: val(filter, 'category'),
        unit: val(filter, 'unit'),
        limit: PAGE,
        cursor,
      },
    });
    eligible = cursor ? [...eligible, ...page.items] : page.items;
    replace(
      eligibleBox,
      table({
        caption: `Eligible for destruction now (${eligible.length}${page.nextCursor ? '+' : ''})`,
        rows: eligible,
        empty: 'No recording is eligible for destruction with these filters.',
        cols: [
          ...(admin ? [selectColumn('Select', selected, showCount)] : []),
          ['Recording', (r) => h('a', { href: `#/release/${enc(r.recordingId)}` }, r.recordingId)],
          ['Recorded', (r) => dateTime(r.recordedAt)],
          ['Category', (r) => label(CATEGORIES, r.category)],
          ['Unit', (r) => r.unit ?? '—'],
          ['Eligible since', (r) => (r.retention?.retainUntil ? longDate(r.retention.retainUntil) : '—')],
          ['Schedule rule', (r) => (r.retention?.ruleIds ?? []).join(', ') || '—'],
        ],
      }),
      page.nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => void loadEligible(page.nextCursor) }, 'Show more'),
          )
        : null,
    );
    showCount();
  }

  // --- Record a destruction (admin) -----------------------------------------------------------
  const resultBox = h('div', { 'aria-live': 'polite' });
  function destroyForm() {
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': 'destroy-h' },
        h('h2', { id: 'destroy-h' }, 'Record a destruction'),
        h(
          'p',
          { class: 'hint' },
          'Record here what the evidence system has already deleted: the recordings ticked above, or one recording by id. The service checks each recording again and refuses any that may not be destroyed, saying why.',
        ),
        countText,
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Or one recording id', name: 'recordingId', attrs: { autocomplete: 'off' } }),
          field({
            label: 'Authority',
            name: 'authority',
            path: 'body.authority',
            required: true,
            hint: "The records officer's approval or disposition list, e.g. Disposition list 2026-12.",
          }),
          field({
            label: 'Destroyed at (Central time)',
            name: 'performedAt',
            type: 'datetime-local',
            path: 'body.performedAt',
            required: true,
            value: nowLocalInput(),
            hint: 'When the evidence system deleted the media.',
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record destruction')),
      )
    );
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        const ids = [...new Set([...selected, ...(val(form, 'recordingId') ? [val(form, 'recordingId')] : [])])];
        /** @type {Array<[string, string, string]>} */
        const missing = [];
        if (ids.length === 0) missing.push(['recordingId', 'Recordings', 'Tick recordings in the list, or enter one recording id.']);
        if (!val(form, 'authority')) missing.push(['authority', 'Authority', 'Required.']);
        const performedAt = centralToIso(val(form, 'performedAt'));
        if (!performedAt) missing.push(['performedAt', 'Destroyed at (Central time)', 'Enter a date and time.']);
        if (missing.length) {
          for (const [name, , text] of missing) fieldError(/** @type {HTMLElement} */ (form.querySelector(`[name="${name}"]`)), text);
          replace(
            /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
            h(
              'div',
              { class: 'problem', role: 'alert' },
              h('p', { class: 'problem-title' }, 'Nothing was recorded. Check:'),
              h(
                'ul',
                {},
                missing.map(([, l, t]) => h('li', {}, `${l}: ${t}`)),
              ),
            ),
          );
          /** @type {HTMLElement} */ (form.querySelector(`[name="${missing[0]?.[0]}"]`)).focus();
          return;
        }
        const body = { authority: val(form, 'authority'), performedAt };
        /** @type {Array<{ id: string, ok: boolean, reasons: string[] }>} */
        const results = [];
        const status = /** @type {HTMLElement} */ (form.querySelector('.progress'));
        await withProgress(form, 'Recording…', async () => {
          // One at a time: each is a separate decision, and a refusal must not stop the others.
          for (const [i, id] of ids.entries()) {
            replace(status, `Recording destruction ${i + 1} of ${ids.length} (${id})…`);
            try {
              await call('POST /api/v1/recordings/{recordingId}/destruction', { params: { recordingId: id }, body });
              results.push({ id, ok: true, reasons: [] });
            } catch (err) {
              results.push({ id, ok: false, reasons: refusalReasons(err) });
            }
          }
        });
        const done = results.filter((r) => r.ok).length;
        const refused = results.length - done;
        const heading = h(
          'h2',
          { tabindex: -1 },
          refused ? `${plural(done, 'destruction')} recorded, ${refused} refused` : `${plural(done, 'destruction')} recorded`,
        );
        replace(
          resultBox,
          h(
            'div',
            { class: refused ? 'problem' : 'success', 'data-testid': 'destruction-result' },
            heading,
            table({
              caption: 'Result for each recording',
              rows: results,
              rowClass: (r) => (r.ok ? '' : 'row-changed'),
              cols: [
                ['Recording', (r) => r.id],
                ['Result', (r) => (r.ok ? 'Recorded: now a tombstone' : h('strong', {}, 'Refused'))],
                [
                  'Why',
                  (r) =>
                    r.ok
                      ? '—'
                      : h(
                          'ul',
                          { class: 'reasons' },
                          r.reasons.map((x) => h('li', {}, x)),
                        ),
                ],
              ],
            }),
          ),
        );
        announce(heading.textContent ?? '');
        selected.clear();
        /** @type {HTMLInputElement} */ (form.elements.namedItem('recordingId')).value = '';
        await Promise.all([loadEligible(null), loadLog(null)]);
        heading.focus();
      }),
    );
    return form;
  }

  // --- Destruction log ----------------------------------------------------------------------
  const logBox = h('div', {});
  /** @type {Schemas['Recording'][]} */
  let log = [];
  /** @param {string | null} cursor */
  async function loadLog(cursor) {
    const page = await call('GET /api/v1/recordings', { query: { retentionStatus: 'destroyed', limit: PAGE, cursor } });
    log = cursor ? [...log, ...page.items] : page.items;
    replace(
      logBox,
      table({
        caption: `Destroyed recordings: tombstones (${log.length}${page.nextCursor ? '+' : ''})`,
        rows: log,
        empty: 'No destruction has been recorded.',
        cols: [
          ['Recording', (r) => r.recordingId],
          ['Recorded', (r) => dateTime(r.recordedAt)],
          ['Category', (r) => label(CATEGORIES, r.category)],
          ['Destroyed at', (r) => dateTime(r.destruction?.performedAt)],
          ['Recorded by', (r) => `${r.destruction?.by ?? '—'} on ${dateTime(r.destruction?.recordedAt)}`],
          ['Authority', (r) => r.destruction?.authority ?? '—'],
          ['Eligible under', (r) => (r.destruction?.ruleIds ?? []).join(', ') || '—'],
        ],
      }),
      page.nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => void loadLog(page.nextCursor) }, 'Show more'),
          )
        : null,
    );
  }

  // --- Closed-record review (A17) -----------------------------------------------------------
  const reviewBox = h('div', {});
  const lookup = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, 'aria-labelledby': 'review-h' },
      h('h2', { id: 'review-h' }, 'Closed-record review'),
      h(
        'p',
        { class: 'hint' },
        'A closed record (RSMo 610.105, a closure order, a mutilated deceased at a crime scene under 610.205, or a juvenile record under 211.321) is kept until a manual review under the RSMo 610.124 procedure releases it to its normal schedule (RSMo 610.120.1: its only exception).',
      ),
      h('div', { class: 'grid' }, field({ label: 'Recording id', name: 'recordingId', required: true, attrs: { autocomplete: 'off' } })),
      h('div', { class: 'form-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Look up')),
    )
  );
  lookup.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(lookup);
      const id = val(lookup, 'recordingId');
      const input = /** @type {HTMLElement} */ (lookup.querySelector('[name="recordingId"]'));
      if (!id) {
        fieldError(input, 'Required.');
        input.focus();
        return;
      }
      try {
        const [rec, reviews] = await Promise.all([
          call('GET /api/v1/recordings/{recordingId}', { params: { recordingId: id } }),
          call('GET /api/v1/recordings/{recordingId}/retention-reviews', { params: { recordingId: id } }),
        ]);
        showReview(rec, reviews.items ?? []);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          fieldError(input, `No recording ${id} in the catalog.`);
          input.focus();
        } else formProblem(lookup, err, 'The look-up');
      }
    }),
  );

  /** @param {Schemas['Recording']} rec @param {Schemas['RetentionReview'][]} reviews */
  function showReview(rec, reviews) {
    const closed = (rec.retention?.blockers ?? []).includes(CLOSED_RECORD_RULE);
    const heading = h('h3', { tabindex: -1 }, `${rec.recordingId}: ${label(RETENTION, rec.retention?.status)}`);
    replace(
      reviewBox,
      h(
        'div',
        { class: 'card', 'data-testid': 'review-result' },
        heading,
        h(
          'p',
          {},
          closed
            ? 'Kept as a closed record: it is not destroyed until a manual review releases it to its normal schedule.'
            : `Not kept as a closed record${rec.retention?.retainUntil ? `; kept until ${longDate(rec.retention.retainUntil)}` : ''}. No review is needed.`,
        ),
        table({
          caption: 'Reviews recorded',
          rows: reviews,
          empty: 'No review has been recorded for this recording.',
          cols: [
            ['Reviewed', (r) => `${dateTime(r.reviewedAt)} by ${r.reviewedBy}`],
            ['Authority', (r) => `${label(REVIEW_AUTHORITIES, r.authority)}: ${r.citation}`],
            ['Reason', (r) => r.reason],
          ],
        }),
        closed && admin ? reviewForm(rec) : null,
        closed && !admin ? h('p', { class: 'small' }, 'An administrator records the review.') : null,
      ),
    );
    heading.focus();
  }

  /** @param {Schemas['Recording']} rec */
  function reviewForm(rec) {
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { novalidate: true, 'aria-label': 'Record a closed-record review' },
        h(
          'div',
          { class: 'grid' },
          field({
            label: 'Authority',
            name: 'authority',
            path: 'body.authority',
            required: true,
            options: [['', 'Choose…'], ...options(REVIEW_AUTHORITIES)],
          }),
          field({
            label: 'Citation',
            name: 'citation',
            path: 'body.citation',
            required: true,
            hint: 'Schedule and item number or approval date; or the 610.124 step followed.',
          }),
          field({
            label: 'Reviewed at (Central time)',
            name: 'reviewedAt',
            type: 'datetime-local',
            path: 'body.reviewedAt',
            value: nowLocalInput(),
          }),
        ),
        field({
          label: 'Reason',
          name: 'reason',
          path: 'body.reason',
          multiline: true,
          required: true,
          hint: 'Why the closed record may now follow its normal schedule.',
        }),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record review')),
      )
    );
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        /** @type {Array<[string, string]>} */
        const missing = [
          ['authority', 'Authority'],
          ['citation', 'Citation'],
          ['reason', 'Reason'],
        ]
          .filter(([n]) => !val(form, n ?? ''))
          .map(([n, l]) => [n ?? '', l ?? '']);
        if (missing.length) {
          for (const [name] of missing) fieldError(/** @type {HTMLElement} */ (form.querySelector(`[name="${name}"]`)), 'Required.');
          replace(
            /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
            h(
              'div',
              { class: 'problem', role: 'alert' },
              h('p', { class: 'problem-title' }, 'The review was not recorded. Check:'),
              h(
                'ul',
                {},
                missing.map(([, l]) => h('li', {}, `${l}: Required.`)),
              ),
            ),
          );
          /** @type {HTMLElement} */ (form.querySelector(`[name="${missing[0]?.[0]}"]`)).focus();
          return;
        }
        const reviewedAt = centralToIso(val(form, 'reviewedAt'));
        const body = {
          // One of the select's options: an empty choice was refused above.
          authority: /** @type {Schemas['RetentionReview']['authority']} */ (val(form, 'authority')),
          citation: val(form, 'citation'),
          reason: val(form, 'reason'),
          ...(reviewedAt ? { reviewedAt } : {}),
        };
        try {
          await withProgress(form, 'Recording the review…', async () => {
            const recordingId = rec.recordingId;
            await call('POST /api/v1/recordings/{recordingId}/retention-reviews', { params: { recordingId }, body });
            const [fresh, reviews] = await Promise.all([
              call('GET /api/v1/recordings/{recordingId}', { params: { recordingId } }),
              call('GET /api/v1/recordings/{recordingId}/retention-reviews', { params: { recordingId } }),
            ]);
            showReview(fresh, reviews.items ?? []);
            announce(`Review recorded. ${rec.recordingId} is now: ${label(RETENTION, fresh.retention?.status)}.`);
          });
        } catch (err) {
          formProblem(form, err, 'The review');
        }
      }),
    );
    return form;
  }

  replace(
    main,
    h('h1', {}, 'Destruction'),
    h(
      'p',
      { class: 'lead' },
      admin
        ? 'The recordings whose retention has run and that nothing blocks. Once the evidence system has deleted the media, record it here; each recording becomes a tombstone (its metadata is kept).'
        : 'The recordings whose retention has run and that nothing blocks, and the destructions recorded. Administrators record destructions and closed-record reviews.',
    ),
    h('section', { 'aria-labelledby': 'elig-h' }, h('h2', { id: 'elig-h' }, 'Eligible now'), filter, eligibleBox),
    admin ? destroyForm() : null,
    resultBox,
    h('section', { 'aria-labelledby': 'log-h' }, h('h2', { id: 'log-h' }, 'Destruction log'), logBox),
    lookup,
    reviewBox,
  );
  await Promise.all([loadEligible(null), loadLog(null)]);
}
