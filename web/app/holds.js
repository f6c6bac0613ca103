// @ts-check
/**
 * Legal holds: the list (paged by the service), placing a hold on a case or on named
 * recordings, and releasing one with a reason. Like a case event on the case page, every
 * change shows its effect: the covered recordings' retention status is read before the
 * change and again after it (the service re-decides them before it answers).
 */
import { ApiError, call, clearFieldErrors, enc, handler } from './api.js';
import { announce, field, h, replace, setTitle, table, uid, val } from './dom.js';
import { HOLD_REASONS, RETENTION, date, dateTime, label, longDate, options, plural } from './format.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {Schemas['Hold']} Hold
 * A covered recording as the effect table reads it: from the catalog, or one the catalog does not hold yet.
 * @typedef {Pick<Schemas['Recording'], 'recordingId' | 'retention'> & { missing?: boolean }} Covered
 */

/** Who may place and release holds (the service's access table says the same). */
const canEdit = (/** @type {string} */ role) => ['admin', 'prosecutor', 'auditor'].includes(role);

/** How many covered recordings the effect table reads (a hold on a big case names more; the table says so). */
const EFFECT_LIMIT = 50;
const PAGE = 25;

/**
 * A problem shown in a form in the form's own words: each field error next to its field,
 * the summary naming fields by their labels (never API paths or HTTP codes).
 * @param {HTMLFormElement} form @param {unknown} err @param {string} what what was being saved ("The hold")
 * @param {string} [notDone] what did not happen to it ("was not saved"; a search "did not run")
 */
export function formProblem(form, err, what, notDone = 'was not saved') {
  clearFieldErrors(form);
  const summary = /** @type {HTMLElement} */ (form.querySelector('.form-problem'));
  const problem = err instanceof ApiError ? err.problem : null;
  /** @type {string[]} */
  const lines = [];
  /** @type {HTMLElement | null} */
  let first = null;
  for (const e of problem?.errors ?? []) {
    let target = null;
    for (let p = e.path; p && !target; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      target = /** @type {HTMLElement | null} */ (form.querySelector(`[data-path="${CSS.escape(p)}"]`));
    }
    const name = target ? fieldLabel(form, target) : null;
    const text = /must not be blank|received undefined|>=1 characters/.test(e.message)
      ? 'Required.'
      : `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`.replace(/\.\.$/, '.');
    if (target && name) {
      fieldError(target, text);
      first ??= target;
      lines.push(`${name}: ${text}`);
    } else {
      lines.push(text);
    }
  }
  const offline = !(err instanceof ApiError);
  const lead = offline
    ? `${what} ${notDone}: the service could not be reached. Try again.`
    : problem?.errors?.length
      ? `${what} ${notDone}. Check:`
      : `${what} ${notDone}. ${problem?.detail ?? problem?.title ?? ''}`;
  replace(
    summary,
    h(
      'div',
      { class: 'problem', role: 'alert' },
      h('p', { class: 'problem-title' }, lead),
      lines.length
        ? h(
            'ul',
            {},
            lines.map((l) => h('li', {}, l)),
          )
        : null,
    ),
  );
  if (first) first.focus();
  else {
    summary.tabIndex = -1;
    summary.focus();
  }
}

/** @param {HTMLFormElement} form @param {HTMLElement} target */
function fieldLabel(form, target) {
  if (target instanceof HTMLFieldSetElement) return target.querySelector('legend')?.textContent ?? null;
  return form.querySelector(`label[for="${CSS.escape(target.id)}"]`)?.textContent ?? null;
}

/**
 * Refuses a form before it is sent, as the service's refusals show: the field is marked with its
 * message, the form's problem box lists it under the title, and focus moves to the field.
 * @param {HTMLFormElement} form @param {string} name the field's name @param {string} message shown with the field
 * @param {string} listed its line in the box ("Label: message.") @param {string} title what did not happen ("The search did not run. Check:")
 */
export function refuseField(form, name, message, listed, title) {
  const input = /** @type {HTMLElement} */ (form.querySelector(`[name="${name}"]`));
  fieldError(input, message);
  replace(
    /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
    h('div', { class: 'problem', role: 'alert' }, h('p', { class: 'problem-title' }, title), h('ul', {}, h('li', {}, listed))),
  );
  input.focus();
}

