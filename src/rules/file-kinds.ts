/**
 * Which schema validates which file under rules/<jurisdiction>. `npm run rules:check`
 * validates every file with the first kind that matches and writes each kind's JSON
 * Schema to rules/schema/<name>.schema.json. Other rule families (retention, calendar,
 * fees) add their entry here; files no kind matches are only checked to be valid YAML.
 */
import type { z } from 'zod';
import { HolidayCalendar, SunshineSchedule } from '../engine/calendar-schema';
import { RetentionSchedule } from '../engine/retention-schema';
import { ReleaseCaseFile } from '../engine/release-case-schema';
import { RetentionCaseFile } from '../engine/retention-case-schema';
import { SunshineCaseFile } from '../engine/sunshine-case-schema';
import { ParametersFile, ReleaseRuleFile } from '../engine/rule-schema';
import { QuestionsFile } from '../engine/question-schema';

export interface RuleFileKind {
  /** Also the JSON Schema file name: rules/schema/<name>.schema.json. */
  name: string;
  /** Path relative to the jurisdiction folder, with forward slashes. */
  match(relPath: string): boolean;
  schema: z.ZodType;
}

const isYaml = (p: string): boolean => p.endsWith('.yaml') || p.endsWith('.yml');

export const RULE_FILE_KINDS: RuleFileKind[] = [
  { name: 'release-rule', match: (p) => p.startsWith('release/') && isYaml(p), schema: ReleaseRuleFile },
  { name: 'parameters', match: (p) => p === 'parameters.yaml', schema: ParametersFile },
  { name: 'holidays', match: (p) => p === 'holidays.yaml', schema: HolidayCalendar },
  { name: 'sunshine', match: (p) => p === 'sunshine.yaml', schema: SunshineSchedule },
  { name: 'retention', match: (p) => p === 'retention.yaml', schema: RetentionSchedule },
  { name: 'questions', match: (p) => p === 'questions.yaml', schema: QuestionsFile },
];

/** Kinds with a JSON Schema but not part of the rule set (cases/ is excluded from rulesVersion). */
export const CASE_FILE_KIND: RuleFileKind = {
  name: 'release-case',
  match: (p) => p.startsWith('cases/') && !p.startsWith('cases/sunshine/') && !p.startsWith('cases/retention/') && isYaml(p),
  schema: ReleaseCaseFile,
};

/** Retention cases (cases/retention/*.yaml): a recording's facts, asOf and the retention result wanted. */
export const RETENTION_CASE_FILE_KIND: RuleFileKind = {
  name: 'retention-case',
  match: (p) => p.startsWith('cases/retention/') && isYaml(p),
  schema: RetentionCaseFile,
};

/** Sunshine due-date cases (cases/sunshine/*.yaml): receipt instant and the due date wanted. */
export const SUNSHINE_CASE_FILE_KIND: RuleFileKind = {
  name: 'sunshine-case',
  match: (p) => p.startsWith('cases/sunshine/') && isYaml(p),
  schema: SunshineCaseFile,
};
