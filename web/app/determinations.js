// @ts-check
/**
 * Counsel's determinations (issue 16): the form counsel records one with (pre-filled from the
 * question that links here: #/determinations/new?recordingId=…&caseNumber=…&requestNumber=…&fact=…,
 * and &supersedes=CD-… to replace one whose facts changed), one determination with its withdrawal,
 * and the lists shown on the recording and case pages. The service checks the role again.
 */
import { call, clearFieldErrors, enc, handler, qs } from './api.js';
import { field, h, replace, setTitle, table, uid, val } from './dom.js';
import {
  DETERMINATION_OUTCOMES,
  DETERMINATION_SCOPES,
  DETERMINATION_STATUSES,
  REQUESTER_KINDS,
  calendarDate,
  dateTime,
  label,
  options,
} from './format.js';
import { fieldError, formProblem, withProgress } from './holds.js';

/**
 * @typedef {import('./main.js').ScreenCtx} ScreenCtx
 * @typedef {import('./api.js').Schemas} Schemas
 * @typedef {Schemas['CounselDetermination']} Determination
 */

/** Who may record, supersede and withdraw (the service's access table says the same). */
export const canDetermine = (/** @type {string} */ role) => ['counsel', 'admin'].includes(role);

/** @param {Determination} d */
const scopeText = (d) =>
  d.scope.kind === 'case'
    ? `case ${d.scope.caseNumber}`
    : d.scope.kind === 'recording_request'
      ? `recording ${d.scope.recordingId} in request ${d.scope.requestNumber}`
      : `recording ${d.scope.recordingId}`;

/**
 * The determinations for a recording, a case or a request, newest first (for the recording and case pages).
 * @param {{ recordingId?: string, caseNumber?: string, requestNumber?: string }} filter @param {string} role
 */
export function determinationsPanel(filter, role) {
  const box = h('section', { class: 'card', 'aria-labelledby': uid('det-h') });
  const headingId = box.getAttribute('aria-labelledby') ?? '';
  const newHref = `#/determinations/new${qs({ ...filter })}`;
  replace(box, h('h2', { id: headingId }, "Counsel's determinations"), h('p', { role: 'status' }, 'Loading…'));
  void (async () => {
    try {
      const res = await call('GET /api/v1/determinations', { query: { ...filter } });
      replace(
        box,
        h('h2', { id: headingId }, "Counsel's determinations"),
        determinationsTable(res.items, 'Determinations'),
        canDetermine(role) ? h('p', {}, h('a', { href: newHref }, 'Record a determination')) : null,
      );
    } catch {
      replace(
        box,
        h('h2', { id: headingId }, "Counsel's determinations"),
        h('p', { class: 'empty' }, 'The determinations could not be read.'),
      );
    }
  })();
  return box;
}

