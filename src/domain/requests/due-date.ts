/**
 * The Sunshine response deadline (RSMo 610.023.3) as the service answers it: request intake
 * stores it and the due-date calculator shows it, both through `sunshineDueDate`, so the two
 * cannot disagree. The clock itself is the pure engine's `responseDue`.
 */
import type { DateTime } from 'luxon';
import { type DueDate, responseDue } from '../../engine/business-days';
import type { SunshineSchedule } from '../../engine/calendar-schema';
import type { Rules } from '../../rules';

/** A rule that set the date, with its citation (for the letter, the request page and the calculator). */
export interface DueRule {
  ruleId: string;
  citation: string;
}

/** The engine's answer (the counted and skipped days, the rules and reasons) as the service stores and shows it. */
export interface SunshineDueDate extends Omit<DueDate, 'dueAt'> {
  dueBy: Date;
  closeOfBusiness: string;
  businessDays: number;
  zone: string;
  rules: DueRule[];
  rulesVersion: string;
  engineVersion: string;
}

/**
 * The schedule in force, with config.CLOSE_OF_BUSINESS overriding the rules' close of business
 * when set. Only an earlier time may override (config load refuses a later one); a later one
 * reaching here is refused too rather than producing a deadline past the rules' close.
 */
function scheduleWith(rules: Rules, closeOfBusiness: string | undefined): SunshineSchedule {
  const s = rules.sunshine;
  if (!closeOfBusiness) return s;
  if (closeOfBusiness > s.responseWindow.closeOfBusiness) {
    throw new RangeError(
      `close of business ${closeOfBusiness} is later than the rules' ${s.responseWindow.closeOfBusiness}; only an earlier time may override it`,
    );
  }
  return { ...s, responseWindow: { ...s.responseWindow, closeOfBusiness } };
}

/** When a request received at `received` must be acted on, with every reason. The one code path for intake and the calculator. */
export function sunshineDueDate(rules: Rules, received: DateTime, closeOfBusiness?: string): SunshineDueDate {
  const schedule = scheduleWith(rules, closeOfBusiness);
  const w = schedule.responseWindow;
  const due = responseDue(rules.holidays, schedule, received);
  const rulesOf = new Map<string, string>();
  for (const r of due.reasons)
    if (due.ruleIds.includes(r.ruleId) && !rulesOf.has(r.ruleId))
      rulesOf.set(r.ruleId, r.ruleId === 'SUNSHINE-HOLIDAY' ? rules.holidays.citation : r.citation);
  return {
    dueBy: due.dueAt.toJSDate(),
    closeOfBusiness: w.closeOfBusiness,
    businessDays: w.businessDays,
    zone: rules.holidays.zone,
    receiptDate: due.receiptDate,
    effectiveReceiptDate: due.effectiveReceiptDate,
    countedDays: due.countedDays,
    skippedDays: due.skippedDays,
    lateReceiptApplied: due.lateReceiptApplied,
    ruleIds: due.ruleIds,
    rules: due.ruleIds.map((ruleId) => ({ ruleId, citation: rulesOf.get(ruleId) ?? w.citation })),
    reasons: due.reasons,
    rulesVersion: rules.rulesVersion,
    engineVersion: rules.engineVersion,
  };
}

/** What a request stores of its due date (`StoredRequest.due`): intake and the due-date repair store the same fields. */
export function storedDue(due: SunshineDueDate) {
  return {
    closeOfBusiness: due.closeOfBusiness,
    receiptDate: due.receiptDate,
    effectiveReceiptDate: due.effectiveReceiptDate,
    countedDays: due.countedDays,
    skippedDays: due.skippedDays,
    lateReceiptApplied: due.lateReceiptApplied,
    rules: due.rules,
    reasons: due.reasons,
    rulesVersion: due.rulesVersion,
    engineVersion: due.engineVersion,
  };
}
