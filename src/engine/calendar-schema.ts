/**
 * Schemas for the business-day data in rules/missouri: the state holiday calendar (RSMo 9.010)
 * and the Sunshine schedule (response window RSMo 610.023.3, fees RSMo 610.026).
 * Types are inferred from the schemas; the engine never reads files itself.
 */
import { z } from 'zod';
import { EFFECTIVE_FIELDS, effectiveOrderProblems } from './effective';
import { IsoDate } from './facts';
import { HH_MM, LEGAL_ZONE } from './legal-time';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** "HH:mm", 24-hour clock. */
const ClockTime = z.string().regex(HH_MM, 'expected a 24-hour time "HH:mm"');

export const HolidayRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fixed'),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
  }),
  z.object({
    kind: z.literal('nth_weekday'),
    month: z.number().int().min(1).max(12),
    weekday: Weekday,
    nth: z.union([z.number().int().min(1).max(5), z.literal('last')]),
  }),
]);
export type HolidayRule = z.infer<typeof HolidayRule>;

export const Holiday = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'expected a kebab-case id'),
    name: z.string().min(1),
    rule: HolidayRule,
    citation: z.string().min(1),
    /** In force as effective.ts says, on the holiday's actual (not observed) date. */
    ...EFFECTIVE_FIELDS,
    verify: z.boolean().default(false),
    note: z.string().nullable().default(null),
  })
  .superRefine((h, ctx) => {
    for (const p of effectiveOrderProblems([h])) ctx.addIssue({ code: 'custom', message: p.message, path: [p.field] });
  });
export type Holiday = z.infer<typeof Holiday>;

// February 29 is refused on purpose: a holiday that exists one year in four is not in 9.010.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * A day the records unit is actually closed (proclamation, emergency, the unit's closure
 * calendar): a non-business day as listed, never moved. `citation` is the closure's source,
 * named in the reason whenever the clock skips the day.
 */
const CLOSURE_KINDS = ['observed_friday', 'executive_closure', 'emergency', 'unit_closure'] as const;
export const Closure = z.object({
  date: IsoDate,
  name: z.string().min(1),
  /** The source of the closure (proclamation, order, memo). */
  citation: z.string().min(1),
  /**
   * observed_friday: the Friday before a Saturday holiday, when the unit actually closed (RSMo
   * 9.010 does not move Saturday holidays); executive_closure: a governor's or board's order;
   * emergency: weather or other unplanned closure; unit_closure: the unit's own calendar.
   */
  kind: z.enum(CLOSURE_KINDS).default('unit_closure'),
});
export type Closure = z.infer<typeof Closure>;

/**
 * A legal holiday on which the records unit was open (its closure calendar says so, with the
 * source): the day counts as a business day for the Sunshine clock. It stays a legal holiday for
 * court deadlines (legalHolidaysInYear), which follow RSMo 9.010 whatever the unit does.
 */
export const UnitOpenDay = z.object({
  /** The day the holiday is observed (after the Sunday -> Monday move). */
  date: IsoDate,
  holidayId: z.string().regex(/^[a-z0-9-]+$/, 'expected a holiday id'),
  /** Where the unit's opening is recorded (its closure calendar for the year, a memo). */
  citation: z.string().min(1),
});
export type UnitOpenDay = z.infer<typeof UnitOpenDay>;

export const HolidayCalendar = z
  .object({
    id: z.string().min(1),
    zone: z.string().min(1).default(LEGAL_ZONE),
    citation: z.string().min(1),
    observance: z.object({
      /**
       * RSMo 9.010 has no Saturday rule: `not_observed` is the statute. `preceding_friday` is an
       * opt-in reading (deadlines run later) that needs its own citation in saturdayCitation.
       */
      saturday: z.enum(['preceding_friday', 'not_observed']),
      saturdayCitation: z.string().min(1),
      sunday: z.enum(['following_monday', 'not_observed']),
      sundayCitation: z.string().min(1),
    }),
    holidays: z.array(Holiday).min(1),
    /** The records unit's closure calendar, entered per year, each day with its source. */
    closures: z.array(Closure).default([]),
    /** Legal holidays on which the unit was open (entered per year with the source). */
    unitOpen: z.array(UnitOpenDay).default([]),
  })
  .superRefine((cal, ctx) => {
    const seen = new Set<string>();
    cal.holidays.forEach((h, i) => {
      if (seen.has(h.id)) ctx.addIssue({ code: 'custom', message: `duplicate holiday id "${h.id}"`, path: ['holidays', i, 'id'] });
      seen.add(h.id);
      if (h.rule.kind === 'fixed' && h.rule.day > DAYS_IN_MONTH[h.rule.month - 1]!) {
        ctx.addIssue({ code: 'custom', message: `month ${h.rule.month} has no day ${h.rule.day}`, path: ['holidays', i, 'rule', 'day'] });
      }
    });
    const closureDays = new Set<string>();
    cal.closures.forEach((c, i) => {
      if (closureDays.has(c.date))
        ctx.addIssue({
          code: 'custom',
          message: `two closures on ${c.date}: enter one, naming every source`,
          path: ['closures', i, 'date'],
        });
      closureDays.add(c.date);
    });
    cal.unitOpen.forEach((o, i) => {
      if (!seen.has(o.holidayId))
        ctx.addIssue({ code: 'custom', message: `no holiday "${o.holidayId}"`, path: ['unitOpen', i, 'holidayId'] });
      if (closureDays.has(o.date))
        ctx.addIssue({ code: 'custom', message: `${o.date} is entered both as a closure and as open`, path: ['unitOpen', i, 'date'] });
    });
  });
