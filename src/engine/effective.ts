/**
 * "A version in force": the one shape every dated piece of law in rules/ has (release rule
 * versions, parameter versions, retention schedule rows, holidays). A version is in force from
 * `effectiveFrom` (inclusive) until `effectiveTo` (exclusive; null = until a later version of the
 * same thing replaces it), both calendar days in America/Chicago. Versions are appended, never
 * edited, so a past decision can be made again with the versions then in force.
 */
import { z } from 'zod';
import { IsoDate } from './facts';

/** The fields, to spread into a version's schema. */
export const EFFECTIVE_FIELDS = {
  /** First day (America/Chicago) the version is in force. */
  effectiveFrom: IsoDate,
  /** First day it is no longer in force (exclusive); null or omitted: until a newer version replaces it. */
  effectiveTo: IsoDate.nullable().default(null),
};
export const Effective = z.object(EFFECTIVE_FIELDS);
export type Effective = z.infer<typeof Effective>;

/** Whether this one version is in force on `day` (YYYY-MM-DD). */
export const isInForce = (v: Effective, day: string): boolean => v.effectiveFrom <= day && (v.effectiveTo === null || day < v.effectiveTo);

/**
 * The version of one thing in force on `day` (YYYY-MM-DD): the latest that took effect on or
 * before it, unless that one has ended. An empty `day` is before every version.
 */
export function inForce<V extends Effective>(versions: readonly V[], day: string): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= day && (best === null || v.effectiveFrom > best.effectiveFrom)) best = v;
  }
  return best !== null && isInForce(best, day) ? best : null;
}

export interface EffectiveProblem {
  /** Index of the version in the list given. */
  index: number;
  field: 'effectiveFrom' | 'effectiveTo';
  message: string;
}

/**
 * The one ordering check for the versions of one thing, in the order written: each ends after it
 * starts, and each takes effect after the one before it (appended in increasing effectiveFrom order,
 * so no two take effect on the same day and `inForce` never has to guess).
 */
export function effectiveOrderProblems(versions: readonly Effective[]): EffectiveProblem[] {
  const problems: EffectiveProblem[] = [];
  versions.forEach((v, i) => {
    if (v.effectiveTo !== null && v.effectiveTo <= v.effectiveFrom) {
      problems.push({
        index: i,
        field: 'effectiveTo',
        message: `version ${i + 1} ends (effectiveTo ${v.effectiveTo}) before it starts (effectiveFrom ${v.effectiveFrom}): effectiveTo must be after effectiveFrom`,
      });
    }
    const prev = versions[i - 1];
    if (prev !== undefined && prev.effectiveFrom >= v.effectiveFrom) {
      problems.push({
        index: i,
        field: 'effectiveFrom',
        message: `versions must be appended in increasing effectiveFrom order (${prev.effectiveFrom} then ${v.effectiveFrom})`,
      });
    }
  });
  return problems;
}
