// @ts-check
/**
 * Keeping a session and the work in it:
 * - Expiry is announced before it happens. The service ends a session after a time without use
 *   (idle) and at a fixed time after sign-in (absolute); a pasted development token has its own
 *   expiry. A warning shows a few minutes before the earlier of the two, with "Stay signed in",
 *   which asks the service for the session (a use, so the idle time starts again). Use in another
 *   tab counts too (each tab writes the time of its last answered call to localStorage).
 * - A half-filled form survives signing in again. When the session ends (or has ended: a 401),
 *   every form field on the screen is saved in sessionStorage with the screen's address; after
 *   signing in again the app returns to that screen and puts the entries back.
 */
import { announce, h, replace } from './dom.js';
import { dateTime } from './format.js';

const ACTIVITY_KEY = 'frrm.lastUse';
const DRAFT_KEY = 'frrm.draft';
/** A draft older than this is not restored (the person has moved on). */
const DRAFT_MAX_AGE_MS = 12 * 3600_000;

/**
 * @typedef {{ absoluteAt: number | null, idleMs: number | null, slackMs: number, canExtend: boolean }} Limits
 *   slackMs: the service records use only so often, so its idle end may come this much before ours
 * @typedef {{ form: number, name: string, value: string, checked: boolean | null }} SavedField
 * @typedef {{ hash: string, savedAt: number, fields: SavedField[] }} Draft
 */

/** How long before the end the warning shows: 5 minutes, or a third of a short idle time. @param {number | null} idleMs */
export const warnLeadMs = (idleMs) => Math.min(5 * 60_000, idleMs ? Math.max(20_000, Math.floor(idleMs / 3)) : 5 * 60_000);

/** @type {Limits} */
let limits = { absoluteAt: null, idleMs: null, slackMs: 0, canExtend: false };
/** @type {ReturnType<typeof setTimeout> | null} */
let timer = null;
/** @type {() => Promise<void>} */
let extend = async () => {};
/** @type {() => void} */
let onEnded = () => {};

/** The time of the last answered call in any tab. */
function lastUse() {
  return Number(localStorage.getItem(ACTIVITY_KEY) ?? '0') || Date.now();
}

/** Called after each answered call (api.js): a use of the session. */
export function noteUse() {
  localStorage.setItem(ACTIVITY_KEY, String(Date.now()));
  if (limits.idleMs || limits.absoluteAt) schedule();
}

/** When the session ends, as far as this browser can tell (ms since the epoch), and why. @returns {{ at: number, why: 'idle' | 'absolute' } | null} */
export function sessionEnd() {
  const idleAt = limits.idleMs ? lastUse() + limits.idleMs - limits.slackMs : null;
  if (idleAt !== null && (limits.absoluteAt === null || idleAt < limits.absoluteAt)) return { at: idleAt, why: 'idle' };
  return limits.absoluteAt !== null ? { at: limits.absoluteAt, why: 'absolute' } : null;
}

/**
 * Starts (or restarts) watching a session. `extendFn` refreshes the idle time (null: it cannot be
 * refreshed, e.g. a pasted token); `endedFn` runs when the end is reached without a call noticing.
 * @param {Limits} l @param {(() => Promise<void>) | null} extendFn @param {() => void} endedFn
 */
export function watchSession(l, extendFn, endedFn) {
  limits = l;
  extend = extendFn ?? (async () => {});
  onEnded = endedFn;
  if (!localStorage.getItem(ACTIVITY_KEY)) localStorage.setItem(ACTIVITY_KEY, String(Date.now()));
  schedule();
}

export function stopWatching() {
  limits = { absoluteAt: null, idleMs: null, slackMs: 0, canExtend: false };
  if (timer) clearTimeout(timer);
  timer = null;
  hideWarning();
}

function schedule() {
  if (timer) clearTimeout(timer);
  timer = null;
  const end = sessionEnd();
  if (!end) return hideWarning();
  const now = Date.now();
  const lead = warnLeadMs(limits.idleMs);
  if (now >= end.at) {
    hideWarning();
    onEnded();
    return;
  }
  if (now >= end.at - lead) showWarning(end);
  else hideWarning();
  // Wake at the warning time, at the end, and at least every 15 s (another tab may have used the session).
  const next = now < end.at - lead ? end.at - lead : end.at;
  timer = setTimeout(schedule, Math.max(250, Math.min(next - now, 15_000)));
}

window.addEventListener('storage', (ev) => {
  if (ev.key === ACTIVITY_KEY && (limits.idleMs || limits.absoluteAt)) schedule();
});