export type HolidayCalendar = z.infer<typeof HolidayCalendar>;

/** Amounts are integer cents so totals never drift by floating-point rounding. */
const Cents = z.number().int().min(0);

export const FeeSchedule = z.object({
  citation: z.string().min(1),
  currency: z.literal('USD'),
  /** 610.026.1(2): average hourly rate of pay of the staff required for making copies. */
  staffHourlyRateCents: Cents,
  /** Cost of one medium (USB drive, disc) when the requester wants physical media. */
  mediaCostPerItemCents: Cents,
  /** Staff minutes to locate, export and package one recording, whatever its length. */
  copyMinutesPerRecording: z.number().min(0),
  /** Additional staff minutes per hour of footage (export/transcode time). */
  copyMinutesPerFootageHour: z.number().min(0),
  policy: z.string().min(1),
  verify: z.boolean().default(false),
  notes: z.array(z.string()).default([]),
});
export type FeeSchedule = z.infer<typeof FeeSchedule>;

/**
 * A department's later-receipt reading of RSMo 610.023.3 (a request received at or after close of
 * business, or on a weekend, holiday or closure day, counts as received on the next business day).
 * It is not the statute's text and can only lengthen the deadline, so it is off by default and may
 * be switched on only with a record of counsel's approval.
 */
const LateReceiptPolicy = z
  .object({
    enabled: z.boolean().default(false),
    ruleId: z
      .string()
      .regex(/^[A-Z0-9-]+$/, 'expected an upper-case rule id')
      .default('SUNSHINE-LATE-RECEIPT'),
    citation: z.string().min(1),
    note: z.string().min(1),
    /** Who approved it and when (e.g. "City Counselor memo 2027-03-01"); required when enabled. */
    counselApproval: z.string().min(1).nullable().default(null),
  })
  .refine((p) => !p.enabled || p.counselApproval !== null, {
    message: 'a later-receipt policy may only be enabled with counselApproval recorded',
    path: ['counselApproval'],
  });
type LateReceiptPolicy = z.infer<typeof LateReceiptPolicy>;

/**
 * RSMo 610.023.1: the custodian of records, whose identity and location are made available on
 * request, and what a requester needs to act on a response (how to reach the unit, pay the fee
 * and receive the copies). The letter prints these as they are, so they hold no placeholder.
 */
export const CustodianOfRecords = z.object({
  citation: z.string().min(1),
  /** The custodian's name, printed above the title; null signs with the title alone. */
  name: z.string().min(1).nullable().default(null),
  title: z.string().min(1),
  office: z.string().min(1),
  address: z.string().min(1),
  phone: z.string().min(1),
  email: z.string().min(1).nullable().default(null),
  /** How a fee is paid; `{number}` is replaced by the request's number. */
  payment: z.string().min(1),
  /** How released copies reach the requester. */
  delivery: z.string().min(1),
  /** How a recording released for viewing only is viewed. */
  viewing: z.string().min(1),
});
export type CustodianOfRecords = z.infer<typeof CustodianOfRecords>;

export const SunshineSchedule = z.object({
  responseWindow: z.object({
    businessDays: z.number().int().min(1),
    citation: z.string().min(1),
    closeOfBusiness: ClockTime.default('17:00'),
    zone: z.string().min(1).default(LEGAL_ZONE),
    /**
     * Opt-in only. RSMo 610.023.3 counts from "the date the request is received", whatever its
     * weekday or hour; a later-receipt reading moves the deadline one business day past that
     * text, so it stays off unless counsel approved it and the approval is written down here.
     */
    lateReceiptPolicy: LateReceiptPolicy,
  }),
  fees: FeeSchedule,
  custodian: CustodianOfRecords,
});
export type SunshineSchedule = z.infer<typeof SunshineSchedule>;
