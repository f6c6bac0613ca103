/**
 * Retention of one recording at any moment, from gathered facts, through the pure engine
 * (the same call DerivedService makes for the stored state), plus the "schedule alone"
 * reading the conflicts report needs.
 */
import type { DateTime } from 'luxon';
import type { RetentionResult } from '../../engine/facts';
import { legalDateTime } from '../../engine/legal-time';
import { type LinkedCase, retentionStatus } from '../../engine/retention';
import { scheduleAlone } from '../../engine/schedule-alone';
import type { Rules } from '../../rules';
import type { RecordingFactBundle } from '../derived/facts.gatherer';

function linkedCases(rules: Rules, b: RecordingFactBundle, at: DateTime): LinkedCase[] {
  return b.cases.map((facts) => ({ facts, status: rules.release.caseStatusForRetention(facts, at) }));
}

/** Status, retain-until, blockers and reasons of the recording as of `at`. */
export function retentionAt(rules: Rules, b: RecordingFactBundle, at: Date): RetentionResult {
  const asOf = legalDateTime(at);
  return retentionStatus(rules.retention, rules, b.recording, linkedCases(rules, b, asOf), b.holds, b.requests, b.orders, asOf, b.reviews);
}

/** What the schedule alone says as of `at` (engine/schedule-alone.ts): the conflicts report's reading. */
export function scheduleAloneAt(rules: Rules, b: RecordingFactBundle, at: Date): RetentionResult {
  const asOf = legalDateTime(at);
  return scheduleAlone(rules.retention, rules, b.recording, linkedCases(rules, b, asOf), asOf);
}

/** Rule ids a destruction was allowed under: the governing (longest) period first. */
export function eligibleUnder(result: RetentionResult): string[] {
  const governing = result.reasons[result.reasons.length - 1]?.ruleId;
  const ids = result.reasons.map((r) => r.ruleId);
  return [...new Set(governing ? [governing, ...ids] : ids)];
}
