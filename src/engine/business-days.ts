/**
 * The Sunshine business-day clock (RSMo 610.023.3) over the state holiday calendar (RSMo 9.010).
 * PURE: the calendar comes in as data, "now" is never read; same inputs give the same dates.
 */
import { DateTime } from 'luxon';
import type { Reason } from './facts';
import type { Closure, HolidayCalendar, HolidayRule, SunshineSchedule, Weekday } from './calendar-schema';
import { WEEKDAYS } from './calendar-schema';
import { isInForce } from './effective';
import { HH_MM } from './legal-time';

const DUE_RULE_ID = 'SUNSHINE-DUE';
const HOLIDAY_RULE_ID = 'SUNSHINE-HOLIDAY';
/** A records-unit closure day (holidays.yaml `closures`), skipped with its source as the reason. */
const CLOSURE_RULE_ID = 'SUNSHINE-CLOSURE';
/** The opt-in Saturday-holiday observance (observance.saturday: preceding_friday); not RSMo 9.010's text. */
const SATURDAY_OBSERVANCE_RULE_ID = 'SUNSHINE-SATURDAY-OBSERVANCE';
/** A legal holiday on which the records unit was open (holidays.yaml `unitOpen`): counted as a business day. */
const UNIT_OPEN_RULE_ID = 'SUNSHINE-UNIT-OPEN';
const DUE_CITATION = 'RSMo 610.023.3';

export interface ObservedHoliday {
  /** The day offices are closed (YYYY-MM-DD). */
  date: string;
  /** The holiday's own date; differs from `date` when moved off a weekend. */
  actualDate: string;
  id: string;
  name: string;
  citation: string;
  /** true when moved off a weekend (observed), false when kept on its own date. */
  moved: boolean;
  /**
   * Why it was moved: RSMo 9.010 (Sunday -> Monday) or the calendar's opt-in Saturday rule
   * (observance.saturdayCitation); null when not moved.
   */
  movedBy: { rule: 'sunday' | 'saturday'; citation: string } | null;
  kind: 'holiday' | 'closure';
  /** For a closure, what kind of closure the unit entered; null for holidays. */
  closureKind: Closure['kind'] | null;
  verify: boolean;
}

const ISO_DAY = 'yyyy-MM-dd';

function weekdayNumber(w: Weekday): number {
  return WEEKDAYS.indexOf(w) + 1; // luxon: Monday = 1 ... Sunday = 7
}

/** The actual date of a holiday rule in a year, or null when the rule has no such day that year (5th weekday). */
export function holidayDate(rule: HolidayRule, year: number, zone: string): DateTime | null {
  if (rule.kind === 'fixed') {
    const d = DateTime.fromObject({ year, month: rule.month, day: rule.day }, { zone });
    return d.isValid ? d : null;
  }
  const target = weekdayNumber(rule.weekday);
  if (rule.nth === 'last') {
    const last = DateTime.fromObject({ year, month: rule.month, day: 1 }, { zone }).endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - target + 7) % 7 });
  }
  const first = DateTime.fromObject({ year, month: rule.month, day: 1 }, { zone });
  const d = first.plus({ days: ((target - first.weekday + 7) % 7) + 7 * (rule.nth - 1) });
  return d.month === rule.month ? d : null;
}

/**
 * RSMo 9.010 moves a Sunday holiday to the Monday after. It has no Saturday rule: a Saturday
 * holiday stays on the Saturday unless the calendar opts in to `saturday: preceding_friday`
 * (with its own citation), which makes the Friday a non-business day and deadlines later.
 * `statuteOnly` ignores that opt-in (the legal-holiday list for court deadlines).
 */
function observedDate(
  calendar: HolidayCalendar,
  actual: DateTime,
  statuteOnly = false,
): { date: DateTime; movedBy: ObservedHoliday['movedBy'] } {
  const o = calendar.observance;
  if (!statuteOnly && actual.weekday === 6 && o.saturday === 'preceding_friday')
    return { date: actual.minus({ days: 1 }), movedBy: { rule: 'saturday', citation: o.saturdayCitation } };
  if (actual.weekday === 7 && o.sunday === 'following_monday')
    return { date: actual.plus({ days: 1 }), movedBy: { rule: 'sunday', citation: o.sundayCitation } };
  return { date: actual, movedBy: null };
}

function compareHolidays(a: ObservedHoliday, b: ObservedHoliday): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// Calendars are parsed once and treated as immutable, so the per-year lists can be cached.
const cache = new WeakMap<HolidayCalendar, Map<number, readonly ObservedHoliday[]>>();
const legalCache = new WeakMap<HolidayCalendar, Map<number, readonly ObservedHoliday[]>>();

