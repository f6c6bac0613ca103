// @ts-check
/**
 * What the requester has shown: the conditions of the routes for persons involved (RSMo
 * 610.100.2(3), 610.100.4), victims (610.105.2) and next of kin (610.205.1). Entered on a new
 * request and on the release check, beside the requester's kind. A condition left "not
 * recorded" is sent as absent, never as "no": the engine then asks for review.
 */
import { field, h, val } from './dom.js';
import { FAMILY_RELATIONSHIPS, NOK_RANKS, VICTIM_ROLES, options } from './format.js';

/** @type {Array<[string, string]>} */
const TRI = [
  ['', 'Not recorded'],
  ['yes', 'Yes'],
  ['no', 'No'],
];
/** @type {Array<[string, string]>} */
const YES_NO = [
  ['writtenRequest', 'Request made in writing'],
  ['relationshipVerified', 'Relationship to (or representation of) that person verified'],
  ['identityVerified', 'Requester checked to be the person shown or heard (depicted person)'],
  ['protectedVictimIsSubject', 'The protected victim shown is the requester or that person'],
  ['subjectMinor', 'That person is a minor (guardian)'],
  ['subjectDeceasedOrIncompetent', 'That person is deceased or incompetent (family)'],
  ['noHigherRankLiving', 'Next of kin: nobody of a higher rank is living'],
  ['relationshipProven', 'Next of kin: proof of the family relationship shown'],
  ['writtenReleaseOnFile', 'Written release from the next of kin on file'],
  ['victimMinor', 'Victim: the victim is a minor (parent or guardian)'],
  ['purposeOwnProceeding', "Victim: for use in the victim's own court proceeding"],
];

/**
 * The claim's inputs; `path` is where the API reports their errors (e.g. body.requester.claim).
 * @param {string} path
 */
export function claimFieldset(path) {
  return h(
    'fieldset',
    { 'data-path': path, tabindex: -1 },
    h('legend', {}, 'What the requester has shown'),
    h(
      'p',
      { class: 'hint' },
      'Persons involved, victims and next of kin obtain more than the public only on these conditions. Leave "not recorded" for what you have not checked: the decision then asks for review.',
    ),
    h(
      'div',
      { class: 'grid' },
      field({
        label: 'On behalf of (the person shown or involved)',
        name: 'onBehalfOf',
        path: `${path}.onBehalfOf`,
        attrs: { autocomplete: 'off' },
      }),
      ...YES_NO.map(([name, text]) => field({ label: text, name, path: `${path}.${name}`, options: TRI, value: '' })),
      field({
        label: 'Relative of that person (family: only a parent or child is first degree)',
        name: 'relationship',
        path: `${path}.relationship`,
        value: '',
        options: [['', 'Not recorded'], ...options(FAMILY_RELATIONSHIPS)],
      }),
      field({
        label: 'Next of kin rank (of the requester, or of who signed the release)',
        name: 'nokRank',
        path: `${path}.nokRank`,
        value: '',
        options: [['', 'Not recorded'], ...options(NOK_RANKS)],
      }),
      field({
        label: 'Asks under 610.105.2 as',
        name: 'victimRole',
        path: `${path}.victimRole`,
        value: '',
        options: [['', 'Not recorded'], ...options(VICTIM_ROLES)],
      }),
    ),
  );
}

/**
 * The claim as the API takes it, `{ claim }` with only what was recorded, or `{}`.
 * @param {HTMLFormElement} form
 * @returns {{ claim?: Record<string, string | boolean> }}
 */
export function claimOf(form) {
  /** @type {Record<string, string | boolean>} */
  const claim = {};
  if (val(form, 'onBehalfOf')) claim.onBehalfOf = val(form, 'onBehalfOf');
  for (const [name] of YES_NO) {
    const v = val(form, name);
    if (v === 'yes' || v === 'no') claim[name] = v === 'yes';
  }
  if (val(form, 'nokRank')) claim.nokRank = val(form, 'nokRank');
  if (val(form, 'relationship')) claim.relationship = val(form, 'relationship');
  if (val(form, 'victimRole')) claim.victimRole = val(form, 'victimRole');
  return Object.keys(claim).length ? { claim } : {};
}

/**
 * Sets the claim's inputs inside `root` to a recorded claim (booleans as yes/no; absent stays "not recorded").
 * @param {HTMLElement} root @param {Record<string, unknown> | null | undefined} claim
 */
export function fillClaim(root, claim) {
  for (const [name, value] of Object.entries(claim ?? {})) {
    const el = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (root.querySelector(`[name="${name}"]`));
    if (!el) continue;
    el.value = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  }
}
