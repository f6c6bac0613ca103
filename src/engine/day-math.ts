/**
 * Calendar-day arithmetic on integer day numbers (days since 1970-01-01), so the hot
 * path compares and adds dates without allocating luxon objects. Legal deadlines in
 * this engine are calendar dates in America/Chicago; instants only cross into this
 * representation through `chicagoDayOf` (one luxon call, cached per DateTime object).
 */
import { DateTime } from 'luxon';
import { LEGAL_ZONE } from './legal-time';

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

export function formatIsoDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
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

/**
 * ISO 8601 instant with offset to epoch milliseconds. Handles the shapes facts.ts
 * accepts (seconds required, optional fraction, Z or +HH:MM) without luxon; anything
 * else falls back to luxon so odd but valid input is still read correctly.
 */
export function parseIsoInstant(s: string): number {
  if (s.length >= 20 && s.charCodeAt(10) === 84 /* T */) {
    const date = daysFromCivil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    const hh = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    const ss = digits(s, 17, 2);
    let i = 19;
    let ms = 0;
    if (s.charCodeAt(i) === 46 /* . */) {
      let scale = 100;
      i++;
      while (i < s.length) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
    let offsetMin: number;
    const sign = s.charCodeAt(i);
    if (sign === 90 /* Z */ && i === s.length - 1) {
      offsetMin = 0;
    } else if ((sign === 43 || sign === 45) && s.length - i === 6) {
      offsetMin = (digits(s, i + 1, 2) * 60 + digits(s, i + 4, 2)) * (sign === 45 ? -1 : 1);
    } else {
      offsetMin = NaN;
    }
    const v = ((date * 24 + hh) * 60 + mi - offsetMin) * 60000 + ss * 1000 + ms;
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
/** Per DateTime (luxon's are immutable): a batch decides at one asOf; 19% of the engine benchmark. */
const instantCache = new WeakMap<DateTime, InstantInfo>();

/** Chicago calendar day, epoch ms and canonical Chicago ISO text of a luxon DateTime. */
export function instantInfo(dt: DateTime): InstantInfo {
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
  return info;
}

/** Start of a Chicago calendar day as ISO text with offset. */
export function chicagoStartOfDayIso(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return DateTime.fromObject({ year: y, month: m, day: d }, { zone: LEGAL_ZONE }).toISO() ?? '';
}
