// @ts-check
/**
 * Prosecutor: the case page. The event timeline (corrections strike through what they
 * supersede), the linked recordings with their current public-release answer, and forms to
 * add an event or a court order. After saving, the case is fetched again and the effect on
 * each linked recording (answer before -> after) is shown at once.
 */
import { ApiError, call, clearFieldErrors, enc, problemBlock, showFormErrors } from './api.js';
import { answerCell, answerKey } from './answer.js';
import { determinationsPanel } from './determinations.js';
import { announce, field, h, replace, setTitle, table, uid, val } from './dom.js';
import {
  APPEAL_COURTS,
  APPEAL_RESULTS,
  CATEGORIES,
  COURT_ORDER_KINDS,
  EVENT_TYPES,
  LIMITATION_BASES,
  OFFENSE_CLASSES,
  STATUTORY_REDACTION_MODES,
  TOLLING_BASES,
  REQUESTER_KINDS,
  RETENTION,
  calendarDate,
  centralDay,
  centralToIso,
  dateTime,
  label,
  longDate,
  nowLocalInput,
  options,
  plural,
} from './format.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {Schemas['Case']} Case
 * @typedef {NonNullable<Schemas['Recording']['release']>} Release
 * The case's facts as the case form sends them (PUT /api/v1/cases/:caseNumber).
 * @typedef {import('./api.js').CallOptions<'PUT /api/v1/cases/{caseNumber}'>['body']} CaseBody
 */

const canEdit = (/** @type {string} */ role) => role === 'prosecutor' || role === 'admin';

/** The limitation record in words. @param {Case['limitation']} l */
const limitationText = (l) => {
  if (!l) return 'not recorded';
  const period =
    l.period === null
      ? 'no limitation'
      : [l.period.years ? `${l.period.years} y` : '', l.period.months ? `${l.period.months} mo` : ''].filter(Boolean).join(' ');
  const extras = [
    l.extensionYears ? `extended ${l.extensionYears} y` : '',
    l.tolledDays ? `tolled ${l.tolledDays} days${l.absenceDays ? ` (${l.absenceDays} absent from the state)` : ''}` : '',
    l.tollingOngoing ? 'tolling ongoing' : '',
    l.tollingBasis ? label(TOLLING_BASES, l.tollingBasis) : '',
  ].filter(Boolean);
  return `${period} (RSMo ${l.basis}${l.explanation ? `: ${l.explanation}` : ''})${extras.length ? `, ${extras.join(', ')}` : ''}`;
};

/**
 * Scrolls a form into view and focuses one of its fields after the screen has focused its heading.
 * @param {HTMLFormElement} form @param {string} name
 */
function bringIntoView(form, name) {
  form.classList.add('prefilled');
  setTimeout(() => {
    if (!form.isConnected) return;
    form.scrollIntoView({ block: 'start' });
    /** @type {HTMLElement | null} */ (form.querySelector(`[name="${name}"]`))?.focus({ preventScroll: true });
  }, 0);
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  const caseNumber = ctx.params[0];
  const lookup = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, role: 'search', 'aria-label': 'Open a case' },
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Case number',
          name: 'caseNumber',
          value: caseNumber ?? '',
          required: true,
          attrs: { placeholder: 'KC23-000001', autocomplete: 'off' },
        }),
      ),
      h('div', { class: 'form-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Open case')),
    )
  );
  lookup.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = val(lookup, 'caseNumber');
    if (n) location.hash = `#/cases/${enc(n)}`;
  });
  if (!caseNumber) {
    setTitle('Cases');
    replace(
      main,
      h('h1', {}, 'Cases'),
      h('p', { class: 'lead' }, "Open a case to see its events, its recordings and what each recording's release answer is now."),
      lookup,
    );
    return;
  }
  setTitle(`Case ${caseNumber}`);
  let c;
  try {
    c = await call('GET /api/v1/cases/{caseNumber}', { params: { caseNumber } });
  } catch (err) {
    // A recording names a case the catalog does not hold (the question "case-not-recorded"): the prosecutor records it here.
    if (!(err instanceof ApiError && err.status === 404 && canEdit(ctx.role))) throw err;
    const form = caseFactsForm(caseNumber, null, async (body) => {
      await call('PUT /api/v1/cases/{caseNumber}', { params: { caseNumber }, body });
      showCase(main, ctx, await call('GET /api/v1/cases/{caseNumber}', { params: { caseNumber } }), lookup, null);
      announce(`Case ${caseNumber} recorded.`);
    });
    replace(
      main,
      h('h1', {}, `Case ${caseNumber}`),
      h('div', { class: 'notice' }, problemBlock(err)),
      h('p', {}, 'This case is not in the catalog. Record its facts to answer for the recordings that name it:'),
      form,
      h('div', { class: 'no-print' }, h('details', {}, h('summary', {}, 'Open another case'), lookup)),
    );
    if (ctx.query.get('form') === 'case') bringIntoView(form, 'offenseClass');
    return;
  }
  showCase(main, ctx, c, lookup, null);
  main.append(determinationsPanel({ caseNumber: c.caseNumber }, ctx.role));
}

