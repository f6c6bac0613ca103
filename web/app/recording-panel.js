// @ts-check
/**
 * What the cards under a recording's release check share (the clerk's review facts, the prosecutor's
 * confirmation of them, a correction, the prosecutor's no-investigation confirmation): each reads the
 * recording, draws its form, sends one answer and draws the recording it gets back, which the service
 * has decided again; a question's link (&form=...) scrolls to it and focuses its heading once.
 */
import { call } from './api.js';
import { announce, h, replace } from './dom.js';
import { formProblem, withProgress } from './holds.js';

/** @typedef {import('./api.js').Schemas['Recording']} Recording */

/**
 * Shows "Loading…", reads the recording and draws it; says so when it cannot be read.
 * @param {HTMLElement} box @param {() => HTMLElement} heading @param {string} recordingId
 * @param {(rec: Recording) => void} draw
 */
export function loadRecording(box, heading, recordingId, draw) {
  replace(box, heading(), h('p', { role: 'status' }, 'Loading…'));
  void (async () => {
    try {
      draw(await call('GET /api/v1/recordings/{recordingId}', { params: { recordingId } }));
    } catch {
      replace(box, heading(), h('p', { class: 'empty' }, 'The recording could not be read.'));
    }
  })();
}

/**
 * Sends the form's answer, draws the recording it returns with a "Saved" message under the heading, and
 * calls `saved` (the release check decides again); the service's refusal is shown on the form.
 * @param {HTMLFormElement} form @param {HTMLElement} box @param {string} recordingId @param {string} what
 * @param {() => Promise<Recording>} send @param {(rec: Recording) => void} draw @param {() => void} saved
 */
export async function saveAnswer(form, box, recordingId, what, send, draw, saved) {
  try {
    const next = await withProgress(form, 'Saving…', send);
    draw(next);
    const msg = h('p', { class: 'success', role: 'status' }, `Saved: recording ${recordingId} is decided again.`);
    box.querySelector('h2')?.after(msg);
    announce(msg.textContent ?? '');
    saved();
  } catch (err) {
    formProblem(form, err, what);
  }
}

/**
 * Scrolls to the card and focuses its heading, the first time only (a question's link opened the screen for it).
 * @param {HTMLElement} box @param {{ focus: boolean }} state
 */
export function focusOnce(box, state) {
  if (!state.focus) return;
  state.focus = false;
  box.scrollIntoView({ block: 'start' });
  /** @type {HTMLElement | null} */ (box.querySelector('h2'))?.focus();
}
