// @ts-check
/**
 * The prosecutor's confirmation of a case link or category a records clerk entered on the
 * review-facts route (questions.yaml recording-case-link-confirmed; counsel re-check session 5,
 * F1/F4), on the recording's release check: the question links here (&form=confirm-link). Until it
 * is confirmed, a clerk's link opens nothing and neither it nor the clerk's category starts a
 * destruction clock. The prosecutor confirms it, or removes it as wrong, with the basis:
 * POST /api/v1/recordings/:id/review-facts/confirmations. The service checks the role again.
 */
import { call, clearFieldErrors } from './api.js';
import { focusOnce, loadRecording, saveAnswer } from './recording-panel.js';
import { field, h, replace, uid, val } from './dom.js';
import { CATEGORIES, dateTime, label } from './format.js';

/** Who may confirm (the service's access table says the same). */
export const canConfirmReviewFacts = (/** @type {string} */ role) => role === 'prosecutor';

/** @typedef {import('./api.js').Schemas['Recording']} Recording */

/**
 * @param {string} recordingId @param {{ focus: boolean, saved: () => void }} opts
 * @returns {HTMLElement}
 */
export function reviewConfirmPanel(recordingId, opts) {
  const headingId = uid('rc-h');
  const box = h('section', { class: 'card no-print', 'aria-labelledby': headingId, 'data-testid': 'review-confirm' });
  const heading = () => h('h2', { id: headingId, tabindex: -1 }, "Confirm the clerks' answers");
  const state = { focus: opts.focus };
  // Shown once the recording holds a clerk's answer to confirm (or when the question's link opened it).
  box.hidden = !state.focus;
  loadRecording(box, heading, recordingId, draw);

  /** @param {{ by: string, at: string | null, basis: string | null }} e */
  const entered = (e) => `entered by clerk ${e.by}${e.at ? ` on ${dateTime(e.at)}` : ''}${e.basis ? ` (basis: ${e.basis})` : ''}`;

  /** @param {Recording} rec */
  function draw(rec) {
    const rf = rec.reviewFacts;
    /** @type {Array<[string, string]>} */
    const open = [];
    for (const l of rf?.caseLinks ?? [])
      if (!l.confirmation) open.push([`case:${l.caseNumber}`, `Link to case ${l.caseNumber}, ${entered(l)}`]);
    if (rf?.category && !rf.category.confirmation)
      open.push(['category', `Category ${label(CATEGORIES, rf.category.value)}, ${entered(rf.category)}`]);
    if (open.length === 0) {
      // Nothing to confirm: the panel stays out of the way unless the question's link opened it.
      box.hidden = !state.focus;
      replace(box, heading(), h('p', { class: 'empty' }, `No clerk's answer on recording ${recordingId} waits for a confirmation.`));
      return;
    }
    box.hidden = false;
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { novalidate: true },
        h(
          'p',
          { class: 'hint' },
          "A clerk's case link opens nothing, and neither it nor a clerk's category starts the recording's destruction clock, until you confirm it. Confirm it on your own or the investigating unit's knowledge, or remove it if it is wrong; the basis is recorded with your answer.",
        ),
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Answer to confirm', name: 'target', path: 'body.caseNumber', value: open[0]?.[0] ?? '', options: open }),
          field({
            label: 'It is',
            name: 'confirmed',
            path: 'body.confirmed',
            value: '',
            options: [
              ['', 'Choose'],
              ['true', 'Right: confirm it'],
              ['false', 'Wrong: remove it'],
            ],
          }),
          field({
            label: 'Basis',
            name: 'basis',
            path: 'body.basis',
            multiline: true,
            required: true,
            hint: 'On whose knowledge: the investigating unit, a report or CAD number.',
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record the answer')),
      )
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void submit();
    });
    /** Sends the answer; the service names what is missing or refused. */
    async function submit() {
      clearFieldErrors(form);
      const target = val(form, 'target');
      const confirmed = val(form, 'confirmed');
      const body = {
        ...(target === 'category' ? { field: 'category' } : { field: 'caseNumbers', caseNumber: target.slice('case:'.length) }),
        // Nothing chosen is not sent: the service names the field that needs an answer.
        ...(confirmed ? { confirmed: confirmed === 'true' } : {}),
        ...(val(form, 'basis').trim() ? { basis: val(form, 'basis').trim() } : {}),
      };
      await saveAnswer(
        form,
        box,
        recordingId,
        'The confirmation',
        () => call('POST /api/v1/recordings/{recordingId}/review-facts/confirmations', { params: { recordingId }, body }),
        draw,
        opts.saved,
      );
    }
    replace(box, heading(), form);
    focusOnce(box, state);
  }
  return box;
}
