// @ts-check
/**
 * Plain-language labels for the API's codes, and dates in the department's zone. Legal
 * clocks run in America/Chicago (RSMo 610.023.3 business days), so every date is shown
 * and entered in Central time whatever zone the browser is in.
 */

export const ZONE = 'America/Chicago';

/** @type {Record<string, string>} */
export const REQUESTER_KINDS = {
  public: 'Member of the public or the press',
  depicted_person: 'Person shown in the recording',
  guardian: 'Parent or guardian of a person shown',
  family_first_degree: 'Close family member of a person shown',
  attorney: 'Attorney of a person shown',
  insurer: 'Insurer of a person shown',
  defendant: 'Defendant in the case',
  next_of_kin: 'Next of kin of a deceased person',
  nok_release_holder: 'Holder of a written release from the next of kin',
  agency: 'Another government agency',
};

/** @type {Record<string, { label: string, tone: string, lead: string }>} */
export const OUTCOMES = {
  release: { label: 'May be released', tone: 'ok', lead: 'This recording may be released to this requester.' },
  withhold: { label: 'Withhold', tone: 'bad', lead: 'Do not release this recording to this requester.' },
  needs_legal_review: { label: 'Needs legal review', tone: 'warn', lead: 'The rules cannot decide this on the facts recorded: send it to legal review before answering.' },
};

/** @type {Record<string, string>} */
export const ROUTES = {
  court_order: 'Any person may ask a court to order its release (RSMo 610.100.5)',
  juvenile_court_order: 'Only the juvenile court may order its release (RSMo 211.321)',
  involved_person_request: 'A person shown in it (or their family, guardian, attorney or insurer) may request it',
  next_of_kin_request: 'Next of kin of a deceased person shown may request it',
  defendant_request: 'A defendant in the case may request it',
};

/** @type {Record<string, string>} */
export const REDACTIONS = {
  undercover_officer: 'Undercover officer',
  confidential_source: 'Confidential source',
  suspect_not_in_custody: 'Suspect not in custody',
  danger_to_person: 'Information that would endanger a person',
  investigative_techniques: 'Investigative techniques or procedures',
  jeopardizes_investigation: 'Information that would jeopardize an investigation',
  victim_identity: 'Victim identity',
  minor_identity: 'Identity of a minor',
  audio_911: '911 caller audio',
  court_ordered: 'Ordered by a court',
};

/** @type {Record<string, string>} */
export const CATEGORIES = {
  unclassified: 'Unclassified', non_evidentiary: 'Non-evidentiary', traffic: 'Traffic', arrest: 'Arrest',
  investigation: 'Investigation', homicide: 'Homicide', use_of_force: 'Use of force',
  officer_involved_shooting: 'Officer-involved shooting', complaint: 'Complaint', other: 'Other',
};

/** @type {Record<string, string>} */
export const RETENTION = {
  retain: 'Retain', eligible_for_destruction: 'Eligible for destruction', held: 'On legal hold',
  indefinite: 'Kept indefinitely', classification_needed: 'Needs classification', destroyed: 'Destroyed',
};

/** @type {Record<string, string>} */
export const EVENT_TYPES = {
  charged: 'Charged', declined: 'Prosecution declined', nolle_prosequi: 'Nolle prosequi (dropped)', dismissed: 'Dismissed',
  acquitted: 'Acquitted', convicted: 'Convicted', sentenced: 'Sentenced', sis: 'Suspended imposition of sentence (SIS)',
  probation_completed: 'Probation completed', appeal_filed: 'Appeal filed', appeal_decided: 'Appeal decided',
  conviction_final: 'Conviction final', reopened: 'Reopened', juvenile_petition: 'Juvenile petition',
  mandate_issued: 'Appellate mandate issued', certified_adult: 'Certified for trial as an adult (211.071)',
  post_disposition_motion: 'Rehearing/transfer motion filed (Rule 84.17)', post_disposition_overruled: 'Rehearing/transfer motion overruled (Rule 83.04)',
  transfer_denied: 'Transfer denied by the Supreme Court of Missouri',
};

/** @type {Record<string, string>} */
export const APPEAL_COURTS = { court_of_appeals: 'Missouri Court of Appeals', supreme_court_mo: 'Supreme Court of Missouri' };

/** @type {Record<string, string>} */
export const TOLLING_BASES = { absence: 'Accused absent from the state', concealment: 'Accused concealing himself', prosecution_pending: 'Prosecution for the offense pending' };

/** @type {Record<string, string>} */
export const APPEAL_RESULTS = { affirmed: 'Affirmed', reversed: 'Reversed', remanded: 'Remanded', dismissed: 'Appeal dismissed' };

/** @type {Record<string, string>} */
export const LIMITATION_BASES = {
  '556.036.1': 'No limitation: murder, listed rapes and sodomies, class A felonies (556.036.1)',
  '556.037': 'No limitation: sexual offense involving a person 18 or under (556.037)',
  '556.036.2(1)': 'Felony: 3 years (556.036.2(1))',
  '556.036.2(2)': 'Misdemeanor: 1 year (556.036.2(2))',
  '556.036.2(3)': 'Infraction: 6 months (556.036.2(3))',
  '556.036.2(4)': 'Arson / knowingly burning: 5 years (556.036.2(4))',
  other: 'Other statute (explain)',
};

/** @type {Record<string, string>} */
export const REQUEST_STATUSES = {
  received: 'Received', in_review: 'In review', delayed: 'Delayed', partially_responded: 'Answered in part', responded: 'Responded', withdrawn: 'Withdrawn',
};

/** @type {Record<string, string>} */
export const RESPONSE_KINDS = { partial: 'Partial response', supplemental: 'Supplemental response', final: 'Final response' };

/** @type {Record<string, string>} */
export const REQUEST_OUTCOMES = { released: 'Released', partially_released: 'Partly released', denied: 'Denied', no_responsive_records: 'No responsive records' };

/** @type {Record<string, string>} */
export const CONFLICT_KINDS = {
  blocked_after_schedule: 'Schedule has run, but blocked',
  eligible_while_open: 'Marked eligible while something is open (integrity alarm)',
  eligible_no_longer: 'Marked eligible but no longer is (integrity alarm)',
};

/** @param {Record<string, string>} table @param {string | null | undefined} code */
export const label = (table, code) => (code ? table[code] ?? code.replace(/_/g, ' ') : '—');

/** @param {Record<string, string>} table @returns {Array<[string, string]>} */
export const options = (table) => Object.entries(table);

const dtf = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
const df = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium' });
const longDf = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** "Nov 25, 2026, 5:00 PM" in Central time. @param {string | null | undefined} iso */
export const dateTime = (iso) => (iso ? dtf.format(new Date(iso)) : '—');
/** @param {string | null | undefined} iso */
export const date = (iso) => (iso ? df.format(new Date(iso)) : '—');
/** "Wednesday, November 25, 2026". @param {string | null | undefined} iso */
export const longDate = (iso) => (iso ? longDf.format(new Date(iso)) : '—');
/** A calendar date (YYYY-MM-DD, no time) as "Nov 25, 2026". @param {string | null | undefined} d */
export const calendarDate = (d) => (d ? new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(`${d}T12:00:00Z`)) : '—');

const partsFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

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
