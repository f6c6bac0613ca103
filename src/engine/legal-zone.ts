/**
 * Offsets of the legal zone (America/Chicago), memoised per UTC hour. luxon asks Intl for the
 * offset (formatToParts) every time it builds, shifts or formats a DateTime in a named zone, and
 * that was most of a retention decision's time (profiled: a case refresh, a seed, a report).
 * Chicago's offsets are whole hours and since 1970 every change falls on a UTC hour boundary
 * (02:00 local), so an offset is the same for a whole UTC hour: memoising by hour is exact.
 * Instants outside 1970-2100 are not memoised. luxon shares one zone object per name, so every
 * DateTime in this zone, in the engine or elsewhere, uses the memo; the answers are unchanged.
 */
import { IANAZone } from 'luxon';

const HOUR = 3_600_000;
const FROM = Date.UTC(1970, 0, 1);
const UNTIL = Date.UTC(2100, 0, 1);
const LIMIT = 100_000;

export function memoiseZoneOffsets(name: string): void {
  const zone = IANAZone.create(name);
  const compute = zone.offset.bind(zone);
  const byHour = new Map<number, number>();
  zone.offset = (ts: number): number => {
    if (!(ts >= FROM && ts < UNTIL)) return compute(ts);
    const hour = Math.floor(ts / HOUR);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      offset = compute(ts);
      if (byHour.size >= LIMIT) byHour.clear();
      byHour.set(hour, offset);
    }
    return offset;
  };
}