function cached(
  store: WeakMap<HolidayCalendar, Map<number, readonly ObservedHoliday[]>>,
  calendar: HolidayCalendar,
  year: number,
  make: () => ObservedHoliday[],
): readonly ObservedHoliday[] {
  let byYear = store.get(calendar);
  if (!byYear) {
    byYear = new Map();
    store.set(calendar, byYear);
  }
  const hit = byYear.get(year);
  if (hit) return hit;
  const frozen = Object.freeze(make().sort(compareHolidays));
  byYear.set(year, frozen);
  return frozen;
}

/** The holidays in force observed in `year` (statuteOnly: Sunday -> Monday only, never the Saturday opt-in). */
function observedHolidays(calendar: HolidayCalendar, year: number, statuteOnly: boolean): ObservedHoliday[] {
  const out: ObservedHoliday[] = [];
  for (const y of [year - 1, year, year + 1]) {
    for (const h of calendar.holidays) {
      const actual = holidayDate(h.rule, y, calendar.zone);
      if (!actual) continue;
      const actualIso = actual.toFormat(ISO_DAY);
      if (!isInForce(h, actualIso)) continue;
      const { date: observed, movedBy } = observedDate(calendar, actual, statuteOnly);
      if (observed.year !== year) continue;
      out.push({
        date: observed.toFormat(ISO_DAY),
        actualDate: actualIso,
        id: h.id,
        name: h.name,
        citation: h.citation,
        moved: movedBy !== null,
        movedBy,
        kind: 'holiday',
        closureKind: null,
        verify: h.verify,
      });
    }
  }
  return out;
}

/**
 * RSMo 9.010's legal holidays observed in `year`, in date order: each holiday in force on its
 * actual date, a Sunday holiday on the Monday after. Only the statute: no unit closures, no
 * days the unit was open, no opt-in Saturday observance. For deadlines that roll forward over
 * "legal holidays" (court rules, RSMo 1.040), whatever the records unit's own calendar says.
 */
export function legalHolidaysInYear(calendar: HolidayCalendar, year: number): readonly ObservedHoliday[] {
  return cached(legalCache, calendar, year, () => observedHolidays(calendar, year, true));
}

/** The RSMo 9.010 legal holidays observed on this calendar day (in the calendar's zone); empty on other days. */
function legalHolidaysOn(calendar: HolidayCalendar, date: DateTime): ObservedHoliday[] {
  const d = date.setZone(calendar.zone);
  const iso = d.toFormat(ISO_DAY);
  return legalHolidaysInYear(calendar, d.year).filter((h) => h.date === iso);
}

/** true when the day is an RSMo 9.010 legal holiday as observed (Sunday -> Monday); closures do not count. */
export function isLegalHoliday(calendar: HolidayCalendar, date: DateTime): boolean {
  return legalHolidaysOn(calendar, date).length > 0;
}

/** The unit-open entry for a holiday observed on `date`, if the unit recorded it was open that day. */
function unitOpenFor(calendar: HolidayCalendar, h: Pick<ObservedHoliday, 'date' | 'id'>): HolidayCalendar['unitOpen'][number] | undefined {
  return calendar.unitOpen.find((o) => o.date === h.date && o.holidayId === h.id);
}

/**
 * The records unit's closure calendar for `year`, in date order: the legal holidays (moved off
 * weekends by the observance rules; Jan 1 2028, a Saturday, is listed under 2027 only when the
 * opt-in Saturday observance moves it to Fri 2027-12-31) except those the unit recorded it was
 * open on, plus the closures it entered, each with its source.
 */
export function holidaysInYear(calendar: HolidayCalendar, year: number): readonly ObservedHoliday[] {
  return cached(cache, calendar, year, () => {
    const out = observedHolidays(calendar, year, false).filter((h) => unitOpenFor(calendar, h) === undefined);
    for (const c of calendar.closures) {
      if (Number(c.date.slice(0, 4)) !== year) continue;
      out.push({
        date: c.date,
        actualDate: c.date,
        id: `closure-${c.date}`,
        name: c.name,
        citation: c.citation,
        moved: false,
        movedBy: null,
        kind: 'closure',
        closureKind: c.kind,
        verify: false,
      });
    }
    return out;
  });
}

/** Unit-open entries that name no holiday observed on their date (a typo would silently do nothing). */
export function unitOpenProblems(calendar: HolidayCalendar): string[] {
  return calendar.unitOpen.flatMap((o, i) => {
    const year = Number(o.date.slice(0, 4));
    const hit = observedHolidays(calendar, year, false).some((h) => h.id === o.holidayId && h.date === o.date);
    return hit ? [] : [`unitOpen[${i}]: ${o.holidayId} is not observed on ${o.date}`];
  });
}

