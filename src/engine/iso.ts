/** Instants on the wire: ISO 8601 with the America/Chicago offset (the zone legal clocks run in). */
import { DateTime } from 'luxon';
import { LEGAL_ZONE } from './facts';

export const iso = (d: Date): string => DateTime.fromJSDate(d, { zone: LEGAL_ZONE }).toISO() ?? d.toISOString();
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? iso(d) : null);