/** A comma- or space-separated list typed into a field, as its entries. @param {string} text */
const listOf = (text) =>
  text
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The case's own facts (offense class and date, defendants, statutes charged, juvenile), recorded
 * or corrected by the prosecutor; the limitation record is kept as it is (a put without it keeps it).
 * @param {string} caseNumber @param {Case | null} c the case, or null when it is not recorded yet
 * @param {(body: CaseBody) => Promise<void>} submit
 */
function caseFactsForm(caseNumber, c, submit) {
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', novalidate: true, 'aria-labelledby': 'cf-h' },
      h('h2', { id: 'cf-h' }, c ? 'Case facts' : `Record case ${caseNumber}`),
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Offense class',
          name: 'offenseClass',
          path: 'body.offenseClass',
          required: true,
          value: c?.offenseClass ?? '',
          options: [['', 'Choose…'], ...options(OFFENSE_CLASSES)],
        }),
        field({
          label: 'Offense date',
          name: 'offenseDate',
          type: 'date',
          path: 'body.offenseDate',
          required: true,
          value: c?.offenseDate ?? '',
          attrs: { max: centralDay(new Date()) },
        }),
        field({
          label: 'Defendants',
          name: 'defendants',
          path: 'body.defendants',
          value: (c?.defendants ?? []).map((d) => d.defendantId).join(', '),
          hint: 'Their ids, separated by commas.',
        }),
        field({
          label: 'Statutes charged',
          name: 'chargedStatutes',
          path: 'body.chargedStatutes',
          value: (c?.chargedStatutes ?? []).join(', '),
          hint: 'RSMo chapters (566) or sections (568.045), separated by commas; with several defendants, record them on each “Charged” event.',
        }),
        field({ label: 'Juvenile case', name: 'juvenile', type: 'checkbox', path: 'body.juvenile' }),
      ),
      field({ label: 'Description', name: 'description', path: 'body.description', multiline: true, value: c?.description ?? '' }),
      h('div', { class: 'form-problem' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, c ? 'Save case facts' : 'Record case')),
    )
  );
  /** @type {HTMLInputElement} */ (form.elements.namedItem('juvenile')).checked = c?.juvenile ?? false;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const statutes = listOf(val(form, 'chargedStatutes'));
    const body = {
      offenseClass: val(form, 'offenseClass') || undefined,
      offenseDate: val(form, 'offenseDate') || undefined,
      juvenile: val(form, 'juvenile') === 'true',
      defendants: listOf(val(form, 'defendants')).map((defendantId) => ({ defendantId })),
      ...(statutes.length ? { chargedStatutes: statutes } : {}),
      ...(val(form, 'description') ? { description: val(form, 'description') } : {}),
    };
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    button.disabled = true;
    submit(body).catch((/** @type {unknown} */ err) => {
      showFormErrors(form, err);
      button.disabled = false;
    });
  });
  return form;
}

/**
 * @param {HTMLElement} main @param {ScreenCtx} ctx @param {Case} c @param {HTMLFormElement} lookup
 * @param {{ what: string, before: Map<string, Release | null> } | null} effect what was just saved and the answers before it
 */
