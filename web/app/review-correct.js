// @ts-check
/**
 * A prosecutor's or an administrator's correction of a wrong answer a records clerk gave on the
 * review-facts route (counsel re-check session 5, F2; session 6, G3), on the recording's release
 * check (&form=correct-place): the clerk's nonpublic mark lifted, or the clerk's kind of place
 * replaced, with the basis. Only what the clerk entered is taken back: the evidence system's own mark
 * or private kind is refused by the service (409) and corrected there.
 * POST /api/v1/recordings/:id/review-facts/corrections; the service checks the role again.
 */
import { call, clearFieldErrors } from './api.js';
import { focusOnce, loadRecording, saveAnswer } from './recording-panel.js';
import { field, h, replace, uid, val } from './dom.js';
import { LOCATION_KINDS, label } from './format.js';

/** Who may correct (the service's access table says the same). */
export const canCorrectReviewFacts = (/** @type {string} */ role) => role === 'prosecutor' || role === 'admin';

/** @typedef {import('./api.js').Schemas['Recording']} Recording */

/**
 * @param {string} recordingId @param {{ focus: boolean, saved: () => void }} opts
 * @returns {HTMLElement}
 */
export function reviewCorrectPanel(recordingId, opts) {
  const headingId = uid('rx-h');
  const box = h('section', { class: 'card no-print', 'aria-labelledby': headingId, 'data-testid': 'review-correct' });
  const heading = () => h('h2', { id: headingId, tabindex: -1 }, "Correct a clerk's answer about the place");
  const state = { focus: opts.focus };
  box.hidden = !state.focus;
  loadRecording(box, heading, recordingId, draw);

  /** @param {Recording} rec */
  function draw(rec) {
    const rf = rec.reviewFacts;
    /** @type {Array<[string, string]>} */
    const open = [];
    if (rf?.nonpublic === true) open.push(['location.nonpublic', `Nonpublic place, marked by clerk ${rf.by}: lift the mark`]);
    if (rf?.kind) open.push(['location.kind', `Kind of place ${label(LOCATION_KINDS, rf.kind)}, given by clerk ${rf.by}: replace it`]);
    if (open.length === 0) {
      box.hidden = !state.focus;
      replace(box, heading(), h('p', { class: 'empty' }, `No clerk's answer about the place of recording ${recordingId} to correct.`));
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
          "Takes back only what a clerk entered; the evidence system's own mark or kind of place is corrected there. A case link a clerk entered is removed on the prosecutor's confirmation instead.",
        ),
        h(
          'div',
          { class: 'grid' },
          field({ label: 'Answer to correct', name: 'field', path: 'body.field', value: open[0]?.[0] ?? '', options: open }),
          field({
            label: 'Kind of place instead (for a kind of place)',
            name: 'value',
            path: 'body.value',
            value: '',
            options: [['', 'Choose'], ...Object.entries(LOCATION_KINDS)],
          }),
          field({
            label: 'Basis',
            name: 'basis',
            path: 'body.basis',
            multiline: true,
            required: true,
            hint: 'Why the answer is wrong: a report, the address, who checked.',
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record the correction')),
      )
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void submit();
    });
    /** Sends the correction; the service names what is missing or refused. */
    async function submit() {
      clearFieldErrors(form);
      const which = val(form, 'field');
      const basis = val(form, 'basis').trim() ? { basis: val(form, 'basis').trim() } : {};
      // Nothing chosen is not sent: the service names the field that needs an answer.
      const body =
        which === 'location.nonpublic'
          ? { field: which, value: /** @type {false} */ (false), ...basis }
          : { field: which, ...(val(form, 'value') ? { value: val(form, 'value') } : {}), ...basis };
      await saveAnswer(
        form,
        box,
        recordingId,
        'The correction',
        () => call('POST /api/v1/recordings/{recordingId}/review-facts/corrections', { params: { recordingId }, body }),
        draw,
        opts.saved,
      );
    }
    replace(box, heading(), form);
    focusOnce(box, state);
  }
  return box;
}
