/**
 * Calendar-day arithmetic on integer day numbers (days since 1970-01-01), so the hot
 * path compares and adds dates without allocating luxon objects. Legal deadlines in
 * this engine are calendar dates in America/Chicago; instants only cross into this
 * representation through `chicagoDayOf` (one luxon call, cached per DateTime object).
 */
import { DateTime } from 'luxon';
import { LEGAL_ZONE, legalIso, legalStartOfDayMs } from './legal-time';

/** Sentinel for "no date": smaller than every real day number. */
export const NO_DAY = -1e9;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil: [year, month (1-12), day]. */
export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** 'YYYY-MM-DD' (already validated by facts.ts) to a day number. */
export function parseIsoDay(s: string): number {
  const day = daysFromCivil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  if (Number.isNaN(day) || s.length !== 10) throw new RangeError(`not an ISO date: ${s}`);
  return day;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Two digits of 0-99, written once: a decision writes one or two days, and this is most of the work. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

export function formatIsoDay(day: number): string {
  // A day number is whole; anything else (a fractional notice period from a hand-made input) is refused,
  // never written as a date that is not one (counsel session 15, L1).
  if (!Number.isInteger(day)) throw new RangeError(`not a day number: ${day}`);
  const [y, m, d] = civilFromDays(day);
  const year = y >= 1000 && y <= 9999 ? `${y}` : pad(y, 4);
  return `${year}-${TWO_DIGITS[m]!}-${TWO_DIGITS[d]!}`;
}

/** A statutory period as written in parameters.yaml. */
export interface PeriodLike {
  years?: number | undefined;
  months?: number | undefined;
  days?: number | undefined;
}

/** Adds years and months (clamping to the month's last day, like luxon) then days. */
export function addPeriod(day: number, p: PeriodLike): number {
  const years = p.years ?? 0;
  const months = p.months ?? 0;
  let out = day;
  if (years !== 0 || months !== 0) {
    const [y, m, d] = civilFromDays(day);
    const total = y * 12 + (m - 1) + years * 12 + months;
    const ny = Math.floor(total / 12);
    const nm = total - ny * 12 + 1;
    out = daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
  }
  return out + (p.days ?? 0);
}

/** Two decimal digits at i (NaN unless both are digits). */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * ISO 8601 instant with offset to epoch milliseconds. Handles the shapes facts.ts
 * accepts (seconds required, optional fraction, Z or +HH:MM) without luxon; anything
 * else falls back to luxon so odd but valid input is still read correctly. Read once per
 * decision (the content review's time), so its digits are read in pairs, without a loop.
 */
export function parseIsoInstant(s: string): number {
  const n = s.length;
  if (n >= 20 && s.charCodeAt(10) === 84 /* T */) {
    const date = daysFromCivil(d2(s, 0) * 100 + d2(s, 2), d2(s, 5), d2(s, 8));
    let i = 19;
    let ms = 0;
    if (s.charCodeAt(19) === 46 /* . */) {
      let scale = 100;
      i = 20;
      for (; i < n; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    let offsetMin: number;
    const sign = s.charCodeAt(i);
    if (sign === 90 /* Z */ && i === n - 1) {
      offsetMin = 0;
    } else if ((sign === 43 || sign === 45) && n - i === 6 && s.charCodeAt(i + 3) === 58 /* : */) {
      offsetMin = (d2(s, i + 1) * 60 + d2(s, i + 4)) * (sign === 45 ? -1 : 1);
    } else {
      offsetMin = NaN;
    }
    const v = ((date * 24 + d2(s, 11)) * 60 + d2(s, 14) - offsetMin) * 60000 + d2(s, 17) * 1000 + ms;
    if (!Number.isNaN(v)) return v;
  }
  const dt = DateTime.fromISO(s, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an ISO instant: ${s}`);
  return dt.toMillis();
}

interface InstantInfo {
  day: number;
  ms: number;
  iso: string;
}
/** Per DateTime (luxon's are immutable): a batch decides at one asOf; 19% of the engine benchmark (2026-12-04). */
const instantCache = new WeakMap<DateTime, InstantInfo>();

let lastDt: DateTime | null = null;
let lastInfo: InstantInfo | null = null;

/** Chicago calendar day, epoch ms and canonical Chicago ISO text of a luxon DateTime. */
export function instantInfo(dt: DateTime): InstantInfo {
  // The last one first: a batch asks for the same asOf for every decision, and a WeakMap lookup
  // costs more than the comparison.
  if (dt === lastDt) return lastInfo!;
  let info = instantCache.get(dt);
  if (info === undefined) {
    if (!dt.isValid) throw new RangeError(`invalid DateTime: ${dt.invalidReason ?? ''}`);
    const local = dt.setZone(LEGAL_ZONE);
    info = {
      day: daysFromCivil(local.year, local.month, local.day),
      ms: local.toMillis(),
      iso: local.toISO() ?? '',
    };
    instantCache.set(dt, info);
  }
  lastDt = dt;
  lastInfo = info;
  return info;
}

/**
 * Start of a Chicago calendar day as ISO text with offset, as luxon's `toISO()` writes it
 * (test/engine/legal-time.test.ts compares them day by day). Built from legal-time's memoised
 * offsets: luxon took 6-9 µs a call, 6% of the engine benchmark's time on the days of a release
 * or review that decisions carry.
 */
export function chicagoStartOfDayIso(day: number): string {
  const ms = legalStartOfDayMs(day);
  if (ms !== null) {
    // Local midnight is ms; its offset from UTC midnight of the same date is Chicago's, west of UTC (5 or 6 hours).
    const west = (ms - day * 86_400_000) / 60_000;
    if (west > 0 && west < 600) return `${formatIsoDay(day)}T00:00:00.000-${TWO_DIGITS[Math.floor(west / 60)]!}:${TWO_DIGITS[west % 60]!}`;
    return legalIso(ms);
  }
  const [y, m, d] = civilFromDays(day);
  return DateTime.fromObject({ year: y, month: m, day: d }, { zone: LEGAL_ZONE }).toISO() ?? '';
}
