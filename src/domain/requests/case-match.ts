/**
 * Case numbers as a clerk types them (usability test problem 4): matched without regard to
 * letter case, and a number the catalog does not hold is refused with the nearest ones it does
 * (a typo such as KC23-00001 for KC23-000001 otherwise logged a request with no recordings).
 */
import { AppError } from '../../errors';
import type { CaseStore, RecordingStore } from '../catalog/ports';

/** Levenshtein distance, case-insensitive (small strings: case numbers). */
export function editDistance(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** The closest of `candidates` to `typed` (at most `max`, within a distance of 3), nearest first. */
export function nearest(typed: string, candidates: readonly string[], max = 5): string[] {
  return candidates
    .map((c) => ({ c, d: editDistance(typed, c) }))
    .filter((x) => x.d > 0 && x.d <= 3)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/**
 * The catalog's spelling of the case number `typed`: the case itself (any letter case), else a
 * number recordings are linked to though no case record exists (as typed, or upper-cased).
 * Anything else is refused with 422 at `field`, naming the nearest case numbers (also given as
 * `suggestions` in the problem document).
 */
export async function resolveCaseNumber(
  cases: Pick<CaseStore, 'numbersLike'>,
  recordings: Pick<RecordingStore, 'idsByCase'>,
  typed: string,
  field: string,
): Promise<string> {
  const text = typed.trim();
  // Candidates share the typed number's first characters (its prefix and year, KC23-…); when none
  // is near, a shorter prefix catches a typo in those too.
  const like = await cases.numbersLike(text, text.slice(0, 5), 5000);
  const exact = like.find((c) => c.toUpperCase() === text.toUpperCase());
  if (exact) return exact;
  for (const candidate of [...new Set([text, text.toUpperCase()])]) {
    if ((await recordings.idsByCase(candidate)).length > 0) return candidate;
  }
  let suggestions = nearest(text, like);
  if (suggestions.length === 0 && text.length > 2) suggestions = nearest(text, await cases.numbersLike(text, text.slice(0, 2), 5000));
  const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '; check it against the case file';
  throw new AppError('UNPROCESSABLE', `No case ${text} is known${hint}`, [{ path: field, message: `no case ${text} is known${hint}` }], {
    suggestions,
  });
}