/** Marks one field invalid with a message (read out with the field). @param {HTMLElement} target @param {string} text */
export function fieldError(target, text) {
  const id = `${target.id || uid('fs')}-err`;
  if (!target.id) target.id = id.replace(/-err$/, '');
  target.setAttribute('aria-invalid', 'true');
  target.setAttribute('aria-describedby', `${target.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
  (target.closest('.field') ?? target).append(h('p', { class: 'field-error', id }, text));
}

/**
 * Disables the form's submit button and says what is happening while `work` runs.
 * @template T @param {HTMLFormElement} form @param {string} doing e.g. "Placing the hold…" @param {() => Promise<T>} work
 */
export async function withProgress(form, doing, work) {
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  const status = /** @type {HTMLElement} */ (form.querySelector('.progress'));
  const text = submit.textContent;
  submit.disabled = true;
  submit.textContent = doing;
  replace(status, doing);
  try {
    return await work();
  } finally {
    submit.disabled = false;
    submit.textContent = text;
    replace(status);
  }
}

/** @param {Pick<Hold, 'caseNumber' | 'recordingIds'>} hold */
const scopeText = (hold) =>
  [
    hold.caseNumber ? `Case ${hold.caseNumber}` : null,
    hold.recordingIds.length
      ? `${plural(hold.recordingIds.length, 'recording')}: ${hold.recordingIds.slice(0, 3).join(', ')}${hold.recordingIds.length > 3 ? ', …' : ''}`
      : null,
  ]
    .filter(Boolean)
    .join('; ');

/**
 * The recordings a hold covers, with their current derived state (at most EFFECT_LIMIT).
 * @param {{ caseNumber?: string | null, recordingIds?: string[] }} scope
 * @returns {Promise<{ items: Covered[], more: boolean }>}
 */
async function covered(scope) {
  /** @type {Map<string, Covered>} */
  const byId = new Map();
  let more = false;
  if (scope.caseNumber) {
    const page = await call('GET /api/v1/recordings', { query: { caseNumber: scope.caseNumber, limit: EFFECT_LIMIT } });
    for (const r of page.items) byId.set(r.recordingId, r);
    more = !!page.nextCursor;
  }
  const ids = (scope.recordingIds ?? []).filter((id) => !byId.has(id));
  const room = Math.max(0, EFFECT_LIMIT - byId.size);
  if (ids.length > room) more = true;
  const found = await Promise.all(
    ids.slice(0, room).map((id) =>
      call('GET /api/v1/recordings/{recordingId}', { params: { recordingId: id } }).catch((/** @type {unknown} */ err) => {
        if (err instanceof ApiError && err.status === 404) return { recordingId: id, missing: true, retention: null };
        throw err;
      }),
    ),
  );
  for (const r of found) byId.set(r.recordingId, r);
  return { items: [...byId.values()], more };
}

/** @param {Covered['retention'] | undefined} ret */
const retentionText = (ret) => (ret ? label(RETENTION, ret.status) : 'not decided');

/**
 * The effect table: each covered recording's retention status before and after the change.
 * @param {string} what @param {Map<string, Covered>} before @param {{ items: Covered[], more: boolean }} after
 */
function effectBlock(what, before, after) {
  const rows = after.items.map((r) => ({ r, before: before.get(r.recordingId)?.retention ?? null, after: r.retention }));
  const changedOf = (/** @type {{ before: Covered['retention'], after: Covered['retention'] }} */ x) =>
    x.before?.status !== x.after?.status || x.before?.retainUntil !== x.after?.retainUntil;
  const changed = rows.filter(changedOf);
  const heading = h('h2', { tabindex: -1 }, `Saved: ${what}`);
  const box = h(
    'div',
    { class: 'success', 'data-testid': 'hold-effect' },
    heading,
    h(
      'p',
      {},
      changed.length
        ? `${plural(changed.length, 'covered recording')} changed retention.`
        : `No covered recording changed retention (${plural(rows.length, 'recording')} checked).`,
    ),
    after.more ? h('p', { class: 'small' }, `Showing the first ${EFFECT_LIMIT} covered recordings.`) : null,
    table({
      caption: 'Effect on each covered recording (retention)',
      rows,
      empty: 'The catalog holds none of the recordings in this scope yet; they will be held as they arrive.',
      rowClass: (x) => (changedOf(x) ? 'row-changed' : ''),
      cols: [
        [
          'Recording',
          (x) =>
            x.r.missing
              ? `${x.r.recordingId} (not in the catalog yet)`
              : h('a', { href: `#/release/${enc(x.r.recordingId)}` }, x.r.recordingId),
        ],
        ['Before', (x) => retentionText(x.before)],
        ['Now', (x) => retentionText(x.after)],
        ['Kept until', (x) => (x.after?.retainUntil ? longDate(x.after.retainUntil) : '—')],
        ['Changed', (x) => (changedOf(x) ? h('strong', { class: 'changed' }, 'Yes') : 'No')],
      ],
    }),
  );
  announce(`${what} saved. ${changed.length} covered recordings changed retention.`);
  return { box, heading };
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  setTitle('Legal holds');
  const editor = canEdit(ctx.role);
  const effectBox = h('div', { 'aria-live': 'polite' });
  const listBox = h('div', {});
  const filter = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card search', novalidate: true, role: 'search', 'aria-label': 'Filter holds' },
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Show',
          name: 'active',
          value: 'true',
          options: [
            ['true', 'Active holds'],
            ['false', 'Released holds'],
            ['', 'All holds'],
          ],
        }),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show holds')),
    )
  );
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void load(null);
  });

  /** @type {Hold[]} */
  let rows = [];
  /** @param {string | null} cursor */
  async function load(cursor) {
    if (!cursor) replace(listBox, h('p', { class: 'loading' }, 'Loading holds…'));
    const page = await call('GET /api/v1/holds', { query: { active: val(filter, 'active'), limit: PAGE, cursor } });
    rows = cursor ? [...rows, ...page.items] : page.items;
    replace(
      listBox,
      table({
        caption: `Legal holds (${rows.length}${page.nextCursor ? '+' : ''})`,
        rows,
        empty: 'No holds to show.',
        cols: [
          ['Scope', (x) => scopeText(x)],
          ['Reason', (x) => label(HOLD_REASONS, x.reason)],
          ['Authority', (x) => x.authority],
          ['Placed', (x) => `${date(x.placedAt)} by ${x.placedBy}`],
          [
            'Status',
            (x) =>
              x.active
                ? h('span', { class: 'badge badge-warn' }, 'Active')
                : h('span', {}, `Released ${date(x.releasedAt)} by ${x.releasedBy ?? '—'}${x.releaseReason ? `: ${x.releaseReason}` : ''}`),
          ],
          ...(editor
            ? /** @type {Array<[string, (x: Hold) => import('./dom.js').Children]>} */ ([
                [
                  'Action',
                  (x) =>
                    x.active
                      ? h(
                          'button',
                          {
                            type: 'button',
                            class: 'secondary small-button',
                            'aria-label': `Release hold on ${scopeText(x)}`,
                            onclick: (/** @type {Event} */ ev) => openRelease(x, /** @type {HTMLElement} */ (ev.currentTarget)),
                          },
                          'Release…',
                        )
                      : '—',
                ],
              ])
            : []),
        ],
      }),
      page.nextCursor
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => void load(page.nextCursor) }, 'Show more'),
          )
        : null,
    );
  }

  const releaseBox = h('div', {});
  /** @param {Hold} hold @param {HTMLElement} opener */
  function openRelease(hold, opener) {
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': 'rel-h' },
        h('h2', { id: 'rel-h', tabindex: -1 }, `Release the hold on ${scopeText(hold)}`),
        h(
          'p',
          {},
          `Placed ${dateTime(hold.placedAt)} by ${hold.placedBy} (${label(HOLD_REASONS, hold.reason)}: ${hold.authority}). Once released, the covered recordings return to their schedules and may become eligible for destruction.`,
        ),
        field({
          label: 'Reason for release',
          name: 'reason',
          path: 'body.reason',
          multiline: true,
          required: true,
          hint: 'For the record: e.g. the case settled, the preservation request was withdrawn.',
        }),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit' }, 'Release hold'),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                replace(releaseBox);
                opener.focus();
              },
            },
            'Cancel',
          ),
        ),
      )
    );
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        const reason = val(form, 'reason');
        if (!reason) {
          refuseField(
            form,
            'reason',
            'Required: say why the hold ends.',
            'Reason for release: Required.',
            'The hold was not released. Check:',
          );
          return;
        }
        try {
          await withProgress(form, 'Releasing the hold…', async () => {
            const before = new Map((await covered(hold)).items.map((r) => [r.recordingId, r]));
            await call('POST /api/v1/holds/{id}/release', { params: { id: hold.id }, body: { reason } });
            const after = await covered(hold);
            replace(releaseBox);
            const { box, heading } = effectBlock(`hold on ${scopeText(hold)} released`, before, after);
            replace(effectBox, box);
            // Focus goes to the effect at once; reloading the list below does not take it.
            heading.focus();
            await load(null);
          });
        } catch (err) {
          formProblem(form, err, 'The hold');
        }
      }),
    );
    replace(releaseBox, form);
    /** @type {HTMLElement} */ (form.querySelector('h2')).focus();
  }

  function placeForm() {
    const scopeName = uid('scope');
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true, 'aria-labelledby': 'place-h' },
        h('h2', { id: 'place-h' }, 'Place a hold'),
        h(
          'p',
          { class: 'hint' },
          'A hold blocks destruction of every recording in its scope, including recordings linked to the case later, until it is released.',
        ),
        h(
          'fieldset',
          { 'data-path': 'body.recordingIds', tabindex: -1, id: uid('scope-fs') },
          h('legend', {}, 'Scope'),
          h(
            'div',
            { class: 'field-check' },
            h('input', { type: 'radio', name: scopeName, id: `${scopeName}-case`, value: 'case', checked: true }),
            h('label', { for: `${scopeName}-case` }, 'A whole case'),
          ),
          h(
            'div',
            { class: 'field-check' },
            h('input', { type: 'radio', name: scopeName, id: `${scopeName}-recs`, value: 'recs' }),
            h('label', { for: `${scopeName}-recs` }, 'Named recordings'),
          ),
        ),
        h(
          'div',
          { class: 'grid' },
          field({
            label: 'Case number',
            name: 'caseNumber',
            path: 'body.caseNumber',
            attrs: { autocomplete: 'off', placeholder: 'KC23-000001' },
          }),
          field({
            label: 'Recording ids',
            name: 'recordingIds',
            path: 'body.recordingIds',
            multiline: true,
            hint: 'One per line, or separated by commas.',
          }),
          field({
            label: 'Reason',
            name: 'reason',
            path: 'body.reason',
            required: true,
            options: [['', 'Choose…'], ...options(HOLD_REASONS)],
          }),
          field({
            label: 'Authority',
            name: 'authority',
            path: 'body.authority',
            required: true,
            hint: 'The lawsuit, preservation letter or investigation, e.g. Smith v. KCPD, 4:26-cv-001',
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Place hold')),
      )
    );
    const byCase = () => /** @type {HTMLInputElement} */ (form.querySelector(`#${scopeName}-case`)).checked;
    const sync = () => {
      const caseField = form.querySelector('[name="caseNumber"]')?.closest('.field');
      const recordingsField = form.querySelector('[name="recordingIds"]')?.closest('.field');
      if (caseField instanceof HTMLElement) caseField.hidden = !byCase();
      if (recordingsField instanceof HTMLElement) recordingsField.hidden = byCase();
    };
    form.addEventListener('change', sync);
    sync();
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        const caseNumber = byCase() ? val(form, 'caseNumber') : '';
        const recordingIds = byCase()
          ? []
          : [
              ...new Set(
                val(form, 'recordingIds')
                  .split(/[\s,]+/)
                  .filter(Boolean),
              ),
            ];
        /** @type {Array<[string, string, string]>} */
        const missing = [];
        if (byCase() && !caseNumber) missing.push(['caseNumber', 'Case number', 'Required: the case to hold.']);
        if (!byCase() && recordingIds.length === 0) missing.push(['recordingIds', 'Recording ids', 'Required: at least one recording id.']);
        if (!val(form, 'reason')) missing.push(['reason', 'Reason', 'Required.']);
        if (!val(form, 'authority')) missing.push(['authority', 'Authority', 'Required.']);
        if (missing.length) {
          for (const [name, , text] of missing) fieldError(/** @type {HTMLElement} */ (form.querySelector(`[name="${name}"]`)), text);
          replace(
            /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
            h(
              'div',
              { class: 'problem', role: 'alert' },
              h('p', { class: 'problem-title' }, 'The hold was not placed. Check:'),
              h(
                'ul',
                {},
                missing.map(([, l, t]) => h('li', {}, `${l}: ${t}`)),
              ),
            ),
          );
          /** @type {HTMLElement} */ (form.querySelector(`[name="${missing[0][0]}"]`)).focus();
          return;
        }
        const body = {
          ...(caseNumber ? { caseNumber } : { recordingIds }),
          reason: val(form, 'reason'),
          authority: val(form, 'authority'),
        };
        try {
          await withProgress(form, 'Placing the hold…', async () => {
            const before = new Map((await covered(body)).items.map((r) => [r.recordingId, r]));
            const hold = await call('POST /api/v1/holds', { body });
            const after = await covered(hold);
            const { box, heading } = effectBlock(`hold on ${scopeText(hold)} placed`, before, after);
            replace(effectBox, box);
            form.reset();
            sync();
            heading.focus();
            await load(null);
          });
        } catch (err) {
          formProblem(form, err, 'The hold');
        }
      }),
    );
    return form;
  }

  replace(
    main,
    h('h1', {}, 'Legal holds'),
    h(
      'p',
      { class: 'lead' },
      editor
        ? 'Holds in force block destruction. Place a hold on a case or on named recordings; release it, saying why, when the matter ends. Each change shows its effect on the covered recordings.'
        : 'Holds in force block destruction. Your role can read holds; prosecutors, auditors and administrators place and release them.',
    ),
    effectBox,
    filter,
    listBox,
    releaseBox,
    editor ? placeForm() : null,
  );
  await load(null);
}
