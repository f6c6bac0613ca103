/** Instants on the wire: ISO 8601 with the America/Chicago offset (the zone legal clocks run in). */
import { DateTime } from 'luxon';
import { LEGAL_ZONE } from './facts';

// Memoised by instant (bounded): the zone offset lookup dominates, and a catalog's facts repeat
// the same instants (a case's dates for each of its recordings).
const texts = new Map<number, string>();
export const iso = (d: Date): string => {
  const ms = d.getTime();
  let text = texts.get(ms);
  if (text === undefined) {
    text = DateTime.fromJSDate(d, { zone: LEGAL_ZONE }).toISO() ?? d.toISOString();
    if (texts.size >= 50_000) texts.clear();
    texts.set(ms, text);
  }
  return text;
};
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? iso(d) : null);
