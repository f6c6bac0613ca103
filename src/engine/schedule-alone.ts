/**
 * What the retention schedule alone says of a recording, with the blockers taken away: no holds,
 * requests, court orders or manual reviews, and every active or undetermined case counted only
 * for its floor ("the later of recorded + 180 days and inactive + 1 year" with the inactive date
 * far in the past). Offense classes are kept, so a murder case stays permanent. PURE.
 *
 * Used only to find recordings whose periods have run but which something still blocks (the
 * auditors' conflicts list), never to decide a destruction.
 */
import type { DateTime } from 'luxon';
import type { RecordingFacts, RetentionResult } from './facts';
import { type LinkedCase, retentionStatus } from './retention';
import type { RetentionSchedule } from './retention-schema';

export function scheduleAlone(
  schedule: RetentionSchedule,
  versions: { readonly rulesVersion: string; readonly engineVersion: string },
  recording: RecordingFacts,
  cases: readonly LinkedCase[],
  asOf: DateTime,
): RetentionResult {
  const floors = cases.map((c): LinkedCase =>
    c.status.inactive === true && c.status.inactiveSince !== null
      ? c
      : { facts: c.facts, status: { ...c.status, inactive: true, inactiveSince: '1970-01-01', inactiveGround: null, missingFacts: [] } },
  );
  return retentionStatus(schedule, versions, { ...recording, destroyedAt: null }, floors, [], [], [], asOf);
}

/**
 * The conflicts list's key, stored with a derived state decided at `asOf`: when the schedule
 * alone lets the recording go, kept only while something blocks it now (its status is not
 * eligible or destroyed and it has blockers) and the schedule alone has a finite end that no
 * blocker of its own stops. Null otherwise. The list reads the recordings whose key has passed
 * and checks each against the facts of the moment; a key is a candidate, never a finding.
 */
export function conflictKey(current: RetentionResult, alone: () => RetentionResult): string | null {
  if (current.status === 'eligible_for_destruction' || current.status === 'destroyed' || current.blockers.length === 0) return null;
  const a = alone();
  if (a.retainUntil === null) return null;
  if (a.status === 'eligible_for_destruction') return a.retainUntil;
  return a.status === 'retain' && a.blockers.length === 0 ? a.retainUntil : null;
}
