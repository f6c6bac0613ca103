/**
 * Reads the schedule files of rules/missouri (holidays, Sunshine window and fees, retention)
 * and validates them with the engine's schemas. Errors name the file and the field path so a
 * records officer editing YAML can find the mistake.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { unitOpenProblems } from '../engine/business-days';
import { HolidayCalendar, SunshineSchedule } from '../engine/calendar-schema';
import { RetentionSchedule } from '../engine/retention-schema';
import { QuestionsFile } from '../engine/question-schema';

const SCHEDULE_FILES = {
  holidays: 'holidays.yaml',
  sunshine: 'sunshine.yaml',
  retention: 'retention.yaml',
} as const;

export interface ScheduleIssue {
  path: string;
  message: string;
}

export class ScheduleFileError extends Error {
  readonly code = 'RULES_INVALID';
  constructor(
    readonly file: string,
    readonly issues: ScheduleIssue[],
  ) {
    super(`${file}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'ScheduleFileError';
  }
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

function parseWith<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new ScheduleFileError(file, [{ path: '', message: `not valid YAML: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ScheduleFileError(
      file,
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return result.data;
}

export function parseHolidayCalendar(text: string, file: string = SCHEDULE_FILES.holidays): HolidayCalendar {
  const calendar = parseWith(HolidayCalendar, text, file);
  const problems = unitOpenProblems(calendar);
  if (problems.length > 0) throw new ScheduleFileError(file, problems.map((message) => ({ path: 'unitOpen', message })));
  return calendar;
}

export function parseSunshineSchedule(text: string, file: string = SCHEDULE_FILES.sunshine): SunshineSchedule {
  return parseWith(SunshineSchedule, text, file);
}

export function parseRetentionSchedule(text: string, file: string = SCHEDULE_FILES.retention): RetentionSchedule {
  return parseWith(RetentionSchedule, text, file);
}

export function parseQuestions(text: string, file = 'questions.yaml'): QuestionsFile {
  return parseWith(QuestionsFile, text, file);
}

export interface Schedules {
  holidays: HolidayCalendar;
  sunshine: SunshineSchedule;
  retention: RetentionSchedule;
}

/** Loads and validates the three schedule files from `dir` (default rules/missouri). */
export function loadSchedules(dir = 'rules/missouri'): Schedules {
  const read = (name: string): { text: string; file: string } => {
    const file = path.join(dir, name);
    try {
      return { text: readFileSync(file, 'utf8'), file };
    } catch (err) {
      throw new ScheduleFileError(file, [{ path: '', message: `cannot read: ${err instanceof Error ? err.message : String(err)}` }]);
    }
  };
  const h = read(SCHEDULE_FILES.holidays);
  const s = read(SCHEDULE_FILES.sunshine);
  const r = read(SCHEDULE_FILES.retention);
  return {
    holidays: parseHolidayCalendar(h.text, h.file),
    sunshine: parseSunshineSchedule(s.text, s.file),
    retention: parseRetentionSchedule(r.text, r.file),
  };
}
