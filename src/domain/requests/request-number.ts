/**
 * Request numbers people can say over the phone and quote in a letter: `SR-2026-00123`, running
 * per year of receipt in America/Chicago. PURE. The sequence itself is allocated by the database
 * (RequestStore.nextSeq), so numbers are unique across processes; an allocation whose request is
 * then not stored leaves a gap, which is harmless (a number is never reused).
 */
import { legalDateTime } from '../../engine/legal-time';

/** The counter key for a year: one sequence per year of receipt. */
export const counterKey = (year: number): string => `SR-${year}`;

/** The year of receipt on the Kansas City calendar (a request received 2026-12-31 at 23:30 Central is a 2026 request). */
export function receiptYear(receivedAt: Date): number {
  return legalDateTime(receivedAt).year;
}

export function formatRequestNumber(year: number, seq: number): string {
  return `SR-${year}-${String(seq).padStart(5, '0')}`;
}

/**
 * What a clerk types, as the canonical number: letter case and the zero padding do not matter
 * (`sr-2026-123` is `SR-2026-00123`). Null when the text is not a request number (an internal id).
 */
export function parseRequestNumber(text: string): string | null {
  const m = /^\s*SR-(\d{4})-(\d{1,9})\s*$/i.exec(text);
  if (!m) return null;
  const seq = Number(m[2]);
  return seq > 0 ? formatRequestNumber(Number(m[1]), seq) : null;
}
