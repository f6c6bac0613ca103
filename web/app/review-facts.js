// @ts-check
/**
 * The clerk's answers to a recording's review questions (questions.yaml: its category, its cases,
 * whether it was made in a nonpublic place and of what kind), on the recording's release check:
 * POST /api/v1/recordings/:id/review-facts. The questions link here (&form=review-facts). Only an
 * unclassified recording is classified here, and case numbers are added to its links; its content
 * review and flags come from the evidence system. The service checks the role again.
 */
import { api, clearFieldErrors, enc } from './api.js';
import { announce, field, h, replace, uid, val } from './dom.js';
import { CATEGORIES, LOCATION_KINDS, label, options } from './format.js';
import { formProblem, withProgress } from './holds.js';

/** Who may answer them (the service's access table says the same). */
export const canAnswerReviewFacts = (/** @type {string} */ role) => ['clerk', 'admin'].includes(role);

/**
 * @param {string} recordingId @param {{ focus: boolean, saved: () => void }} opts
 * @returns {HTMLElement}
 */
export function reviewFactsPanel(recordingId, opts) {
  const headingId = uid('rf-h');
  const box = h('section', { class: 'card no-print', 'aria-labelledby': headingId, 'data-testid': 'review-facts' });
  const heading = () => h('h2', { id: headingId, tabindex: -1 }, 'Answer the review questions');
  /** Scrolled to and focused once, when a question's link opened the screen for it. */
  let focus = opts.focus;
  replace(box, heading(), h('p', { role: 'status' }, 'Loading…'));
  void (async () => {
    try {
      draw(await api(`/api/v1/recordings/${enc(recordingId)}`));
    } catch {
      replace(box, heading(), h('p', { class: 'empty' }, 'The recording could not be read.'));
    }
  })();

  /** @param {any} rec */
  function draw(rec) {
    const unclassified = rec.category === 'unclassified';
    const nonpublicNow = rec.location.nonpublic ? 'true' : 'false';
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { novalidate: true },
        h(
          'p',
          { class: 'hint' },
          `What you answer here is saved as a change to recording ${recordingId}, under your name, and the recording is decided again. Its content review and flags are recorded in the evidence system.`,
        ),
        h(
          'div',
          { class: 'grid' },
          unclassified
            ? field({
                label: 'Kind of recording',
                name: 'category',
                path: 'body.category',
                value: '',
                options: [['', 'Not yet classified'], ...options(CATEGORIES).filter(([c]) => c !== 'unclassified')],
              })
            : h('p', {}, `Kind of recording: ${label(CATEGORIES, rec.category)} (a reclassification comes from the evidence system).`),
          field({
            label: 'Cases to link',
            name: 'caseNumbers',
            path: 'body.caseNumbers',
            hint: `Linked now: ${rec.caseNumbers.length ? rec.caseNumbers.join(', ') : 'none'}. Separate with spaces or commas; links are only added.`,
            attrs: { autocomplete: 'off' },
          }),
          field({
            label: 'Made in a nonpublic place (an expectation of privacy, RSMo 610.100.1(8))',
            name: 'nonpublic',
            path: 'body.location.nonpublic',
            value: nonpublicNow,
            options: [
              ['true', 'Yes: nonpublic'],
              ['false', 'No: public'],
            ],
          }),
          field({
            label: 'Kind of place',
            name: 'locationKind',
            path: 'body.location.kind',
            value: rec.location.kind ?? '',
            options: [['', 'Not said'], ...options(LOCATION_KINDS)],
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save answers')),
      )
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const caseNumbers = val(form, 'caseNumbers')
        .split(/[\s,;]+/)
        .filter(Boolean);
      const placeChanged = val(form, 'nonpublic') !== nonpublicNow || val(form, 'locationKind') !== (rec.location.kind ?? '');
      /** @type {Record<string, unknown>} */
      const body = {
        ...(val(form, 'category') ? { category: val(form, 'category') } : {}),
        ...(caseNumbers.length ? { caseNumbers } : {}),
        ...(placeChanged
          ? {
              location: {
                nonpublic: val(form, 'nonpublic') === 'true',
                ...(val(form, 'locationKind') ? { kind: val(form, 'locationKind') } : {}),
              },
            }
          : {}),
      };
      try {
        const next = await withProgress(form, 'Saving…', () =>
          api(`/api/v1/recordings/${enc(recordingId)}/review-facts`, { method: 'POST', body }),
        );
        draw(next);
        const msg = h('p', { class: 'success', role: 'status' }, `Saved: recording ${recordingId} is decided again.`);
        box.querySelector('h2')?.after(msg);
        announce(msg.textContent ?? '');
        opts.saved();
      } catch (err) {
        formProblem(form, err, 'The answers');
      }
    });
    replace(box, heading(), form);
    if (focus) {
      focus = false;
      box.scrollIntoView({ block: 'start' });
      /** @type {HTMLElement | null} */ (box.querySelector('h2'))?.focus();
    }
  }
  return box;
}
