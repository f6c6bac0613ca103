/**
 * Everything the service needs from rules/: the release rule set compiled into the pure
 * engine, and the calendar, Sunshine and retention schedules. One rulesVersion (a content
 * hash of every rule file) identifies the whole bundle in force.
 */
import path from 'node:path';
import { type ReleaseEngine, createReleaseEngine } from '../engine/decide';
import type { HolidayCalendar } from '../engine/calendar-schema';
import type { RetentionSchedule } from '../engine/retention-schema';
import type { RuleSet } from '../engine/rule-schema';
import type { SunshineSchedule } from '../engine/calendar-schema';
import { buildRuleSet, readRuleFiles } from './load';
import { parseHolidayCalendar, parseRetentionSchedule, parseSunshineSchedule } from './load-schedules';

export interface Rules {
  rulesVersion: string;
  /** Content hash of src/engine (the legal logic in code), recorded beside rulesVersion. */
  engineVersion: string;
  ruleSet: RuleSet;
  release: ReleaseEngine;
  holidays: HolidayCalendar;
  sunshine: SunshineSchedule;
  retention: RetentionSchedule;
}

function required(files: Record<string, string>, name: string, dir: string): string {
  const text = files[name];
  if (text === undefined) throw new Error(`${path.join(dir, name)} is missing`);
  return text;
}

export function rulesFromFiles(files: Record<string, string>, dir = 'rules/missouri'): Rules {
  const ruleSet = buildRuleSet(files);
  return {
    rulesVersion: ruleSet.rulesVersion,
    engineVersion: ruleSet.engineVersion,
    ruleSet,
    release: createReleaseEngine(ruleSet),
    holidays: parseHolidayCalendar(required(files, 'holidays.yaml', dir), 'holidays.yaml'),
    sunshine: parseSunshineSchedule(required(files, 'sunshine.yaml', dir), 'sunshine.yaml'),
    retention: parseRetentionSchedule(required(files, 'retention.yaml', dir), 'retention.yaml'),
  };
}

export function loadRules(dir = 'rules/missouri'): Rules {
  return rulesFromFiles(readRuleFiles(dir), dir);
}