/** The holidays/closures observed on this calendar day (in the calendar's zone); empty on ordinary days. */
export function holidaysOn(calendar: HolidayCalendar, date: DateTime): ObservedHoliday[] {
  const d = date.setZone(calendar.zone);
  const iso = d.toFormat(ISO_DAY);
  return holidaysInYear(calendar, d.year).filter((h) => h.date === iso);
}

/** Monday to Friday and not an observed holiday or closure, judged on the calendar day in the calendar's zone. */
export function isBusinessDay(calendar: HolidayCalendar, date: DateTime): boolean {
  const d = date.setZone(calendar.zone);
  return d.weekday <= 5 && holidaysOn(calendar, d).length === 0;
}

/**
 * Moves `n` business days from `date` (the starting day itself is not counted), keeping the
 * time of day in the calendar's zone. n = 0 returns the same instant; negative n moves back.
 */
export function addBusinessDays(calendar: HolidayCalendar, date: DateTime, n: number): DateTime {
  if (!Number.isInteger(n)) throw new RangeError(`addBusinessDays: n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let d = date.setZone(calendar.zone);
  for (let left = Math.abs(n); left > 0;) {
    d = d.plus({ days: step });
    if (isBusinessDay(calendar, d)) left -= 1;
  }
  return d;
}

/** A calendar day between receipt and the due date that was not counted, and why. */
export interface SkippedDay {
  date: string;
  kind: 'weekend' | 'holiday' | 'closure';
  reason: string;
  /** RSMo 9.010 (or the closure's authority) for holidays and closures; null for plain weekends. */
  citation: string | null;
  /** The holiday or closure ids observed that day (empty for weekends). */
  holidayIds: string[];
}

export interface DueDate {
  /** Close of business on the last day to act (RSMo 610.023.3). */
  dueAt: DateTime;
  /** The calendar date of receipt in the calendar's zone (YYYY-MM-DD): day 0 under the statute. */
  receiptDate: string;
  /** The day the count starts from: receiptDate, or later only under an enabled late-receipt policy. */
  effectiveReceiptDate: string;
  /** The business days counted, in order (YYYY-MM-DD). */
  countedDays: string[];
  /** Every day after day 0 up to the due date that was not counted, with its reason. */
  skippedDays: SkippedDay[];
  /** true when the opt-in late-receipt policy moved day 0. */
  lateReceiptApplied: boolean;
  /** The rules that set the date, in the order they applied (SUNSHINE-DUE always). */
  ruleIds: string[];
  reasons: Reason[];
}

/** The opt-in later-receipt policy as the clock needs it (SunshineSchedule.responseWindow.lateReceiptPolicy). */
export interface LateReceipt {
  enabled: boolean;
  ruleId: string;
  citation: string;
  counselApproval: string | null;
}

function parseClock(closeOfBusiness: string): { hour: number; minute: number } {
  const m = HH_MM.exec(closeOfBusiness);
  if (!m) throw new RangeError(`closeOfBusiness must be "HH:mm", got "${closeOfBusiness}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function describeDay(d: DateTime): string {
  return d.setLocale('en-US').toFormat('cccc yyyy-MM-dd');
}

function describeNonBusinessDay(calendar: HolidayCalendar, d: DateTime): string {
  const hs = holidaysOn(calendar, d);
  if (hs.length > 0) return hs.map((h) => h.name).join(' and ');
  return 'a weekend day';
}

/** Holidays whose actual date is `iso` but which are observed on another day (moved off a weekend). */
function movedAway(calendar: HolidayCalendar, d: DateTime, iso: string): ObservedHoliday[] {
  return [d.year - 1, d.year, d.year + 1].flatMap((y) => holidaysInYear(calendar, y).filter((h) => h.moved && h.actualDate === iso));
}

const CLOSURE_KIND_TEXT: Record<Closure['kind'], string> = {
  observed_friday: 'an observed Friday the records unit entered as closed',
  executive_closure: 'an executive closure',
  emergency: 'an emergency closure',
  unit_closure: "a closure on the records unit's calendar",
};

/** How an observed holiday or closure is named in a reason: a closure names its source, a moved holiday the rule that moved it. */
function holidayText(h: ObservedHoliday): string {
  if (h.kind === 'closure') return `closed (${CLOSURE_KIND_TEXT[h.closureKind ?? 'unit_closure']}: ${h.name}; source: ${h.citation})`;
  if (h.movedBy?.rule === 'saturday') {
    return `${h.name} (observed for ${h.actualDate}, a Saturday, under the opt-in Saturday-holiday observance: ${h.movedBy.citation})`;
  }
  if (h.movedBy) return `${h.name} (observed for ${h.actualDate}, a Sunday: ${h.movedBy.citation})`;
  return h.name;
}

function citationsOf(hs: readonly ObservedHoliday[]): string {
  return [...new Set(hs.flatMap((h) => (h.movedBy ? [h.citation, h.movedBy.citation] : [h.citation])))].join('; ');
}

function skippedDay(calendar: HolidayCalendar, d: DateTime): SkippedDay {
  const iso = d.toFormat(ISO_DAY);
  const hs = holidaysOn(calendar, d);
  if (d.weekday <= 5) {
    return {
      date: iso,
      kind: hs.every((h) => h.kind === 'closure') ? 'closure' : 'holiday',
      reason: `${describeDay(d)} is ${hs.map(holidayText).join(' and ')}, not a business day.`,
      citation: citationsOf(hs),
      holidayIds: hs.map((h) => h.id),
    };
  }
  // A weekend day is skipped as a weekend day; a holiday or closure that falls on it is named.
  const notes = hs.map((h) =>
    h.kind === 'closure'
      ? `${h.name} (source: ${h.citation}) falls on it`
      : d.weekday === 6
        ? `${h.name} falls on it; RSMo 9.010 moves only a Sunday holiday, so no Friday is taken off for it`
        : `${h.name} falls on it`,
  );
  const away = movedAway(calendar, d, iso);
  notes.push(...away.map((h) => `${h.name} falls on it and is observed on ${h.date}`));
  const note = notes.length ? ` (${notes.join('; ')})` : '';
  return {
    date: iso,
    kind: 'weekend',
    reason: `${describeDay(d)} is a weekend day${note}, not a business day.`,
    citation: null,
    holidayIds: hs.map((h) => h.id),
  };
}

/**
 * When a Sunshine request must be acted on, with the reasons that explain the date.
 *
 * RSMo 610.023.3: "as soon as possible, but in no event later than the end of the third business
 * day following the date the request is received". Day 0 is the calendar date of receipt in the
 * calendar's zone, whatever its weekday or hour; the deadline is close of business on the
 * `businessDays`-th business day after it. Only an enabled, counsel-approved late-receipt policy
 * may move day 0 (to the next business day), and the reasons then say so.
 */
export function explainDueBy(
  calendar: HolidayCalendar,
  receivedAt: DateTime,
  closeOfBusiness: string,
  businessDays = 3,
  lateReceipt: LateReceipt | null = null,
): DueDate {
  const { hour, minute } = parseClock(closeOfBusiness);
  const received = receivedAt.setZone(calendar.zone);
  const receiptDate = received.startOf('day');
  const reasons: Reason[] = [];
  const ruleIds: string[] = [DUE_RULE_ID];

  let dayZero: DateTime = receiptDate;
  let lateReceiptApplied = false;
  if (lateReceipt?.enabled) {
    const closeOnReceiptDay = received.set({ hour, minute, second: 0, millisecond: 0 });
    const businessDay = isBusinessDay(calendar, receiptDate);
    if (!businessDay || received >= closeOnReceiptDay) {
      const why = businessDay
        ? `at ${received.toFormat('HH:mm')}, at or after close of business (${closeOfBusiness})`
        : `on ${describeNonBusinessDay(calendar, receiptDate)}, which is not a business day`;
      dayZero = addBusinessDays(calendar, receiptDate, 1);
      lateReceiptApplied = true;
      ruleIds.push(lateReceipt.ruleId);
      reasons.push({
        ruleId: lateReceipt.ruleId,
        citation: lateReceipt.citation,
        text:
          `Opt-in late-receipt policy applied (counsel approval: ${lateReceipt.counselApproval ?? 'not recorded'}): the request arrived ` +
          `${describeDay(receiptDate)} ${why}, so it counts as received on the next business day, ${describeDay(dayZero)}. ` +
          `Without this policy the statute counts from ${describeDay(receiptDate)}.`,
      });
    }
  }

  const countedDays: string[] = [];
  let d: DateTime = dayZero;
  for (let i = 0; i < businessDays; i += 1) {
    d = addBusinessDays(calendar, d, 1);
    countedDays.push(d.toFormat(ISO_DAY));
  }
  const dueAt = d.set({ hour, minute, second: 0, millisecond: 0 });

  const skippedDays: SkippedDay[] = [];
  for (let day = receiptDate.plus({ days: 1 }); day < dueAt.startOf('day'); day = day.plus({ days: 1 })) {
    if (!isBusinessDay(calendar, day)) skippedDays.push(skippedDay(calendar, day));
  }

  const dayZeroNote = lateReceiptApplied
    ? `counted from ${describeDay(dayZero)} under the opt-in late-receipt policy`
    : `day 0 is the date it was received, ${describeDay(receiptDate)}, whatever its weekday or hour`;
  reasons.unshift({
    ruleId: DUE_RULE_ID,
    citation: DUE_CITATION,
    text:
      `A records request must be acted on by the end of the ${ordinal(businessDays)} business day following the date it is received ` +
      `(${dayZeroNote}): ${describeDay(dueAt)} at ${closeOfBusiness} ${calendar.zone}. ` +
      `Business days counted: ${countedDays.join(', ')}.`,
  });

  // Name every holiday and closure after day 0 up to the due date, so the date can be checked by hand.
  const holidayDays = skippedDays.filter((x) => x.kind === 'holiday');
  const closureDays = skippedDays.filter((x) => x.kind === 'closure');
  if (holidayDays.length) ruleIds.push(HOLIDAY_RULE_ID);
  for (const x of holidayDays) reasons.push({ ruleId: HOLIDAY_RULE_ID, citation: x.citation ?? calendar.citation, text: x.reason });
  if (closureDays.length) ruleIds.push(CLOSURE_RULE_ID);
  for (const x of closureDays) reasons.push({ ruleId: CLOSURE_RULE_ID, citation: x.citation ?? calendar.citation, text: x.reason });

  // A legal holiday the unit was open on was counted: name it and the source, so the date can be checked.
  const openDays = countedDays.flatMap((iso) =>
    legalHolidaysOn(calendar, DateTime.fromISO(iso, { zone: calendar.zone })).flatMap((h) => {
      const o = unitOpenFor(calendar, h);
      return o ? [{ iso, h, o }] : [];
    }),
  );
  if (openDays.length) ruleIds.push(UNIT_OPEN_RULE_ID);
  for (const { iso, h, o } of openDays) {
    reasons.push({
      ruleId: UNIT_OPEN_RULE_ID,
      citation: o.citation,
      text: `${describeDay(DateTime.fromISO(iso, { zone: calendar.zone }))} is ${h.name} (${h.citation}), but the records unit was open that day (source: ${o.citation}), so it is counted as a business day.`,
    });
  }

  // The opt-in Saturday rule made a Friday a non-business day: say so, with its citation.
  const fridays = skippedDays.filter(
    (x) =>
      x.kind !== 'weekend' &&
      holidaysOn(calendar, DateTime.fromISO(x.date, { zone: calendar.zone })).some((h) => h.movedBy?.rule === 'saturday'),
  );
  if (fridays.length) {
    ruleIds.push(SATURDAY_OBSERVANCE_RULE_ID);
    reasons.push({
      ruleId: SATURDAY_OBSERVANCE_RULE_ID,
      citation: calendar.observance.saturdayCitation,
      text:
        `Opt-in Saturday-holiday observance applied (observance.saturday: preceding_friday): ${fridays.map((x) => x.date).join(', ')} not counted as business days. ` +
        `RSMo 9.010 moves only a Sunday holiday; without this option those Fridays are business days and the deadline is earlier.`,
    });
  }
  return {
    dueAt,
    receiptDate: receiptDate.toFormat(ISO_DAY),
    effectiveReceiptDate: dayZero.toFormat(ISO_DAY),
    countedDays,
    skippedDays,
    lateReceiptApplied,
    ruleIds,
    reasons,
  };
}

/** Close of business on the `businessDays`-th business day after the day of receipt (statute reading). */
export function dueBy(
  calendar: HolidayCalendar,
  receivedAt: DateTime,
  closeOfBusiness: string,
  businessDays = 3,
  lateReceipt: LateReceipt | null = null,
): DateTime {
  return explainDueBy(calendar, receivedAt, closeOfBusiness, businessDays, lateReceipt).dueAt;
}

/** The due date using the Sunshine schedule's own window, close of business and (opt-in) late-receipt policy. */
export function responseDue(calendar: HolidayCalendar, sunshine: SunshineSchedule, receivedAt: DateTime): DueDate {
  const w = sunshine.responseWindow;
  return explainDueBy(calendar, receivedAt, w.closeOfBusiness, w.businessDays, w.lateReceiptPolicy);
}

function ordinal(n: number): string {
  const words = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  return words[n] ?? `${n}th`;
}