function showCase(main, ctx, c, lookup, effect) {
  const recordings = c.recordings ?? [];
  const superseded = new Set(c.events.map((e) => e.supersedes).filter(Boolean));
  const events = [...c.events].sort(
    (a, b) => String(a.date).localeCompare(String(b.date)) || String(a.recordedAt).localeCompare(String(b.recordedAt)),
  );
  const effectBox = h('section', { class: 'effect', 'aria-live': 'polite', 'aria-label': 'Effect on linked recordings' });

  replace(
    main,
    h('h1', {}, `Case ${c.caseNumber}`),
    h('div', { class: 'no-print' }, h('details', {}, h('summary', {}, 'Open another case'), lookup)),
    effectBox,
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'card', 'aria-label': 'Case facts' },
        h('h2', {}, 'Case'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Offense'),
          h('dd', {}, `${(c.offenseClass ?? 'unknown').replace(/_/g, ' ')}${c.description ? ` — ${c.description}` : ''}`),
          h('dt', {}, 'Offense date'),
          h('dd', {}, calendarDate(c.offenseDate)),
          h('dt', {}, 'Limitation'),
          h('dd', {}, limitationText(c.limitation)),
          h('dt', {}, 'Juvenile'),
          h('dd', {}, c.juvenile ? 'yes' : 'no'),
          h('dt', {}, 'Statutes charged'),
          h('dd', {}, c.chargedStatutes ? (c.chargedStatutes.length ? c.chargedStatutes.join(', ') : 'none') : 'not recorded'),
          h('dt', {}, 'Defendants'),
          h('dd', {}, c.defendants.length ? c.defendants.map((d) => d.defendantId).join(', ') : 'none named'),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'tl-h' },
        h('h2', { id: 'tl-h' }, 'Timeline'),
        events.length === 0
          ? h('p', { class: 'empty' }, 'No events recorded yet.')
          : h(
              'ol',
              { class: 'timeline' },
              events.map((e) =>
                h(
                  'li',
                  { class: superseded.has(e.id) ? 'superseded' : null },
                  h('span', { class: 'ev-date' }, calendarDate(e.date)),
                  ' ',
                  h(
                    'span',
                    { class: 'ev-type' },
                    `${label(EVENT_TYPES, e.type)}${e.result ? `: ${label(APPEAL_RESULTS, e.result)}` : ''}${e.court ? ` (${label(APPEAL_COURTS, e.court)})` : ''}`,
                  ),
                  e.defendantId ? h('span', { class: 'muted' }, ` · ${e.defendantId}`) : null,
                  superseded.has(e.id) ? h('span', { class: 'badge badge-info' }, ' corrected') : null,
                  h('br'),
                  h(
                    'span',
                    { class: 'small muted' },
                    [
                      e.source,
                      e.note,
                      e.supersedes ? `corrects ${e.supersedes}` : null,
                      `recorded ${dateTime(e.recordedAt)} by ${e.recordedBy}`,
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  ),
                ),
              ),
            ),
      ),
    ),
    h('h2', {}, 'Linked recordings'),
    table({
      caption: `${plural(recordings.length, 'recording')}; answer for a member of the public today`,
      rows: recordings,
      empty: 'No recordings are linked to this case.',
      rowClass: (r) => (effect && answerKey(effect.before.get(r.recordingId)) !== answerKey(r.release) ? 'row-changed' : ''),
      cols: [
        ['Recording', (r) => h('a', { href: `#/release/${enc(r.recordingId)}` }, r.recordingId)],
        ['Recorded', (r) => dateTime(r.recordedAt)],
        ['Category', (r) => label(CATEGORIES, r.category)],
        ['Release (public)', (r) => answerCell(r.release)],
        ['May change on', (r) => (r.release?.reviewAt ? longDate(r.release.reviewAt) : '—')],
        ['Retention', (r) => label(RETENTION, r.retention?.status)],
      ],
    }),
    canEdit(ctx.role) ? h('div', { class: 'columns no-print' }, prefill(eventForm()), orderForm()) : null,
    canEdit(ctx.role)
      ? h(
          'div',
          { class: 'columns no-print' },
          prefillLimitation(limitationForm()),
          prefillCase(
            caseFactsForm(c.caseNumber, c, async (body) => {
              const before = new Map(recordings.map((r) => [r.recordingId, r.release]));
              const params = { caseNumber: c.caseNumber };
              await call('PUT /api/v1/cases/{caseNumber}', { params, body });
              showCase(main, ctx, await call('GET /api/v1/cases/{caseNumber}', { params }), lookup, { what: 'case facts', before });
            }),
          ),
        )
      : null,
  );

  if (effect) {
    const rows = recordings.map((r) => ({ r, before: effect.before.get(r.recordingId), after: r.release }));
    // A new notice period or new conditions change the answer as much as a new outcome does.
    const changedOf = (/** @type {{ before: Release | null | undefined, after: Release | null }} */ x) =>
      answerKey(x.before) !== answerKey(x.after);
    const changed = rows.filter(changedOf);
    const heading = h('h2', { tabindex: -1 }, `Saved: ${effect.what}`);
    replace(
      effectBox,
      h(
        'div',
        { class: 'success' },
        heading,
        h(
          'p',
          {},
          changed.length
            ? `${plural(changed.length, 'linked recording')} changed answer.`
            : `No linked recording changed answer (${plural(recordings.length, 'recording')} checked).`,
        ),
        rows.length
          ? table({
              caption: 'Effect on each linked recording (public release)',
              rows,
              rowClass: (x) => (changedOf(x) ? 'row-changed' : ''),
              cols: [
                ['Recording', (x) => h('a', { href: `#/release/${enc(x.r.recordingId)}` }, x.r.recordingId)],
                ['Before', (x) => answerCell(x.before)],
                ['Now', (x) => answerCell(x.after)],
                ['Changed', (x) => (changedOf(x) ? h('strong', { class: 'changed' }, 'Yes') : 'No')],
                ['Rules', (x) => (x.after?.ruleIds ?? []).join(', ') || '—'],
              ],
            })
          : null,
      ),
    );
    announce(`${effect.what} saved. ${changed.length} linked recordings changed answer.`);
    heading.focus();
  }

  /**
   * A question's link (questions.yaml: `#/cases/KC1?event=sentenced&defendant=D2`) opens the event
   * form with the event and the defendant chosen, and brings it into view once the screen is shown.
   * @param {HTMLFormElement} form
   */
  function prefill(form) {
    const event = ctx.query.get('event');
    const defendant = ctx.query.get('defendant');
    if (effect || (!event && !defendant)) return form;
    const type = /** @type {HTMLSelectElement} */ (form.elements.namedItem('type'));
    if (event && EVENT_TYPES[event]) type.value = event;
    const who = /** @type {HTMLInputElement | HTMLSelectElement} */ (form.elements.namedItem('defendantId'));
    // `(case)` is how the engine names the whole case (no defendant recorded).
    if (defendant && defendant !== '(case)') who.value = defendant;
    bringIntoView(form, event ? 'date' : 'type');
    return form;
  }

  /** `#/cases/KC1?form=limitation` brings the limitation form into view. @param {HTMLFormElement} form */
  function prefillLimitation(form) {
    if (!effect && ctx.query.get('form') === 'limitation') bringIntoView(form, 'basis');
    return form;
  }

  /** `#/cases/KC1?form=case` brings the case facts form into view. @param {HTMLFormElement} form */
  function prefillCase(form) {
    if (!effect && ctx.query.get('form') === 'case') bringIntoView(form, 'offenseClass');
    return form;
  }

  /**
   * Submits a form (`send` makes the call), then shows the case again with the effect of the change.
   * @param {HTMLFormElement} form @param {() => Promise<unknown>} send @param {string} what
   */
  async function save(form, send, what) {
    clearFieldErrors(form);
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.disabled = true;
    const before = new Map(recordings.map((r) => [r.recordingId, r.release]));
    try {
      await send();
      const fresh = await call('GET /api/v1/cases/{caseNumber}', { params: { caseNumber: c.caseNumber } });
      showCase(main, ctx, fresh, lookup, { what, before });
    } catch (err) {
      showFormErrors(form, err);
      submit.disabled = false;
    }
  }

  function eventForm() {
    const defendants = c.defendants.map((d) => d.defendantId);
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': 'ev-h' },
        h('h2', { id: 'ev-h' }, 'Add an event'),
        h(
          'p',
          { class: 'hint' },
          'Events are never edited: to correct one, add the right event and choose which one it corrects. “Prosecution declined” for one defendant concerns that defendant only; for the whole case, leave the defendant empty. A charge that was dropped is a nolle prosequi or a dismissal, not a declination.',
        ),
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Event', name: 'type', path: 'body.type', required: true, options: [['', 'Choose…'], ...options(EVENT_TYPES)] }),
          field({ label: 'Date', name: 'date', type: 'date', path: 'body.date', required: true, attrs: { max: centralDay(new Date()) } }),
          defendants.length
            ? field({
                label: 'Defendant',
                name: 'defendantId',
                path: 'body.defendantId',
                options: [['', 'Whole case'], ...defendants.map((d) => /** @type {[string, string]} */ ([d, d]))],
              })
            : field({ label: 'Defendant id', name: 'defendantId', path: 'body.defendantId' }),
          field({
            label: 'Appeal result',
            name: 'result',
            path: 'body.result',
            options: [['', 'Not an appeal decision'], ...options(APPEAL_RESULTS)],
            hint: 'Required for “Appeal decided”: reversed or remanded makes the defendant pending again.',
          }),
          field({
            label: 'Deciding court',
            name: 'court',
            path: 'body.court',
            options: [['', 'Not an appeal decision / not known'], ...options(APPEAL_COURTS)],
            hint: 'For “Appeal decided”. A Supreme Court of Missouri decision, or one whose court is not entered, is final only after the 90-day certiorari period.',
          }),
          field({
            label: 'Statutes charged',
            name: 'statutes',
            path: 'body.statutes',
            hint: 'For “Charged”: the RSMo chapters (566) or sections (568.045) charged against this defendant, separated by commas.',
          }),
          field({ label: 'Source', name: 'source', path: 'body.source', hint: 'e.g. Case.net, court minutes' }),
          c.events.length
            ? field({
                label: 'Corrects event',
                name: 'supersedes',
                path: 'body.supersedes',
                options: [
                  ['', 'None (a new event)'],
                  ...c.events.map(
                    (e) =>
                      /** @type {[string, string]} */ ([
                        e.id,
                        `${calendarDate(e.date)} ${label(EVENT_TYPES, e.type)}${e.defendantId ? ` (${e.defendantId})` : ''}`,
                      ]),
                  ),
                ],
              })
            : null,
        ),
        field({ label: 'Note', name: 'note', path: 'body.note', multiline: true }),
        h('div', { class: 'form-problem' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add event')),
      )
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      // The service refuses an event dated after today (Chicago) too; said here at once, in the form's words.
      if (val(form, 'date') && val(form, 'date') > centralDay(new Date())) {
        showFormErrors(
          form,
          new ApiError(400, {
            title: 'Not saved',
            errors: [{ path: 'body.date', message: 'Must not be after today: record an event once it has happened.' }],
          }),
        );
        return;
      }
      const body = {
        type: val(form, 'type') || undefined,
        date: val(form, 'date') || undefined,
        ...(val(form, 'defendantId') ? { defendantId: val(form, 'defendantId') } : {}),
        ...(val(form, 'result') ? { result: val(form, 'result') } : {}),
        ...(val(form, 'court') ? { court: val(form, 'court') } : {}),
        ...(listOf(val(form, 'statutes')).length ? { statutes: listOf(val(form, 'statutes')) } : {}),
        ...(val(form, 'source') ? { source: val(form, 'source') } : {}),
        ...(val(form, 'note') ? { note: val(form, 'note') } : {}),
        ...(val(form, 'supersedes') ? { supersedes: val(form, 'supersedes') } : {}),
      };
      void save(
        form,
        () => call('POST /api/v1/cases/{caseNumber}/events', { params: { caseNumber: c.caseNumber }, body }),
        `event “${label(EVENT_TYPES, val(form, 'type'))}”`,
      );
    });
    return form;
  }

  /** The prosecutor's limitation record (RSMo 556.036, 556.037): saved with the case's other facts unchanged. */
  function limitationForm() {
    const l = c.limitation;
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': 'lim-h' },
        h('h2', { id: 'lim-h' }, 'Time to file charges'),
        h(
          'p',
          { class: 'hint' },
          'The limitation basis decides when an uncharged case becomes inactive. Without it a felony, misdemeanor or infraction goes to legal review once its shortest period has run.',
        ),
        h(
          'div',
          { class: 'grid' },
          field({
            label: 'Basis',
            name: 'basis',
            path: 'body.limitation.basis',
            required: true,
            value: l?.basis ?? '',
            options: [['', 'Choose…'], ...options(LIMITATION_BASES)],
          }),
          field({ label: 'No limitation period', name: 'none', type: 'checkbox', path: 'body.limitation.period' }),
          field({
            label: 'Period: years',
            name: 'years',
            type: 'number',
            path: 'body.limitation.period.years',
            value: l?.period ? String(l.period.years) : '',
            attrs: { min: 0, max: 100 },
          }),
          field({
            label: 'Period: months',
            name: 'months',
            type: 'number',
            path: 'body.limitation.period.months',
            value: l?.period ? String(l.period.months) : '',
            attrs: { min: 0, max: 11 },
          }),
          field({
            label: 'Extension, years (556.036.3)',
            name: 'extensionYears',
            type: 'number',
            path: 'body.limitation.extensionYears',
            value: String(l?.extensionYears ?? 0),
            attrs: { min: 0, max: 3 },
          }),
          field({
            label: 'Days tolled (556.036.6)',
            name: 'tolledDays',
            type: 'number',
            path: 'body.limitation.tolledDays',
            value: String(l?.tolledDays ?? 0),
            attrs: { min: 0 },
          }),
          field({
            label: 'Of those, days absent from the state',
            name: 'absenceDays',
            type: 'number',
            path: 'body.limitation.absenceDays',
            value: String(l?.absenceDays ?? 0),
            attrs: { min: 0 },
            hint: '556.036.6 extends the period by at most three years for absence.',
          }),
          field({
            label: 'Tolling basis',
            name: 'tollingBasis',
            path: 'body.limitation.tollingBasis',
            value: l?.tollingBasis ?? '',
            options: [['', 'None recorded'], ...options(TOLLING_BASES)],
          }),
          field({
            label: 'Tolling still ongoing',
            name: 'tollingOngoing',
            type: 'checkbox',
            path: 'body.limitation.tollingOngoing',
            hint: 'The period is still not running: the limitation cannot run out (only ten years after the offense).',
          }),
        ),
        field({
          label: 'Explanation (required for another statute)',
          name: 'explanation',
          path: 'body.limitation.explanation',
          multiline: true,
          value: l?.explanation ?? '',
        }),
        h('div', { class: 'form-problem' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save limitation')),
      )
    );
    const none = /** @type {HTMLInputElement} */ (form.elements.namedItem('none'));
    none.checked = l ? l.period === null : false;
    /** @type {HTMLInputElement} */ (form.elements.namedItem('tollingOngoing')).checked = l?.tollingOngoing ?? false;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const limitation = {
        basis: val(form, 'basis') || undefined,
        period: val(form, 'none') ? null : { years: Number(val(form, 'years') || 0), months: Number(val(form, 'months') || 0) },
        extensionYears: Number(val(form, 'extensionYears') || 0),
        tolledDays: Number(val(form, 'tolledDays') || 0),
        absenceDays: Number(val(form, 'absenceDays') || 0),
        tollingOngoing: val(form, 'tollingOngoing') === 'true',
        tollingBasis: val(form, 'tollingBasis') || null,
        ...(val(form, 'explanation') ? { explanation: val(form, 'explanation') } : {}),
      };
      const body = {
        offenseClass: c.offenseClass ?? undefined,
        offenseDate: c.offenseDate ?? undefined,
        juvenile: c.juvenile,
        ...(c.description ? { description: c.description } : {}),
        defendants: c.defendants,
        // Everything else the case has is sent back unchanged: a put replaces the case's facts.
        ...(c.chargedStatutes ? { chargedStatutes: c.chargedStatutes } : {}),
        limitation,
      };
      void save(form, () => call('PUT /api/v1/cases/{caseNumber}', { params: { caseNumber: c.caseNumber }, body }), 'limitation');
    });
    return form;
  }

  function orderForm() {
    const scopeName = uid('scope');
    const toName = uid('to');
    // A release order says to whom it releases: nothing is chosen until the person chooses (an
    // order with nothing ticked used to release to everyone, silently: usability test, problem 2).
    const releaseTo = /** @type {HTMLFieldSetElement} */ (
      h(
        'fieldset',
        { 'data-path': 'body.releaseTo', tabindex: -1 },
        h('legend', {}, 'Release to'),
        h(
          'p',
          { class: 'hint' },
          'A release order: everyone, or only the requesters it names. A closure or expungement: the requesters still allowed to see the record, if any.',
        ),
        h(
          'div',
          { class: 'field-check' },
          h('input', { type: 'radio', name: toName, id: `${toName}-all`, value: 'everyone' }),
          h('label', { for: `${toName}-all` }, 'Everyone (the public and every requester)'),
        ),
        h(
          'div',
          { class: 'field-check' },
          h('input', { type: 'radio', name: toName, id: `${toName}-some`, value: 'named' }),
          h('label', { for: `${toName}-some` }, 'Only the requesters ticked:'),
        ),
        h(
          'div',
          { class: 'checks' },
          options(REQUESTER_KINDS)
            .filter(([k]) => k !== 'public')
            .map(([k, t]) => field({ label: t, name: `to-${k}`, type: 'checkbox' })),
        ),
      )
    );
    releaseTo.addEventListener('change', (ev) => {
      const t = /** @type {HTMLInputElement} */ (ev.target);
      if (t.type === 'checkbox' && t.checked) /** @type {HTMLInputElement} */ (releaseTo.querySelector(`#${toName}-some`)).checked = true;
    });
    const confirmBox = h('div', { class: 'confirm', 'aria-live': 'polite' });
    /** The body confirmed, as text: any change after confirming asks again. @type {string | null} */
    let confirmed = null;
    const recIds = /** @type {HTMLFieldSetElement} */ (
      h(
        'fieldset',
        { 'data-path': 'body.recordingIds', tabindex: -1 },
        h('legend', {}, 'Applies to'),
        h(
          'div',
          { class: 'field-check' },
          h('input', { type: 'radio', name: scopeName, id: `${scopeName}-case`, value: 'case', checked: true }),
          h('label', { for: `${scopeName}-case` }, `The whole case (${plural(recordings.length, 'recording')})`),
        ),
        h(
          'div',
          { class: 'field-check' },
          h('input', { type: 'radio', name: scopeName, id: `${scopeName}-some`, value: 'some' }),
          h('label', { for: `${scopeName}-some` }, 'Only these recordings:'),
        ),
        h(
          'div',
          { class: 'checks' },
          recordings.map((r) => field({ label: r.recordingId, name: `rec-${r.recordingId}`, type: 'checkbox' })),
        ),
      )
    );
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': 'co-h' },
        h('h2', { id: 'co-h' }, 'Record a court order'),
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Order number', name: 'orderNumber', path: 'body.orderNumber', required: true, attrs: { autocomplete: 'off' } }),
          field({ label: 'Court', name: 'court', path: 'body.court', required: true, value: 'Jackson County Circuit Court' }),
          field({
            label: 'Issued at (Central time)',
            name: 'issuedAt',
            type: 'datetime-local',
            path: 'body.issuedAt',
            required: true,
            value: nowLocalInput(),
          }),
          field({ label: 'Kind', name: 'kind', path: 'body.kind', required: true, options: options(COURT_ORDER_KINDS) }),
        ),
        recIds,
        releaseTo,
        h(
          'div',
          { class: 'grid' },
          field({ label: 'View only', name: 'viewOnly', type: 'checkbox', path: 'body.viewOnly' }),
          field({
            label: 'Which court made it',
            name: 'juvenileCourt',
            path: 'body.juvenileCourt',
            value: '',
            options: [
              ['', 'Not recorded'],
              ['true', 'The juvenile court (juvenile division, or a judge hearing a juvenile case)'],
              ['false', 'Another court'],
            ],
            hint: "Only the juvenile court's order opens a child's records (RSMo 211.321); for a juvenile record, another court's order goes to legal review.",
          }),
          field({
            label: 'Notice days before release',
            name: 'noticeDays',
            type: 'number',
            path: 'body.noticeDays',
            attrs: { min: 0, max: 365 },
            hint: 'Only when the order states a notice period; leave empty when it is silent (no delay).',
          }),
          field({
            label: 'Statutory redactions',
            name: 'statutoryRedactions',
            path: 'body.statutoryRedactions',
            value: 'apply',
            options: options(STATUTORY_REDACTION_MODES),
          }),
        ),
        field({ label: 'Redactions ordered (one per line)', name: 'redactions', path: 'body.redactions', multiline: true }),
        field({
          label: 'Conditions',
          name: 'conditions',
          path: 'body.conditions',
          multiline: true,
          hint: "As the order states them; they are shown with the recording's answer everywhere.",
        }),
        h('div', { class: 'form-problem' }),
        confirmBox,
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record order')),
      )
    );
    form.addEventListener('input', () => {
      confirmed = null;
      replace(confirmBox);
    });
    // Ticking a recording means "only these recordings".
    recIds.addEventListener('change', (ev) => {
      const t = /** @type {HTMLInputElement} */ (ev.target);
      if (t.type === 'checkbox' && t.checked) /** @type {HTMLInputElement} */ (form.querySelector(`#${scopeName}-some`)).checked = true;
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const some = /** @type {HTMLInputElement} */ (form.querySelector(`#${scopeName}-some`)).checked;
      const ids = recordings.map((r) => r.recordingId).filter((id) => val(form, `rec-${id}`));
      const everyone = /** @type {HTMLInputElement} */ (form.querySelector(`#${toName}-all`)).checked;
      const named = Object.keys(REQUESTER_KINDS).filter((k) => val(form, `to-${k}`));
      const isRelease = val(form, 'kind') === 'release';
      // With other fields missing the service answers for all of them (this one too); otherwise it is said here, before the confirmation.
      if (isRelease && !everyone && named.length === 0 && val(form, 'orderNumber') && val(form, 'court') && val(form, 'issuedAt')) {
        confirmed = null;
        replace(confirmBox);
        showFormErrors(
          form,
          new ApiError(400, {
            title: 'Not saved',
            errors: [{ path: 'body.releaseTo', message: 'Choose “Everyone”, or tick the requesters the order names.' }],
          }),
        );
        return;
      }
      const releaseTo = everyone && isRelease ? [] : named;
      const redactions = val(form, 'redactions')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      const body = {
        orderNumber: val(form, 'orderNumber'),
        court: val(form, 'court'),
        issuedAt: centralToIso(val(form, 'issuedAt')) || undefined,
        kind: val(form, 'kind'),
        ...(some ? { recordingIds: ids } : { caseNumber: c.caseNumber }),
        ...(isRelease && everyone ? { releaseToEveryone: true } : {}),
        ...(releaseTo.length ? { releaseTo } : {}),
        ...(val(form, 'viewOnly') ? { viewOnly: true } : {}),
        ...(val(form, 'juvenileCourt') === 'true'
          ? { juvenileCourt: true }
          : val(form, 'juvenileCourt') === 'false'
            ? { juvenileCourt: false }
            : {}),
        ...(val(form, 'noticeDays') ? { noticeDays: Number(val(form, 'noticeDays')) } : {}),
        ...(val(form, 'statutoryRedactions') === 'order_controls' ? { statutoryRedactions: 'order_controls' } : {}),
        ...(redactions.length ? { redactions } : {}),
        ...(val(form, 'conditions') ? { conditions: val(form, 'conditions') } : {}),
      };
      // A release order is confirmed in words first: what it releases, to whom, from when, on what conditions.
      const text = JSON.stringify(body);
      if (isRelease && confirmed !== text && body.orderNumber && body.court && body.issuedAt) {
        clearFieldErrors(form);
        confirmed = text;
        const scopeText = some
          ? `${plural(ids.length, 'recording')} (${ids.join(', ')})`
          : `every recording of case ${c.caseNumber} (${plural(recordings.length, 'recording')})`;
        const toText = everyone
          ? 'everyone: the public and every requester'
          : `only: ${named.map((k) => label(REQUESTER_KINDS, k)).join('; ')}`;
        const yes = h('button', { type: 'submit' }, 'Yes, record the order');
        replace(
          confirmBox,
          h(
            'div',
            { class: 'notice', role: 'group', 'aria-label': 'Confirm the release order' },
            h('p', {}, h('strong', {}, `Release order ${body.orderNumber} releases ${scopeText} to ${toText}.`)),
            h(
              'p',
              {},
              body.noticeDays
                ? `Not before ${plural(body.noticeDays, 'day')} after it was issued (notice).`
                : 'No notice period: from the day it was issued.',
            ),
            body.conditions ? h('p', {}, `Conditions: ${body.conditions}`) : null,
            h('p', { class: 'small' }, 'Record it as shown? Change any field to correct it.'),
            h('div', { class: 'actions' }, yes),
          ),
        );
        announce(`Confirm: release order ${body.orderNumber} releases ${scopeText} to ${toText}.`);
        yes.focus();
        return;
      }
      void save(form, () => call('POST /api/v1/court-orders', { body }), `court order ${val(form, 'orderNumber')}`);
    });
    return form;
  }
}
