/**
 * Schema of the Sunshine due-date cases under rules/missouri/cases/sunshine (policy tests as
 * data, like the release cases): a receipt instant, whether the opt-in late-receipt policy is
 * on, and the due date wanted with the days counted and skipped and the rules that set it.
 */
import { z } from 'zod';
import { Closure, UnitOpenDay } from './calendar-schema';
import { IsoDate, IsoDateTime } from './facts';

export const SunshineCase = z.strictObject({
  /** Stable kebab-case id, reported by the runner and named in reviews. */
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected a kebab-case id'),
  /** One sentence: the behaviour this case pins down; becomes the test name. */
  note: z.string().min(1),
  /** ISO 8601 instant with offset. */
  receivedAt: IsoDateTime,
  /** Run with the opt-in late-receipt policy switched on (default: the statute's text). */
  lateReceiptPolicy: z.boolean().default(false),
  /** Run with the opt-in Saturday-holiday observance (observance.saturday: preceding_friday) switched on. */
  saturdayObservance: z.boolean().default(false),
  /** Closure days added to the calendar in force for this case only (each with its source). */
  closures: z.array(Closure).default([]),
  /** Legal holidays the records unit was open on, added to the calendar for this case only. */
  unitOpen: z.array(UnitOpenDay).default([]),
  want: z.strictObject({
    dueBy: IsoDateTime,
    receiptDate: IsoDate.optional(),
    effectiveReceiptDate: IsoDate.optional(),
    countedDays: z.array(IsoDate).optional(),
    skippedDays: z.array(IsoDate).optional(),
    ruleIds: z.array(z.string()).min(1),
    lateReceiptApplied: z.boolean().optional(),
    /** Text that must appear in the reasons (e.g. a closure's source). */
    reasonsInclude: z.array(z.string().min(1)).optional(),
  }),
});
export type SunshineCase = z.infer<typeof SunshineCase>;

export const SunshineCaseFile = z.strictObject({ cases: z.array(SunshineCase).min(1) });
export type SunshineCaseFile = z.infer<typeof SunshineCaseFile>;