/** @param {{ at: number, why: 'idle' | 'absolute' }} end */
function showWarning(end) {
  const box = /** @type {HTMLElement | null} */ (document.getElementById('session-warning'));
  if (!box) return;
  const minutes = Math.max(1, Math.round((end.at - Date.now()) / 60_000));
  const canStay = end.why === 'idle' && limits.canExtend;
  const text =
    end.why === 'idle'
      ? `Your session ends in about ${minutes === 1 ? 'a minute' : `${minutes} minutes`} (at ${dateTime(new Date(end.at).toISOString())}) unless you keep working.`
      : `Your session ends at ${dateTime(new Date(end.at).toISOString())} (in about ${minutes === 1 ? 'a minute' : `${minutes} minutes`}): sign-in lasts a fixed time. What you have typed is kept and put back after you sign in again.`;
  const already = box.dataset.why === end.why && !box.hidden;
  box.hidden = false;
  box.dataset.why = end.why;
  const p = box.querySelector('p');
  if (already && p) {
    p.textContent = text;
    return;
  }
  replace(box, h('p', {}, text), canStay ? h('button', { type: 'button', onclick: () => void stay() }, 'Stay signed in') : null);
  announce(text);
}

function hideWarning() {
  const box = /** @type {HTMLElement | null} */ (document.getElementById('session-warning'));
  if (box && !box.hidden) {
    box.hidden = true;
    delete box.dataset.why;
    replace(box);
  }
}

async function stay() {
  try {
    await extend();
    noteUse();
    announce('You are still signed in.');
  } catch {
    /* a 401 shows the sign-in page itself */
  }
}

/** Every named field of every form on the screen. @param {HTMLElement} main @returns {SavedField[]} */
function fieldsOf(main) {
  /** @type {SavedField[]} */
  const out = [];
  main.querySelectorAll('form').forEach((form, i) => {
    for (const el of Array.from(form.elements)) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) || !el.name) continue;
      if (el instanceof HTMLInputElement && ['password', 'file', 'hidden', 'submit', 'button'].includes(el.type)) continue;
      const checkable = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
      out.push({ form: i, name: el.name, value: el.value, checked: checkable ? /** @type {HTMLInputElement} */ (el).checked : null });
    }
  });
  return out;
}

/**
 * Saves what the person typed on this screen (nothing when every field is empty), so that it can
 * be put back after signing in again. @param {string} hash the screen's address
 */
export function saveDraft(hash) {
  const main = document.getElementById('main');
  if (!main || !hash || /^#\/?(signin|no-role)?(\?|$)/.test(hash)) return;
  const fields = fieldsOf(main);
  if (!fields.some((f) => (f.checked === null ? f.value.trim() !== '' : f.checked))) return;
  /** @type {Draft} */
  const draft = { hash, savedAt: Date.now(), fields };
  sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
}

/** The screen a saved draft belongs to, if there is one. @returns {string | null} */
export function draftScreen() {
  const d = readDraft();
  return d ? d.hash : null;
}

/** @returns {Draft | null} */
function readDraft() {
  try {
    /** @type {unknown} */
    const d = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null');
    if (!d || typeof d !== 'object' || !('hash' in d) || typeof d.hash !== 'string' || !('fields' in d) || !Array.isArray(d.fields))
      return null;
    if (Date.now() - Number('savedAt' in d ? d.savedAt : undefined) > DRAFT_MAX_AGE_MS) return null;
    // What saveDraft wrote (this tab's sessionStorage, this app's key).
    return /** @type {Draft} */ (d);
  } catch {
    return null;
  }
}

/**
 * Puts a saved draft back into the screen just shown, when it belongs to it, and says so.
 * @param {HTMLElement} main
 */
export function restoreDraft(main) {
  const d = readDraft();
  if (!d || d.hash !== location.hash) return;
  sessionStorage.removeItem(DRAFT_KEY);
  const forms = Array.from(main.querySelectorAll('form'));
  let n = 0;
  for (const f of d.fields) {
    const form = forms[f.form];
    if (!form) continue;
    const el = Array.from(form.elements).find(
      (e) =>
        'name' in e &&
        e.name === f.name &&
        (f.checked === null || !(e instanceof HTMLInputElement) || e.type !== 'radio' || e.value === f.value),
    );
    if (el instanceof HTMLInputElement && f.checked !== null) {
      if (el.checked !== f.checked) {
        el.checked = f.checked;
        n += 1;
      }
    } else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
      if (el.value !== f.value) {
        el.value = f.value;
        n += 1;
      }
    } else {
      continue;
    }
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  if (n > 0) {
    const first = forms[0];
    const note = h(
      'p',
      { class: 'notice', role: 'status', id: 'draft-restored' },
      'What you had typed before signing in again has been put back. Check it, then save.',
    );
    (first ?? main).before(note);
    announce('What you had typed before signing in again has been put back.');
  }
}

/** Forgets a saved draft (signing out on purpose). */
export const dropDraft = () => sessionStorage.removeItem(DRAFT_KEY);
