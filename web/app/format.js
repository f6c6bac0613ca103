// @ts-check
/**
 * Plain-language labels for the API's codes, and dates in the department's zone. Legal
 * clocks run in America/Chicago (RSMo 610.023.3 business days), so every date is shown
 * and entered in Central time whatever zone the browser is in.
 */

/**
 * The zone legal clocks run in. The vocabulary (GET /api/v1/vocabulary) names it; until it has
 * loaded (the sign-in page), dates are shown in the service's zone as this default.
 */
export let ZONE = 'America/Chicago';

/**
 * The API's lists and the words for each code come from GET /api/v1/vocabulary, loaded once
 * after sign-in (main.js): nothing here retypes them. Each table maps a code to its label, in
 * the order the service declares the list.
 */
/** @type {Record<string, string>} */ export const REQUESTER_KINDS = {};
/** @type {Record<string, { label: string, tone: string, lead: string }>} */ export const OUTCOMES = {};
/** @type {Record<string, string>} */ export const ROUTES = {};
/** @type {Record<string, string>} */ export const REDACTIONS = {};
/** @type {Record<string, string>} */ export const CATEGORIES = {};
/** @type {Record<string, string>} */ export const LOCATION_KINDS = {};
/** @type {Record<string, string>} */ export const RETENTION = {};
/** @type {Record<string, string>} */ export const EVENT_TYPES = {};
/** @type {Record<string, string>} */ export const APPEAL_COURTS = {};
/** @type {Record<string, string>} */ export const TOLLING_BASES = {};
/** @type {Record<string, string>} */ export const APPEAL_RESULTS = {};
/** @type {Record<string, string>} */ export const LIMITATION_BASES = {};
/** @type {Record<string, string>} */ export const REQUEST_STATUSES = {};
/** @type {Record<string, string>} */ export const RESPONSE_KINDS = {};
/** @type {Record<string, string>} */ export const REQUEST_OUTCOMES = {};
/** @type {Record<string, string>} */ export const CONFLICT_KINDS = {};
/** @type {Record<string, string>} */ export const COURT_ORDER_KINDS = {};
/** @type {Record<string, string>} */ export const STATUTORY_REDACTION_MODES = {};
/** @type {Record<string, string>} */ export const FAMILY_RELATIONSHIPS = {};
/** @type {Record<string, string>} */ export const NOK_RANKS = {};
/** @type {Record<string, string>} */ export const VICTIM_ROLES = {};
/** @type {Record<string, string>} */ export const HOLD_REASONS = {};
/** @type {Record<string, string>} */ export const ANSWERED_BY = {};
/** @type {Record<string, string>} */ export const OFFENSE_CLASSES = {};
/** @type {Record<string, string>} */ export const DETERMINATION_OUTCOMES = {};
/** @type {Record<string, string>} */ export const DETERMINATION_SCOPES = {};
/** @type {Record<string, string>} */ export const DETERMINATION_STATUSES = {};

/** Which table each of the service's vocabularies fills. */
const TABLES = {
  RequesterKind: REQUESTER_KINDS,
  DeterminationOutcome: DETERMINATION_OUTCOMES,
  DeterminationScopeKind: DETERMINATION_SCOPES,
  DeterminationStatus: DETERMINATION_STATUSES,
  ReleaseRoute: ROUTES,
  RedactionKind: REDACTIONS,
  Category: CATEGORIES,
  LocationKind: LOCATION_KINDS,
  RetentionStatus: RETENTION,
  CaseEventType: EVENT_TYPES,
  AppealCourt: APPEAL_COURTS,
  TollingBasis: TOLLING_BASES,
  AppealResult: APPEAL_RESULTS,
  LimitationBasis: LIMITATION_BASES,
  RequestStatus: REQUEST_STATUSES,
  ResponseKind: RESPONSE_KINDS,
  RequestOutcome: REQUEST_OUTCOMES,
  ConflictKind: CONFLICT_KINDS,
  CourtOrderKind: COURT_ORDER_KINDS,
  StatutoryRedactionMode: STATUTORY_REDACTION_MODES,
  FamilyRelationship: FAMILY_RELATIONSHIPS,
  NokRank: NOK_RANKS,
  VictimRole: VICTIM_ROLES,
  HoldReason: HOLD_REASONS,
  AnsweredBy: ANSWERED_BY,
  OffenseClass: OFFENSE_CLASSES,
};

