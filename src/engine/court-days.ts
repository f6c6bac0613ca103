/**
 * Court filing days for the deadlines that decide a case's status: the appeal and transfer
 * windows and the time to file charges (610.100.1(3)(b), (c)). PURE: the holidays come in as
 * data (holidays.yaml), on integer day numbers (day-math.ts).
 *
 * Rule 20.01(a): the last day of a period "is to be included, unless it is a Saturday, Sunday, or
 * a legal holiday, in which event the period runs until the end of the next day which is
 * neither"; RSMo 1.040 says the same of a Sunday. This calendar is the COURTS' one, not the
 * records unit's business days (business-days.ts): every RSMo 9.010 holiday on its own date and
 * on the Monday a Sunday holiday moves to, and, under courtDays.saturdayHolidayFriday:
 * non_filing, the Friday before a Saturday holiday (courts close then; skipping it can only make
 * a case become inactive later). Records-unit closures are not court holidays and are ignored.
 */
import type { Holiday } from './calendar-schema';
import { holidayDate } from './business-days';
import { daysFromCivil, civilFromDays, formatIsoDay } from './day-math';
import { isInForce } from './effective';
import { LEGAL_ZONE } from './legal-time';
import type { ParameterVersion } from './rule-schema';

export interface CourtCalendar {
  /** The last day of a period rolled forward to the next day that is neither a weekend day nor a legal holiday. */
  lastFilingDay(day: number): number;
  /** Why `day` is not a filing day ('' when it is one), e.g. "a Saturday" or "Thanksgiving Day". */
  whyClosed(day: number): string;
}

/** Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday). */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function createCourtCalendar(holidays: readonly Holiday[], days: ParameterVersion['courtDays']): CourtCalendar {
  const byYear = new Map<number, Map<number, string>>();
  const closedIn = (year: number): Map<number, string> => {
    let m = byYear.get(year);
    if (m !== undefined) return m;
    const closed = new Map<number, string>();
    m = closed;
    for (const y of [year - 1, year, year + 1]) {
      for (const h of holidays) {
        const actual = holidayDate(h.rule, y, LEGAL_ZONE);
        if (actual === null) continue;
        const iso = actual.toFormat('yyyy-MM-dd');
        if (!isInForce(h, iso)) continue;
        const day = daysFromCivil(actual.year, actual.month, actual.day);
        const wd = weekdayOf(day);
        const add = (d: number, why: string): void => {
          if (civilFromDays(d)[0] === year && !closed.has(d)) closed.set(d, why);
        };
        add(day, h.name);
        if (wd === 6) add(day + 1, `${h.name} (observed: RSMo 9.010 moves a Sunday holiday to Monday)`);
        if (wd === 5 && days.saturdayHolidayFriday === 'non_filing')
          add(day - 1, `the Friday before ${h.name} (a Saturday), treated as a court holiday`);
      }
    }
    for (const c of days.closures) {
      const [y, mo, d] = c.date.split('-').map(Number) as [number, number, number];
      if (y === year) {
        const n = daysFromCivil(y, mo, d);
        if (!m.has(n)) m.set(n, `${c.name} (courts closed; source: ${c.citation})`);
      }
    }
    byYear.set(year, m);
    return m;
  };
  const whyClosed = (day: number): string => {
    const wd = weekdayOf(day);
    const holiday = closedIn(civilFromDays(day)[0]).get(day);
    if (holiday !== undefined) return wd >= 5 ? `a ${WEEKDAY_NAMES[wd]} (${holiday})` : holiday;
    return wd >= 5 ? `a ${WEEKDAY_NAMES[wd]}` : '';
  };
  return {
    lastFilingDay(day) {
      let d = day;
      while (whyClosed(d) !== '') d++;
      return d;
    },
    whyClosed,
  };
}

/** " (the period's last day, 2026-11-28, was a Saturday; rolled forward to 2026-11-30 under Rule 20.01(a))", or '' when not moved. */
export function rollNote(court: CourtCalendar, lastDay: number, rolled: number): string {
  if (rolled === lastDay) return '';
  return ` (the period's last day, ${formatIsoDay(lastDay)}, was ${court.whyClosed(lastDay)}; it runs until ${formatIsoDay(rolled)}, the next day that is neither a weekend day nor a legal holiday: Rule 20.01(a), RSMo 1.040)`;
}