/** @param {Determination[]} items @param {string} caption */
function determinationsTable(items, caption) {
  return table({
    caption,
    empty: 'No determination recorded.',
    rows: items,
    cols: [
      ['Number', (d) => h('a', { href: `#/determinations/${enc(d.number)}` }, d.number)],
      ['Scope', (d) => scopeText(d)],
      ['For', (d) => d.requesterKinds.map((k) => label(REQUESTER_KINDS, k)).join(', ')],
      ['Outcome', (d) => label(DETERMINATION_OUTCOMES, d.outcome)],
      ['Citation', (d) => d.citation],
      ['Status', (d) => label(DETERMINATION_STATUSES, d.status)],
      ['Entered', (d) => `${dateTime(d.enteredAt)} by ${d.enteredBy}`],
    ],
  });
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
export async function render(main, ctx) {
  const [first] = ctx.params;
  if (first === 'new') return renderForm(main, ctx);
  if (first) return renderOne(main, ctx, first);
  setTitle("Counsel's determinations");
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', novalidate: true },
      h('h1', {}, "Counsel's determinations"),
      h('p', { class: 'hint' }, 'Find the determinations for a recording, a case or a request.'),
      h(
        'div',
        { class: 'grid' },
        field({ label: 'Recording id', name: 'recordingId', path: 'query.recordingId', value: ctx.query.get('recordingId') ?? '' }),
        field({ label: 'Case number', name: 'caseNumber', path: 'query.caseNumber', value: ctx.query.get('caseNumber') ?? '' }),
        field({ label: 'Request number', name: 'requestNumber', path: 'query.requestNumber', value: ctx.query.get('requestNumber') ?? '' }),
      ),
      h('div', { class: 'form-problem' }),
      h('p', { class: 'progress', role: 'status' }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Find'),
        canDetermine(ctx.role) ? h('a', { href: '#/determinations/new' }, 'Record a determination') : null,
      ),
    )
  );
  const results = h('div', {});
  replace(main, form, results);
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      const filter = {
        recordingId: val(form, 'recordingId'),
        caseNumber: val(form, 'caseNumber'),
        requestNumber: val(form, 'requestNumber'),
      };
      try {
        await withProgress(form, 'Finding…', async () => {
          const res = await call('GET /api/v1/determinations', { query: filter });
          replace(results, determinationsTable(res.items, 'Determinations found'));
        });
      } catch (err) {
        formProblem(form, err, 'The search', 'did not run');
      }
    }),
  );
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx @param {string} number */
async function renderOne(main, ctx, number) {
  setTitle(`Determination ${number}`);
  const d = await call('GET /api/v1/determinations/{number}', { params: { number } });
  const withdrawBox = h('div', {});
  replace(
    main,
    h(
      'section',
      { class: 'card' },
      h('h1', {}, `Determination ${d.number}`),
      h(
        'dl',
        {},
        h('dt', {}, 'Scope'),
        h('dd', {}, scopeText(d)),
        h('dt', {}, 'For'),
        h('dd', {}, d.requesterKinds.map((k) => label(REQUESTER_KINDS, k)).join(', ')),
        h('dt', {}, 'Outcome'),
        h('dd', {}, label(DETERMINATION_OUTCOMES, d.outcome)),
        d.redactions.length
          ? [
              h('dt', {}, 'Redactions (besides the statutory ones)'),
              h(
                'dd',
                {},
                h(
                  'ul',
                  {},
                  d.redactions.map((r) => h('li', {}, `${r.publicDescription} (staff: ${r.instruction})`)),
                ),
              ),
            ]
          : null,
        h('dt', {}, 'Citation (public)'),
        h('dd', {}, d.citation),
        h('dt', {}, 'Public statement'),
        h('dd', {}, d.publicStatement),
        h('dt', {}, 'Reasoning (internal, never in a letter)'),
        h('dd', {}, d.reasoning),
        h('dt', {}, 'Answers'),
        h('dd', {}, d.answers.join(', ')),
        h('dt', {}, 'Expires'),
        h('dd', {}, d.expiresOn ? `no longer applies from ${calendarDate(d.expiresOn)}` : 'no expiry'),
        h('dt', {}, 'Entered'),
        h('dd', {}, `${dateTime(d.enteredAt)} by ${d.enteredBy}`),
        h('dt', {}, 'Status'),
        h(
          'dd',
          {},
          label(DETERMINATION_STATUSES, d.status),
          d.supersededBy ? [' by ', h('a', { href: `#/determinations/${enc(d.supersededBy)}` }, d.supersededBy)] : null,
          d.withdrawal ? ` on ${dateTime(d.withdrawal.at)} by ${d.withdrawal.by}: ${d.withdrawal.reason}` : null,
        ),
        d.supersedes
          ? [h('dt', {}, 'Replaces'), h('dd', {}, h('a', { href: `#/determinations/${enc(d.supersedes)}` }, d.supersedes))]
          : null,
      ),
      canDetermine(ctx.role) && d.status === 'in_force'
        ? h(
            'div',
            { class: 'actions' },
            h('a', { href: `#/determinations/new${qs({ supersedes: d.number })}` }, 'Supersede it'),
            h('button', { type: 'button', class: 'secondary', onclick: () => openWithdraw() }, 'Withdraw it'),
          )
        : null,
    ),
    withdrawBox,
  );
  function openWithdraw() {
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { class: 'card', novalidate: true },
        h('h2', { tabindex: -1 }, `Withdraw determination ${d.number}`),
        field({ label: 'Reason for withdrawal', name: 'reason', path: 'body.reason', multiline: true, required: true }),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Withdraw')),
      )
    );
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        try {
          await withProgress(form, 'Withdrawing…', async () => {
            await call('POST /api/v1/determinations/{number}/withdraw', {
              params: { number: d.number },
              body: { reason: val(form, 'reason') },
            });
          });
          await renderOne(main, ctx, d.number);
        } catch (err) {
          formProblem(form, err, 'The determination', 'was not withdrawn');
        }
      }),
    );
    replace(withdrawBox, form);
    /** @type {HTMLElement} */ (form.querySelector('h2')).focus();
  }
}