/**
 * How a decision looks: the badge colour of each outcome is presentation, not vocabulary; an
 * outcome the service adds is shown as one that needs attention until it gets a colour here.
 * @type {Record<string, string>}
 */
const OUTCOME_TONES = { release: 'ok', withhold: 'bad' };

/**
 * @typedef {{ code: string, label: string, description?: string }} Term
 * @typedef {{ zone: string, terms: Record<string, Term[]> }} Vocabulary
 */

/** Fills the tables from the service's answer (GET /api/v1/vocabulary). @param {Vocabulary} v */
export function useVocabulary(v) {
  ZONE = v.zone;
  for (const [name, table] of Object.entries(TABLES)) {
    for (const term of v.terms[name] ?? []) table[term.code] = term.label;
  }
  for (const term of v.terms.Outcome ?? []) {
    OUTCOMES[term.code] = { label: term.label, tone: OUTCOME_TONES[term.code] ?? 'warn', lead: term.description ?? '' };
  }
  setFormatters();
}

/** @param {Record<string, string>} table @param {string | null | undefined} code */
export const label = (table, code) => (code ? (table[code] ?? code.replace(/_/g, ' ')) : '—');

/** @param {Record<string, string>} table @returns {Array<[string, string]>} */
export const options = (table) => Object.entries(table);

let dtf = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
let df = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium' });
let longDf = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** "Nov 25, 2026, 5:00 PM" in Central time. @param {string | null | undefined} iso */
export const dateTime = (iso) => (iso ? dtf.format(new Date(iso)) : '—');
/** @param {string | null | undefined} iso */
export const date = (iso) => (iso ? df.format(new Date(iso)) : '—');
/** "Wednesday, November 25, 2026". @param {string | null | undefined} iso */
export const longDate = (iso) => (iso ? longDf.format(new Date(iso)) : '—');
/** A calendar date (YYYY-MM-DD, no time) as "Nov 25, 2026". @param {string | null | undefined} d */
export const calendarDate = (d) =>
  d ? new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(`${d}T12:00:00Z`)) : '—';

let partsFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The formatters in ZONE (again, once the vocabulary has named it). */
function setFormatters() {
  dtf = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
  df = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium' });
  longDf = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  partsFmt = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Wall-clock parts in Central time. @param {number} ms */
function wall(ms) {
  /** @type {Record<string, number>} */
  const p = {};
  for (const part of partsFmt.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return p;
}

/** Offset of Central time from UTC at an instant, in minutes (-360 or -300). @param {number} ms */
function offsetAt(ms) {
  const p = wall(ms);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The Central-time calendar date of an instant, YYYY-MM-DD. @param {Date} d */
export function centralDay(d) {
  const p = wall(d.getTime());
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Now as a value for <input type="datetime-local"> in Central time. */
export function nowLocalInput() {
  const p = wall(Date.now());
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * A Central wall-clock time ("2026-11-20T10:00", optionally with seconds, or a date for its
 * midnight) as ISO 8601 with its offset, e.g. "2026-11-20T10:00:00-06:00".
 * Returns '' for an empty or malformed value.
 * @param {string} value
 */
export function centralToIso(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?$/.exec(value);
  if (!m) return '';
  const [y, mo, d, hh = '00', mi = '00', ss = '00', frac = ''] = m.slice(1);
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss));
  let off = offsetAt(guess - offsetAt(guess) * 60000);
  const utc = guess - off * 60000;
  off = offsetAt(utc);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${y}-${mo}-${d}T${hh}:${mi}:${ss}${frac}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** @param {number} n @param {string} one @param {string} [many] */
export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
