// @ts-check
/**
 * The clerk's answers to a recording's review questions (questions.yaml: its category, its cases,
 * whether it was made in a nonpublic place and of what kind), on the recording's release check:
 * POST /api/v1/recordings/:id/review-facts. The questions link here (&form=review-facts). Only an
 * unclassified recording is classified here (never as non-evidentiary: the prosecutor's or the
 * investigating unit's to confirm), case numbers are added to its links, and its place only moves
 * towards closure; its content review and flags come from the evidence system. The service checks
 * the role and the rest again.
 */
import { call, clearFieldErrors, handler } from './api.js';
import { focusOnce, loadRecording, saveAnswer } from './recording-panel.js';
import { field, h, replace, uid, val } from './dom.js';
import { CATEGORIES, LOCATION_KINDS, dateTime, label, options } from './format.js';

/** @typedef {import('./api.js').Schemas['Recording']} Recording */

/**
 * What clerks entered here before, with who, when, the basis and whether the prosecutor confirmed it.
 * @param {Recording['reviewFacts']} rf the recording's review facts
 */
function enteredList(rf) {
  if (!rf) return null;
  /** @param {{ by: string, at: string | null, basis: string | null, confirmation: { by: string, basis: string } | null }} e */
  const state = (e) =>
    `entered by clerk ${e.by}${e.at ? ` on ${dateTime(e.at)}` : ''}${e.basis ? ` (basis: ${e.basis})` : ''}; ${
      e.confirmation ? `confirmed by ${e.confirmation.by} (${e.confirmation.basis})` : 'not confirmed by the prosecutor yet'
    }`;
  /** @type {HTMLElement[]} */
  const items = [];
  for (const l of rf.caseLinks ?? []) items.push(h('li', {}, `Case ${l.caseNumber}: ${state(l)}`));
  if (rf.category) items.push(h('li', {}, `Category ${label(CATEGORIES, rf.category.value)}: ${state(rf.category)}`));
  return items.length ? h('ul', { class: 'entered', 'data-testid': 'review-facts-entered' }, items) : null;
}

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
  const state = { focus: opts.focus };
  loadRecording(box, heading, recordingId, draw);

  /** @param {Recording} rec */
  function draw(rec) {
    const unclassified = rec.category === 'unclassified';
    // What is recorded, or nothing (never a suggested "public", counsel review session 5, F12).
    const nonpublicNow = rec.location.nonpublic == null ? '' : String(rec.location.nonpublic);
    const kindNow = rec.location.kind ?? '';
    // The place only moves towards closure here (F2): a nonpublic mark or a private kind stays.
    const markedNonpublic = rec.location.nonpublic === true;
    const privateKind = kindNow !== '' && kindNow !== 'public';
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { novalidate: true },
        h(
          'p',
          { class: 'hint' },
          `What you answer here is saved as a change to recording ${recordingId}, under your name, and the recording is decided again. Its content review and flags are recorded in the evidence system.`,
        ),
        enteredList(rec.reviewFacts),
        h(
          'div',
          { class: 'grid' },
          unclassified
            ? field({
                label: 'Kind of recording',
                name: 'category',
                path: 'body.category',
                value: '',
                // Non-evidentiary (no investigation concerns it) is the prosecutor's or the
                // investigating unit's to confirm (F1); the service refuses it from here too.
                options: [
                  ['', 'Not yet classified'],
                  ...options(CATEGORIES).filter(([c]) => c !== 'unclassified' && c !== 'non_evidentiary'),
                ],
                hint: 'Non-evidentiary (no investigation concerns it) is not chosen here: only the prosecutor or the investigating unit may confirm it. Ask them, or link the recording to its case.',
              })
            : h('p', {}, `Kind of recording: ${label(CATEGORIES, rec.category)} (a reclassification comes from the evidence system).`),
          field({
            label: 'Cases to link',
            name: 'caseNumbers',
            path: 'body.caseNumbers',
            hint: `Linked now: ${rec.caseNumbers.length ? rec.caseNumbers.join(', ') : 'none'}. Separate with spaces or commas; links are only added. A link you add opens nothing until the prosecutor confirms it.`,
            attrs: { autocomplete: 'off' },
          }),
          field({
            label: 'Basis',
            name: 'basis',
            path: 'body.basis',
            hint: 'On what you rely: the report or CAD number matched, who said so.',
            attrs: { autocomplete: 'off' },
          }),
          field({
            label: 'Made in a nonpublic place (an expectation of privacy, RSMo 610.100.1(8))',
            name: 'nonpublic',
            path: 'body.location.nonpublic',
            value: nonpublicNow,
            hint: markedNonpublic
              ? 'Marked nonpublic. That mark is not lifted here: if it is wrong, have it corrected in the evidence system or by an administrator, with the reason.'
              : 'A dwelling, school or medical facility is nonpublic; who owns the place does not decide it.',
            options: /** @type {[string, string][]} */ (
              markedNonpublic
                ? [['true', 'Yes: nonpublic']]
                : [...(nonpublicNow === '' ? [['', 'Not recorded']] : []), ['true', 'Yes: nonpublic'], ['false', 'No: public']]
            ),
          }),
          field({
            label: 'Kind of place',
            name: 'locationKind',
            path: 'body.location.kind',
            value: kindNow,
            ...(privateKind
              ? {
                  hint: `Recorded as ${label(LOCATION_KINDS, kindNow)}: only another private kind may be given here; a wrong kind is corrected in the evidence system or by an administrator.`,
                }
              : {}),
            options: [['', 'Not said'], ...options(LOCATION_KINDS).filter(([k]) => !privateKind || k !== 'public')],
          }),
        ),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save answers')),
      )
    );
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        const caseNumbers = val(form, 'caseNumbers')
          .split(/[\s,;]+/)
          .filter(Boolean);
        // Only what the clerk changed is sent: a kind of place alone does not send a nonpublic value.
        const nonpublicChosen = val(form, 'nonpublic') !== nonpublicNow && val(form, 'nonpublic') !== '';
        const kindChosen = val(form, 'locationKind') !== kindNow && val(form, 'locationKind') !== '';
        const body = {
          ...(val(form, 'category') ? { category: val(form, 'category') } : {}),
          ...(caseNumbers.length ? { caseNumbers } : {}),
          ...(val(form, 'basis').trim() ? { basis: val(form, 'basis').trim() } : {}),
          ...(nonpublicChosen || kindChosen
            ? {
                location: {
                  ...(nonpublicChosen ? { nonpublic: val(form, 'nonpublic') === 'true' } : {}),
                  ...(kindChosen ? { kind: val(form, 'locationKind') } : {}),
                },
              }
            : {}),
        };
        await saveAnswer(
          form,
          box,
          recordingId,
          'The answers',
          () => call('POST /api/v1/recordings/{recordingId}/review-facts', { params: { recordingId }, body }),
          draw,
          opts.saved,
        );
      }),
    );
    replace(box, heading(), form);
    focusOnce(box, state);
  }
  return box;
}
