/**
 * Legal time, in one place: the zone legal clocks run in (America/Chicago), how a plain date
 * becomes an instant (the start, or the end, of that Chicago day), how instants are written
 * (ISO 8601 with the Chicago offset, a Chicago calendar day, a month) and the `HH:mm` pattern of
 * a clock time. Every layer uses these; nothing else names the zone or writes these formats.
 * PURE: time only comes in as arguments.
 *
 * Speed: luxon asks Intl for the zone's offset (formatToParts, ~10 µs) every time it builds, shifts
 * or formats a DateTime in a named zone, and that was most of a retention decision's time and of a
 * report's (profiled: a case refresh, a seed, a report printing millions of dates). Chicago's
 * offsets are whole hours and since 1970 every change falls on a UTC hour boundary (02:00 local),
 * so an offset is the same for a whole UTC hour: the zone's offsets are memoised per UTC hour
 * (exact; instants outside 1970-2100 are not memoised), and the formatters below build their text
 * from that offset by hand. luxon shares one zone object per name, so every DateTime in this zone,
 * in the engine or elsewhere, uses the memo; the answers are unchanged.
 */
import { DateTime, IANAZone } from 'luxon';

export const LEGAL_ZONE = 'America/Chicago';

const HOUR = 3_600_000;
const MEMO_FROM = Date.UTC(1970, 0, 1);
const MEMO_UNTIL = Date.UTC(2100, 0, 1);
const MEMO_LIMIT = 100_000;

const zone = IANAZone.create(LEGAL_ZONE);
{
  const compute = zone.offset.bind(zone);
  const byHour = new Map<number, number>();
  zone.offset = (ts: number): number => {
    if (!(ts >= MEMO_FROM && ts < MEMO_UNTIL)) return compute(ts);
    const hour = Math.floor(ts / HOUR);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      offset = compute(ts);
      if (byHour.size >= MEMO_LIMIT) byHour.clear();
      byHour.set(hour, offset);
    }
    return offset;
  };
}

/** A clock time "HH:mm" on the 24-hour clock; groups 1 and 2 are the hour and the minute. */
export const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The instant as a luxon DateTime in the legal zone. */
export const legalDateTime = (d: Date | number): DateTime =>
  typeof d === 'number' ? DateTime.fromMillis(d, { zone: LEGAL_ZONE }) : DateTime.fromJSDate(d, { zone: LEGAL_ZONE });

/**
 * An ISO 8601 date-time with its offset, or a plain date (YYYY-MM-DD) read as a Chicago day:
 * `start` (default) is the first instant of that day, `end` the first instant of the next day (an
 * exclusive bound that takes in the whole day). A date-time is the instant it names, whatever the
 * bound. The result is in the legal zone; anything else is a RangeError naming the text.
 */
export function parseLegalMoment(text: string, bound: 'start' | 'end' = 'start'): DateTime {
  const plain = PLAIN_DATE.test(text);
  let dt = plain ? DateTime.fromISO(text, { zone: LEGAL_ZONE }) : DateTime.fromISO(text, { setZone: true }).setZone(LEGAL_ZONE);
  if (plain && bound === 'end') dt = dt.plus({ days: 1 });
  if (!dt.isValid) throw new RangeError(`not an ISO 8601 date or date-time with offset: ${text}`);
  return dt;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const msOf = (d: Date | DateTime | number): number => (typeof d === 'number' ? d : d instanceof Date ? d.getTime() : d.toMillis());

/** Chicago wall-clock fields of an instant (as a UTC Date) and its offset in minutes. */
function local(ms: number): { d: Date; off: number } {
  const off = zone.offset(ms);
  return { d: new Date(ms + off * 60_000), off };
}

/**
 * `2026-11-20T12:00:00.000-06:00`: the instant with the Chicago offset, exactly as luxon's
 * `toISO()` writes it in the legal zone (`suppressMilliseconds`: without `.000` when they are 0),
 * which test/engine/legal-time.test.ts checks property-wise.
 */
export function legalIso(date: Date | DateTime | number, opts?: { suppressMilliseconds?: boolean }): string {
  const ms = msOf(date);
  const { d, off } = local(ms);
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999 || Number.isNaN(y)) {
    const dt = DateTime.fromMillis(ms, { zone: LEGAL_ZONE });
    return (dt.isValid ? dt.toISO({ suppressMilliseconds: opts?.suppressMilliseconds ?? false }) : null) ?? new Date(ms).toISOString();
  }
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const millis = d.getUTCMilliseconds();
  const fraction = millis === 0 && opts?.suppressMilliseconds ? '' : `.${p3(millis)}`;
  return (
    `${y}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}` +
    `${fraction}${sign}${p2(Math.floor(a / 60))}:${p2(a % 60)}`
  );
}

/**
 * The first instant of a Chicago calendar day, given as days since 1970-01-01, in epoch ms; null
 * outside 1970-2100, where the offsets are not memoised (callers then ask luxon). Chicago changes its
 * offset at 02:00 local, never at midnight, so the offset at 05:30 UTC of that date (between the
 * two possible local midnights, 05:00 and 06:00 UTC) is the offset at local midnight.
 */
export function legalStartOfDayMs(epochDay: number): number | null {
  const utcMidnight = epochDay * 86_400_000;
  if (!(utcMidnight >= MEMO_FROM && utcMidnight < MEMO_UNTIL - 86_400_000)) return null;
  const off = zone.offset(utcMidnight + 5.5 * HOUR);
  const ms = utcMidnight - off * 60_000;
  return zone.offset(ms) === off ? ms : null;
}

export const legalIsoOrNull = (date: Date | null | undefined): string | null => (date ? legalIso(date) : null);

/** `YYYY-MM-DD`: the Chicago calendar day of the instant. */
export function legalDay(date: Date | DateTime | number): string {
  const { d } = local(msOf(date));
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
}

/** `YYYY-MM`: the Chicago month of the instant (month buckets of reports). */
export function legalMonth(date: Date | DateTime | number): string {
  const { d } = local(msOf(date));
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}`;
}

/** The `count` Chicago months starting with the month of `from`: key, first instant, first instant of the next. */
export function comingMonths(from: Date, count = 12): { month: string; start: Date; end: Date }[] {
  const first = legalDateTime(from).startOf('month');
  return Array.from({ length: count }, (_, i) => {
    const start = first.plus({ months: i });
    return { month: legalMonth(start), start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
  });
}