/** @param {HTMLElement} main @param {ScreenCtx} ctx */
async function renderForm(main, ctx) {
  const q = ctx.query;
  const supersedes = q.get('supersedes') ?? '';
  const old = supersedes ? await call('GET /api/v1/determinations/{number}', { params: { number: supersedes } }) : null;
  setTitle(old ? `Supersede determination ${old.number}` : 'Record a determination');
  if (!canDetermine(ctx.role)) {
    replace(main, h('p', { class: 'empty' }, 'Only counsel and administrators record determinations.'));
    return;
  }
  const recordingId = old?.scope.recordingId ?? q.get('recordingId') ?? '';
  const caseNumber = old?.scope.caseNumber ?? q.get('caseNumber') ?? '';
  const requestNumber = old?.scope.requestNumber ?? q.get('requestNumber') ?? '';
  const fact = q.get('fact') ?? '';
  const kind = old?.scope.kind ?? (requestNumber && recordingId ? 'recording_request' : recordingId ? 'recording' : 'case');
  const kinds = new Set(old?.requesterKinds ?? [q.get('requester') ?? 'public']);
  const scopeName = uid('scope');
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'card', novalidate: true, 'aria-labelledby': 'det-form-h' },
      h('h1', { id: 'det-form-h' }, old ? `Supersede determination ${old.number}` : 'Record a determination'),
      fact ? h('p', { class: 'hint' }, `It answers: ${fact}`) : null,
      h(
        'p',
        { class: 'hint' },
        'The determination answers the questions it names for the requester kinds it names; it never opens what the statutes or a court order close, and the statutory redactions and the content review still apply. It applies only while the facts it is made on stay as they are now: a new case event, an edited recording, a new court order, a changed rule set or a corrected claim sends the recording back to you.',
      ),
      h(
        'fieldset',
        { 'data-path': 'body.scope', tabindex: -1, id: uid('scope-fs'), disabled: !!old },
        h('legend', {}, 'Scope'),
        Object.entries(DETERMINATION_SCOPES).map(([v, t]) =>
          h(
            'div',
            { class: 'field-check' },
            h('input', { type: 'radio', name: scopeName, id: `${scopeName}-${v}`, value: v, checked: v === kind }),
            h('label', { for: `${scopeName}-${v}` }, t),
          ),
        ),
      ),
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Recording id',
          name: 'recordingId',
          path: 'body.scope.recordingId',
          value: recordingId,
          attrs: { disabled: !!old },
        }),
        field({ label: 'Case number', name: 'caseNumber', path: 'body.scope.caseNumber', value: caseNumber, attrs: { disabled: !!old } }),
        field({
          label: 'Request number',
          name: 'requestNumber',
          path: 'body.scope.requestNumber',
          value: requestNumber,
          attrs: { disabled: !!old },
        }),
      ),
      h(
        'fieldset',
        { 'data-path': 'body.requesterKinds', tabindex: -1, id: uid('kinds-fs') },
        h('legend', {}, 'Requester kinds it covers'),
        Object.entries(REQUESTER_KINDS).map(([v, t]) => {
          const id = uid(`kind-${v}`);
          return h(
            'div',
            { class: 'field-check' },
            h('input', { type: 'checkbox', name: `kind-${v}`, id, value: v, checked: kinds.has(v) }),
            h('label', { for: id }, t),
          );
        }),
        h('p', { class: 'hint' }, 'An agency keeps its access under RSMo 610.120 unless you name it here.'),
      ),
      h(
        'div',
        { class: 'grid' },
        field({
          label: 'Outcome',
          name: 'outcome',
          path: 'body.outcome',
          required: true,
          value: old?.outcome ?? '',
          options: [['', 'Choose…'], ...options(DETERMINATION_OUTCOMES)],
        }),
        field({
          label: 'Redactions (with a release)',
          name: 'redactions',
          path: 'body.redactions',
          multiline: true,
          value: (old?.redactions ?? []).map((r) => `${r.publicDescription} | ${r.instruction}`).join('\n'),
          hint: 'Besides the statutory redactions, which always apply. One per line: what the public is told | what staff cut (names stay internal).',
        }),
        field({
          label: 'Citation',
          name: 'citation',
          path: 'body.citation',
          required: true,
          value: old?.citation ?? '',
          hint: 'A provision of law (610.023.4), e.g. RSMo 610.105; several separated by ";".',
        }),
        field({
          label: 'Public statement',
          name: 'publicStatement',
          path: 'body.publicStatement',
          required: true,
          multiline: true,
          value: old?.publicStatement ?? '',
          hint: 'The ground the decision and the letter give, in words fit for the requester.',
        }),
        field({
          label: 'Reasoning (internal)',
          name: 'reasoning',
          path: 'body.reasoning',
          required: true,
          multiline: true,
          value: old?.reasoning ?? '',
          hint: 'Your analysis; kept in the record, never put in a decision or a letter.',
        }),
        field({
          label: 'Questions it answers',
          name: 'answers',
          path: 'body.answers',
          required: true,
          multiline: true,
          value: (old?.answers ?? (fact ? [fact] : [])).join('\n'),
          hint: 'The missing facts it answers, one per line (from the decision or the review queue). It resolves a review only when it names every one.',
        }),
        field({
          label: 'No longer applies from (optional)',
          name: 'expiresOn',
          path: 'body.expiresOn',
          type: 'date',
          value: old?.expiresOn ?? '',
        }),
      ),
      h('div', { class: 'form-problem' }),
      h('p', { class: 'progress', role: 'status' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, old ? 'Record the new determination' : 'Record determination')),
    )
  );
  const scopeKind = () => /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${scopeName}"]:checked`))?.value ?? kind;
  const sync = () => {
    const k = scopeKind();
    const show = { recordingId: k !== 'case', caseNumber: k === 'case', requestNumber: k === 'recording_request' };
    for (const [name, visible] of Object.entries(show)) {
      const f = form.querySelector(`[name="${name}"]`)?.closest('.field');
      if (f instanceof HTMLElement) f.hidden = !visible;
    }
  };
  form.addEventListener('change', sync);
  sync();
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      // The service's requester kinds (the vocabulary REQUESTER_KINDS is filled from), those ticked.
      const requesterKinds = /** @type {Schemas['RequesterKind'][]} */ (Object.keys(REQUESTER_KINDS).filter((k) => val(form, `kind-${k}`)));
      const outcome = val(form, 'outcome');
      const k = scopeKind();
      /** @type {Array<[string, string]>} */
      const missing = [];
      if (!old && k !== 'case' && !val(form, 'recordingId')) missing.push(['recordingId', 'Required: the recording.']);
      if (!old && k === 'case' && !val(form, 'caseNumber')) missing.push(['caseNumber', 'Required: the case.']);
      if (!old && k === 'recording_request' && !val(form, 'requestNumber')) missing.push(['requestNumber', 'Required: the request.']);
      if (!outcome) missing.push(['outcome', 'Required.']);
      if (!val(form, 'citation')) missing.push(['citation', 'Required: the provision relied on.']);
      if (!val(form, 'publicStatement')) missing.push(['publicStatement', 'Required: the ground the letter gives.']);
      if (!val(form, 'reasoning')) missing.push(['reasoning', 'Required.']);
      const answers = val(form, 'answers')
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean);
      if (answers.length === 0) missing.push(['answers', 'Required: the missing facts it answers.']);
      if (missing.length || requesterKinds.length === 0) {
        for (const [name, text] of missing) fieldError(/** @type {HTMLElement} */ (form.querySelector(`[name="${name}"]`)), text);
        if (requesterKinds.length === 0)
          fieldError(
            /** @type {HTMLElement} */ (form.querySelector('[data-path="body.requesterKinds"]')),
            'Required: at least one requester kind.',
          );
        replace(
          /** @type {HTMLElement} */ (form.querySelector('.form-problem')),
          h(
            'div',
            { class: 'problem', role: 'alert' },
            h('p', { class: 'problem-title' }, 'The determination was not saved. Check the fields marked.'),
          ),
        );
        return;
      }
      const redactions =
        outcome === 'release'
          ? val(form, 'redactions')
              .split('\n')
              .map((line) => line.split('|').map((x) => x.trim()))
              .filter(([pub]) => pub)
              .map(([publicDescription = '', instruction = '']) => ({ publicDescription, instruction: instruction || publicDescription }))
          : [];
      const body = {
        requesterKinds,
        // One of the select's options: an empty choice was refused above.
        outcome: /** @type {Schemas['DeterminationOutcome']} */ (outcome),
        redactions,
        citation: val(form, 'citation'),
        publicStatement: val(form, 'publicStatement'),
        reasoning: val(form, 'reasoning'),
        answers,
        ...(val(form, 'expiresOn') ? { expiresOn: val(form, 'expiresOn') } : {}),
      };
      // A new determination names its scope; one that supersedes keeps the old one's.
      const scope =
        k === 'case'
          ? { kind: /** @type {const} */ ('case'), caseNumber: val(form, 'caseNumber') }
          : k === 'recording_request'
            ? {
                kind: /** @type {const} */ ('recording_request'),
                recordingId: val(form, 'recordingId'),
                requestNumber: val(form, 'requestNumber'),
              }
            : { kind: /** @type {const} */ ('recording'), recordingId: val(form, 'recordingId') };
      try {
        const saved = await withProgress(form, 'Saving…', () =>
          old
            ? call('POST /api/v1/determinations/{number}/supersede', { params: { number: old.number }, body })
            : call('POST /api/v1/determinations', { body: { ...body, scope } }),
        );
        location.hash = `#/determinations/${enc(saved.number)}`;
      } catch (err) {
        formProblem(form, err, 'The determination');
      }
    }),
  );
  replace(main, form);
}
