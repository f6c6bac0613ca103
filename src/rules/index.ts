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
import { missingFactSources } from '../engine/missing-facts';
import { compileQuestions, type Questions, unansweredPatterns } from '../engine/questions';
import { buildRuleSet, readRuleFiles, RuleSetError } from './load';
import { parseHolidayCalendar, parseQuestions, parseRetentionSchedule, parseSunshineSchedule } from './load-schedules';

export interface Rules {
  rulesVersion: string;
  /** Content hash of src/engine (the legal logic in code), recorded beside rulesVersion. */
  engineVersion: string;
  ruleSet: RuleSet;
  release: ReleaseEngine;
  holidays: HolidayCalendar;
  sunshine: SunshineSchedule;
  retention: RetentionSchedule;
  /** questions.yaml compiled: the question, who answers it and the form, behind each missing-fact name (src/engine/questions.ts). */
  questions: Questions;
}

function required(files: Record<string, string>, name: string, dir: string): string {
  const text = files[name];
  if (text === undefined) throw new Error(`${path.join(dir, name)} is missing`);
  return text;
}

/**
 * Every missing-fact name the engine and these rules can produce, by source, that no question
 * answers (empty when the table is complete): `npm run rules:check` prints them, and a rule set
 * with any is refused, so a decision never names a fact that no form supplies.
 */
export function unansweredMissingFacts(ruleSet: RuleSet, questions: Questions): string[] {
  return missingFactSources(ruleSet.release).flatMap((s) =>
    unansweredPatterns(questions, s.patterns).map((p) => `questions.yaml: no question matches ${p} (named by ${s.source})`),
  );
}

export function rulesFromFiles(files: Record<string, string>, dir = 'rules/missouri'): Rules {
  const ruleSet = buildRuleSet(files);
  const questions = compileQuestions(parseQuestions(required(files, 'questions.yaml', dir), 'questions.yaml'));
  const unanswered = unansweredMissingFacts(ruleSet, questions);
  if (unanswered.length > 0) throw new RuleSetError(unanswered);
  return {
    rulesVersion: ruleSet.rulesVersion,
    engineVersion: ruleSet.engineVersion,
    ruleSet,
    release: createReleaseEngine(ruleSet),
    holidays: parseHolidayCalendar(required(files, 'holidays.yaml', dir), 'holidays.yaml'),
    sunshine: parseSunshineSchedule(required(files, 'sunshine.yaml', dir), 'sunshine.yaml'),
    retention: parseRetentionSchedule(required(files, 'retention.yaml', dir), 'retention.yaml'),
    questions,
  };
}

export function loadRules(dir = 'rules/missouri'): Rules {
  return rulesFromFiles(readRuleFiles(dir), dir);
}
