/**
 * The Sunshine due-date cases under rules/missouri/cases/sunshine: loading them, running one
 * through the same clock request intake uses (responseDue over the schedule in force) and
 * listing how the result differs from what the case wants. Used by the mocha suite and
 * `npm run rules:check`.
 */
import { DateTime } from 'luxon';
import { type DueDate, responseDue } from '../engine/business-days';
import type { HolidayCalendar, SunshineSchedule } from '../engine/calendar-schema';
import { SunshineCaseFile, type SunshineCase } from '../engine/sunshine-case-schema';
import { assertUniqueIds, readCaseFiles } from './case-files';

const DEFAULT_SUNSHINE_CASES_DIR = 'rules/missouri/cases/sunshine';

export interface LoadedSunshineCase {
  file: string;
  case: SunshineCase;
}

/** Reads every *.yaml under dir (sorted); throws naming the file when one is invalid or an id repeats. */
export function loadSunshineCases(dir: string = DEFAULT_SUNSHINE_CASES_DIR): LoadedSunshineCase[] {
  const out = readCaseFiles(dir, SunshineCaseFile).flatMap(({ file, data }) => data.cases.map((c) => ({ file, case: c })));
  assertUniqueIds(out.map((c) => c.case.id), 'sunshine');
  return out;
}

/** The schedule with the late-receipt policy switched on for a case that asks for it. */
function scheduleFor(sunshine: SunshineSchedule, c: SunshineCase): SunshineSchedule {
  if (!c.lateReceiptPolicy) return sunshine;
  const w = sunshine.responseWindow;
  const policy = { ...w.lateReceiptPolicy, enabled: true, counselApproval: w.lateReceiptPolicy.counselApproval ?? 'rule case: policy switched on for the test' };
  return { ...sunshine, responseWindow: { ...w, lateReceiptPolicy: policy } };
}

/** The calendar in force with the case's opt-in Saturday observance, extra closures and unit-open days, if any. */
function calendarFor(calendar: HolidayCalendar, c: SunshineCase): HolidayCalendar {
  if (!c.saturdayObservance && c.closures.length === 0 && c.unitOpen.length === 0) return calendar;
  const observance = c.saturdayObservance ? { ...calendar.observance, saturday: 'preceding_friday' as const } : calendar.observance;
  return { ...calendar, observance, closures: [...calendar.closures, ...c.closures], unitOpen: [...calendar.unitOpen, ...c.unitOpen] };
}

export function runSunshineCase(calendar: HolidayCalendar, sunshine: SunshineSchedule, c: SunshineCase): DueDate {
  return responseDue(calendarFor(calendar, c), scheduleFor(sunshine, c), DateTime.fromISO(c.receivedAt, { setZone: true }));
}

const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Differences between a computed due date and what the case wants; empty when it matches. */
export function sunshineCaseProblems(d: DueDate, c: SunshineCase): string[] {
  const w = c.want;
  const problems: string[] = [];
  const want = DateTime.fromISO(w.dueBy, { setZone: true });
  if (d.dueAt.toMillis() !== want.toMillis()) problems.push(`dueBy ${d.dueAt.toISO()}, want ${w.dueBy}`);
  if (w.receiptDate !== undefined && d.receiptDate !== w.receiptDate) problems.push(`receiptDate ${d.receiptDate}, want ${w.receiptDate}`);
  if (w.effectiveReceiptDate !== undefined && d.effectiveReceiptDate !== w.effectiveReceiptDate) {
    problems.push(`effectiveReceiptDate ${d.effectiveReceiptDate}, want ${w.effectiveReceiptDate}`);
  }
  if (w.countedDays !== undefined && !same(d.countedDays, w.countedDays)) problems.push(`countedDays ${JSON.stringify(d.countedDays)}, want ${JSON.stringify(w.countedDays)}`);
  const skipped = d.skippedDays.map((x) => x.date);
  if (w.skippedDays !== undefined && !same(skipped, w.skippedDays)) problems.push(`skippedDays ${JSON.stringify(skipped)}, want ${JSON.stringify(w.skippedDays)}`);
  if (!same([...d.ruleIds].sort(), [...w.ruleIds].sort())) problems.push(`ruleIds ${JSON.stringify(d.ruleIds)}, want ${JSON.stringify(w.ruleIds)}`);
  if (w.lateReceiptApplied !== undefined && d.lateReceiptApplied !== w.lateReceiptApplied) problems.push(`lateReceiptApplied ${d.lateReceiptApplied}, want ${w.lateReceiptApplied}`);
  for (const text of w.reasonsInclude ?? []) {
    if (!d.reasons.some((r) => r.text.includes(text) || r.citation.includes(text))) problems.push(`no reason mentions "${text}"`);
  }
  return problems;
}
