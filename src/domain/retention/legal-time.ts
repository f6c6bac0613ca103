/**
 * Fast wall-clock formatting in America/Chicago for reports that print millions of dates.
 * luxon resolves the zone offset through Intl on every call (~10 µs); Chicago's offset only
 * changes on a whole UTC hour (02:00 local), so one luxon lookup per UTC hour is cached and
 * the string is built by hand. Output is identical to `DateTime#toISO()` in that zone (the
 * format presenters use), which test/domain/retention-report.test.ts checks property-wise.
 */
import { DateTime } from 'luxon';
import { LEGAL_ZONE } from '../../engine/facts';

const HOUR = 3_600_000;
const MAX_CACHED_HOURS = 200_000; // ~23 years of distinct hours; cleared beyond that
const offsets = new Map<number, number>();

function offsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR);
  let off = offsets.get(hour);
  if (off === undefined) {
    off = DateTime.fromMillis(hour * HOUR, { zone: LEGAL_ZONE }).offset;
    if (offsets.size >= MAX_CACHED_HOURS) offsets.clear();
    offsets.set(hour, off);
  }
  return off;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** Local calendar fields of an instant in America/Chicago. */
function local(ms: number): { d: Date; off: number } {
  const off = offsetMinutes(ms);
  return { d: new Date(ms + off * 60_000), off };
}

/** `2026-11-20T12:00:00.000-06:00`, as luxon prints it in America/Chicago. */
export function legalIso(date: Date): string {
  const ms = date.getTime();
  const { d, off } = local(ms);
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999) return DateTime.fromMillis(ms, { zone: LEGAL_ZONE }).toISO() ?? date.toISOString();
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return (
    `${y}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}` +
    `.${p3(d.getUTCMilliseconds())}${sign}${p2(Math.floor(a / 60))}:${p2(a % 60)}`
  );
}

export const legalIsoOrNull = (date: Date | null | undefined): string | null => (date ? legalIso(date) : null);

/** `YYYY-MM` of the instant in America/Chicago (month buckets of the summary). */
export function legalMonth(date: Date): string {
  const { d } = local(date.getTime());
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}`;
}

/** The 12 month keys starting with the month of `from` (America/Chicago). */
export function comingMonths(from: Date, count = 12): { month: string; start: Date; end: Date }[] {
  const first = DateTime.fromJSDate(from, { zone: LEGAL_ZONE }).startOf('month');
  return Array.from({ length: count }, (_, i) => {
    const start = first.plus({ months: i });
    return { month: start.toFormat('yyyy-MM'), start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
  });
}
