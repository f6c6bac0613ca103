// @ts-check
/**
 * The prosecutor's own confirmation that no investigation concerns a recording (counsel session 6,
 * G4), on the recording's release check (&form=no-investigation): it is classified non-evidentiary
 * with the prosecutor as the confirmer, and its 180-day clock runs from the later of the
 * confirmation and the day it is recorded. Offered only for a recording linked to no case: a case
 * link says an investigation concerns it. POST /api/v1/recordings/:id/no-investigation; the service
 * checks the role, the link and the date again.
 */
import { call, clearFieldErrors } from './api.js';
import { focusOnce, loadRecording, saveAnswer } from './recording-panel.js';
import { field, h, replace, uid, val } from './dom.js';

/** Who may confirm (the service's access table says the same). */
export const canConfirmNoInvestigation = (/** @type {string} */ role) => role === 'prosecutor';

/** @typedef {import('./api.js').Schemas['Recording']} Recording */

/**
 * @param {string} recordingId @param {{ focus: boolean, saved: () => void }} opts
 * @returns {HTMLElement}
 */
export function noInvestigationPanel(recordingId, opts) {
  const headingId = uid('ni-h');
  const box = h('section', { class: 'card no-print', 'aria-labelledby': headingId, 'data-testid': 'no-investigation' });
  const heading = () => h('h2', { id: headingId, tabindex: -1 }, 'Confirm that no investigation concerns it');
  const state = { focus: opts.focus };
  box.hidden = !state.focus;
  loadRecording(box, heading, recordingId, draw);

  /** @param {Recording} rec */
  function draw(rec) {
    if (rec.caseNumbers.length > 0) {
      // A case link says an investigation concerns it: the panel stays out of the way unless asked for.
      box.hidden = !state.focus;
      replace(
        box,
        heading(),
        h(
          'p',
          { class: 'empty' },
          `Recording ${recordingId} is linked to case ${rec.caseNumbers.join(', ')}: have the link removed where it came from before confirming that no investigation concerns it.`,
        ),
      );
      return;
    }
    box.hidden = rec.category === 'non_evidentiary' && !state.focus;
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { novalidate: true },
        h(
          'p',
          { class: 'hint' },
          'Only the prosecutor or the investigating unit may say that no investigation concerns a recording (RSMo 610.100.2). Your confirmation classifies it non-evidentiary: it is open to any requester, and it may be destroyed 180 days after the later of your confirmation and today.',
        ),
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Reference (memo, email or file)', name: 'reference', path: 'body.reference', required: true }),
          field({
            label: 'Confirmed on (blank: today)',
            name: 'confirmedOn',
            path: 'body.confirmedOn',
            type: 'date',
            hint: 'Not after today.',
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record the confirmation')),
      )
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void submit();
    });
    /** Sends the confirmation; the service names what is missing or refused. */
    async function submit() {
      clearFieldErrors(form);
      const body = {
        ...(val(form, 'reference').trim() ? { reference: val(form, 'reference').trim() } : {}),
        ...(val(form, 'confirmedOn') ? { confirmedOn: val(form, 'confirmedOn') } : {}),
      };
      await saveAnswer(
        form,
        box,
        recordingId,
        'The confirmation',
        () => call('POST /api/v1/recordings/{recordingId}/no-investigation', { params: { recordingId }, body }),
        draw,
        opts.saved,
      );
    }
    replace(box, heading(), form);
    focusOnce(box, state);
  }
  return box;
}
