import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import {
  addBusinessDays,
  dueBy,
  explainDueBy,
  holidaysInYear,
  holidaysOn,
  isBusinessDay,
  isLegalHoliday,
  legalHolidaysInYear,
  responseDue,
} from '../../src/engine/business-days';
import { HolidayCalendar, SunshineSchedule } from '../../src/engine/calendar-schema';
import { loadSchedules, parseHolidayCalendar, ScheduleFileError } from '../../src/rules/load-schedules';
import { LEGAL_ZONE } from '../../src/engine/legal-time';

const { holidays: calendar, sunshine } = loadSchedules('rules/missouri');
const day = (iso: string): DateTime => DateTime.fromISO(iso, { zone: LEGAL_ZONE });
const at = (iso: string): DateTime => DateTime.fromISO(iso, { zone: LEGAL_ZONE });
const ymd = (d: DateTime): string => d.setZone(LEGAL_ZONE).toFormat('yyyy-MM-dd');

describe('business-days', () => {
  describe('holiday calendar data', () => {
    it('loads rules/missouri/holidays.yaml with the thirteen state holidays and a verify mark on Juneteenth', () => {
      expect(calendar.holidays).to.have.length(13);
      expect(calendar.holidays.find((h) => h.id === 'juneteenth')?.verify).to.equal(true);
      expect(calendar.holidays.filter((h) => h.verify).map((h) => h.id)).to.deep.equal(['juneteenth']);
    });

    it('rejects a calendar with an impossible date and names the file and field', () => {
      const bad = readFileSync('rules/missouri/holidays.yaml', 'utf8').replace(
        '{ kind: fixed, month: 11, day: 11 }',
        '{ kind: fixed, month: 11, day: 31 }',
      );
      expect(() => parseHolidayCalendar(bad, 'holidays.yaml')).to.throw(
        ScheduleFileError,
        /holidays\.yaml: holidays\[10\]\.rule\.day: month 11 has no day 31/,
      );
    });

    it('rejects YAML that does not parse and says so', () => {
      expect(() => parseHolidayCalendar('holidays: [', 'h.yaml')).to.throw(ScheduleFileError, /h\.yaml: not valid YAML/);
    });
  });

  describe('holidaysInYear', () => {
    it('lists every 2026 state holiday on its observed date in date order', () => {
      expect(holidaysInYear(calendar, 2026).map((h) => `${h.date} ${h.id}`)).to.deep.equal([
        '2026-01-01 new-years-day',
        '2026-01-19 martin-luther-king-jr-day',
        '2026-02-12 lincoln-day',
        '2026-02-16 washingtons-birthday',
        '2026-05-08 truman-day',
        '2026-05-25 memorial-day',
        '2026-06-19 juneteenth',
        '2026-07-04 independence-day',
        '2026-09-07 labor-day',
        '2026-10-12 columbus-day',
        '2026-11-11 veterans-day',
        '2026-11-26 thanksgiving-day',
        '2026-12-25 christmas-day',
      ]);
    });

    it('keeps a Saturday holiday on the Saturday (RSMo 9.010 has no Saturday rule): July 4 2026 stays on July 4 and Friday July 3 is a business day', () => {
      const july4 = holidaysInYear(calendar, 2026).find((h) => h.id === 'independence-day');
      expect(july4).to.include({ date: '2026-07-04', actualDate: '2026-07-04', moved: false });
      expect(isBusinessDay(calendar, day('2026-07-03'))).to.equal(true);
    });

    it('keeps Christmas 2027, a Saturday, on Saturday December 25; Friday December 24 2027 is a business day', () => {
      expect(holidaysInYear(calendar, 2027).find((h) => h.id === 'christmas-day')).to.include({ date: '2027-12-25', moved: false });
      expect(isBusinessDay(calendar, day('2027-12-24'))).to.equal(true);
    });

    it('moves a Saturday holiday to the Friday only under the opt-in observance, citing saturdayCitation', () => {
      const optIn = HolidayCalendar.parse({ ...calendar, observance: { ...calendar.observance, saturday: 'preceding_friday' } });
      const july4 = holidaysInYear(optIn, 2026).find((h) => h.id === 'independence-day');
      expect(july4).to.include({ date: '2026-07-03', actualDate: '2026-07-04', moved: true });
      expect(july4?.movedBy).to.deep.equal({ rule: 'saturday', citation: calendar.observance.saturdayCitation });
      expect(isBusinessDay(optIn, day('2026-07-03'))).to.equal(false);
    });

    it('moves a Sunday holiday to the following Monday: July 4 2027 is observed Monday July 5', () => {
      expect(holidaysInYear(calendar, 2027).find((h) => h.id === 'independence-day')).to.include({ date: '2027-07-05', moved: true });
    });

    it('lists New Year 2028 (a Saturday) under 2028 on Saturday January 1, not on Friday December 31 2027', () => {
      const ny2027 = holidaysInYear(calendar, 2027)
        .filter((h) => h.id === 'new-years-day')
        .map((h) => h.date);
      const ny2028 = holidaysInYear(calendar, 2028)
        .filter((h) => h.id === 'new-years-day')
        .map((h) => h.date);
      expect(ny2027).to.deep.equal(['2027-01-01']);
      expect(ny2028).to.deep.equal(['2028-01-01']);
    });

    it('does not count Juneteenth before its effectiveFrom date: Friday 2020-06-19 is a business day', () => {
      expect(holidaysInYear(calendar, 2020).some((h) => h.id === 'juneteenth')).to.equal(false);
      expect(isBusinessDay(calendar, day('2020-06-19'))).to.equal(true);
      // Juneteenth was not yet a state holiday in 2021: Friday 2021-06-18 is closed only because the
      // one-off executive closure is entered in the unit's closure calendar, with its source (A16).
      expect(holidaysInYear(calendar, 2021).some((h) => h.id === 'juneteenth')).to.equal(false);
      expect(holidaysOn(calendar, day('2021-06-18')).map((h) => [h.kind, h.closureKind])).to.deep.equal([['closure', 'executive_closure']]);
      expect(isBusinessDay(calendar, day('2021-06-18'))).to.equal(false);
      // Juneteenth 2022 (a Sunday) came before the 2022 act took effect on 2022-08-28 (counsel
      // review finding 10): Monday 2022-06-20 is a business day unless the unit enters a closure.
      expect(holidaysInYear(calendar, 2022).some((h) => h.id === 'juneteenth')).to.equal(false);
      expect(isBusinessDay(calendar, day('2022-06-20'))).to.equal(true);
      expect(isBusinessDay(calendar, day('2023-06-19'))).to.equal(false);
    });

    it('drops a holiday on and after its effectiveTo date and adds one-off closures as listed', () => {
      const custom = HolidayCalendar.parse({
        ...calendar,
        holidays: calendar.holidays.map((h) => (h.id === 'columbus-day' ? { ...h, effectiveTo: '2027-01-01' } : h)),
        closures: [{ date: '2026-12-24', name: 'Governor closure', citation: 'Executive Order (example)' }],
      });
      expect(isBusinessDay(custom, day('2026-10-12'))).to.equal(false);
      expect(isBusinessDay(custom, day('2027-10-11'))).to.equal(true);
      expect(isBusinessDay(custom, day('2026-12-24'))).to.equal(false);
      expect(holidaysInYear(custom, 2026).find((h) => h.kind === 'closure')).to.include({ date: '2026-12-24', name: 'Governor closure' });
    });
  });

  describe('isBusinessDay', () => {
    it('treats Saturdays and Sundays as non-business days and ordinary weekdays as business days', () => {
      expect(isBusinessDay(calendar, day('2026-03-07'))).to.equal(false);
      expect(isBusinessDay(calendar, day('2026-03-08'))).to.equal(false);
      for (const d of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']) {
        expect(isBusinessDay(calendar, day(d)), d).to.equal(true);
      }
    });

    const holidays2026: Array<[string, string]> = [
      ["New Year's Day", '2026-01-01'],
      ['Martin Luther King Jr. Day (3rd Monday of January)', '2026-01-19'],
      ['Lincoln Day (February 12)', '2026-02-12'],
      ["Washington's Birthday (3rd Monday of February)", '2026-02-16'],
      ['Truman Day (May 8)', '2026-05-08'],
      ['Memorial Day (last Monday of May)', '2026-05-25'],
      ['Juneteenth (June 19)', '2026-06-19'],
      ['Labor Day (1st Monday of September)', '2026-09-07'],
      ['Columbus Day (2nd Monday of October)', '2026-10-12'],
      ['Veterans Day (November 11)', '2026-11-11'],
      ['Thanksgiving (4th Thursday of November)', '2026-11-26'],
      ['Christmas Day', '2026-12-25'],
    ];
    for (const [name, date] of holidays2026) {
      it(`treats ${name}, ${date}, as a non-business day while the weekday before or after is a business day`, () => {
        expect(isBusinessDay(calendar, day(date))).to.equal(false);
        const neighbour = day(date).weekday === 1 ? day(date).plus({ days: 1 }) : day(date).minus({ days: 1 });
        expect(isBusinessDay(calendar, neighbour), ymd(neighbour)).to.equal(true);
      });
    }

    it('judges the day in America/Chicago even when given a UTC instant', () => {
      // 2026-11-27T03:00Z is still Thanksgiving evening in Kansas City.
      expect(isBusinessDay(calendar, DateTime.fromISO('2026-11-27T03:00:00Z', { zone: 'utc' }))).to.equal(false);
      expect(isBusinessDay(calendar, DateTime.fromISO('2026-11-27T07:00:00Z', { zone: 'utc' }))).to.equal(true);
    });

    it('treats the Friday after Thanksgiving as a business day because RSMo 9.010 does not list it', () => {
      expect(isBusinessDay(calendar, day('2026-11-27'))).to.equal(true);
    });
  });

  describe('addBusinessDays', () => {
    it('skips weekends and holidays, keeps the time of day and returns the same instant for zero', () => {
      const start = at('2026-12-31T10:15');
      expect(addBusinessDays(calendar, start, 1).toISO()).to.equal('2027-01-04T10:15:00.000-06:00');
      expect(addBusinessDays(calendar, start, 0).equals(start)).to.equal(true);
    });

    it('moves backwards for a negative count', () => {
      expect(ymd(addBusinessDays(calendar, at('2026-07-06T09:00'), -1))).to.equal('2026-07-03');
      expect(ymd(addBusinessDays(calendar, at('2026-09-08T09:00'), -1))).to.equal('2026-09-04');
    });

    it('refuses a fractional count', () => {
      expect(() => addBusinessDays(calendar, at('2026-07-06T09:00'), 1.5)).to.throw(RangeError);
    });
  });

  describe('dueBy', () => {
    it('worked example 8: received Friday 2026-11-20 16:00 is due Wednesday 2026-11-25 17:00 America/Chicago', () => {
      const due = explainDueBy(calendar, at('2026-11-20T16:00'), '17:00');
      expect(due.dueAt.toISO()).to.equal('2026-11-25T17:00:00.000-06:00');
      expect(due.dueAt.zoneName).to.equal(LEGAL_ZONE);
      expect(due.effectiveReceiptDate).to.equal('2026-11-20');
      expect(due.countedDays).to.deep.equal(['2026-11-23', '2026-11-24', '2026-11-25']);
      expect(due.reasons.map((r) => r.citation)).to.deep.equal(['RSMo 610.023.3']);
      expect(due.reasons[0]?.text).to.contain('Wednesday 2026-11-25 at 17:00');
    });

    it('uses the Sunshine schedule window and close of business when called through responseDue', () => {
      expect(sunshine.responseWindow).to.include({ businessDays: 3, closeOfBusiness: '17:00', citation: 'RSMo 610.023.3' });
      expect(responseDue(calendar, sunshine, at('2026-11-20T16:00')).dueAt.toISO()).to.equal('2026-11-25T17:00:00.000-06:00');
    });

    it('counts a request received after close of business from the day it was received, as RSMo 610.023.3 reads', () => {
      const due = explainDueBy(calendar, at('2026-03-02T17:30'), '17:00');
      expect(due.receiptDate).to.equal('2026-03-02');
      expect(due.effectiveReceiptDate).to.equal('2026-03-02');
      expect(due.dueAt.toISO()).to.equal('2026-03-05T17:00:00.000-06:00');
      expect(due.lateReceiptApplied).to.equal(false);
      expect(due.ruleIds).to.deep.equal(['SUNSHINE-DUE']);
      expect(due.reasons[0]?.text).to.contain('day 0 is the date it was received, Monday 2026-03-02');
    });

    it('gives a request received at 16:59 and one received at 17:00 the same due date', () => {
      expect(ymd(dueBy(calendar, at('2026-03-02T17:00'), '17:00'))).to.equal('2026-03-05');
      expect(ymd(dueBy(calendar, at('2026-03-02T16:59'), '17:00'))).to.equal('2026-03-05');
    });

    it('counts a request received on a Saturday from the Saturday: due Wednesday', () => {
      const due = explainDueBy(calendar, at('2026-03-07T10:00'), '17:00');
      expect(due.effectiveReceiptDate).to.equal('2026-03-07');
      expect(ymd(due.dueAt)).to.equal('2026-03-11');
      expect(due.skippedDays.map((x) => [x.date, x.kind])).to.deep.equal([['2026-03-08', 'weekend']]);
    });

    it('counts a request received on Thanksgiving from Thanksgiving: due the Tuesday after', () => {
      const due = explainDueBy(calendar, at('2026-11-26T10:00'), '17:00');
      expect(due.effectiveReceiptDate).to.equal('2026-11-26');
      expect(ymd(due.dueAt)).to.equal('2026-12-01');
    });

    it('lists each skipped day with its reason, naming a Sunday holiday moved to Monday and the holiday a weekend day carries', () => {
      const due = explainDueBy(calendar, at('2022-12-23T10:00'), '17:00');
      expect(due.skippedDays.map((x) => [x.date, x.kind, x.citation])).to.deep.equal([
        ['2022-12-24', 'weekend', null],
        ['2022-12-25', 'weekend', null],
        ['2022-12-26', 'holiday', 'RSMo 9.010'],
      ]);
      expect(due.skippedDays[2]?.reason).to.contain('Christmas Day (observed for 2022-12-25, a Sunday: RSMo 9.010)');
      expect(due.skippedDays[1]?.reason).to.contain('Christmas Day falls on it and is observed on 2022-12-26');
    });

    it('counts the Friday before a Saturday holiday and says why the Saturday is not moved: received Thursday 2027-12-23, due Tuesday 2027-12-28', () => {
      const due = explainDueBy(calendar, at('2027-12-23T10:00'), '17:00');
      expect(due.countedDays).to.deep.equal(['2027-12-24', '2027-12-27', '2027-12-28']);
      expect(due.skippedDays.map((x) => [x.date, x.kind])).to.deep.equal([
        ['2027-12-25', 'weekend'],
        ['2027-12-26', 'weekend'],
      ]);
      expect(due.skippedDays[0]?.reason).to.contain('RSMo 9.010 moves only a Sunday holiday');
      expect(due.ruleIds).to.deep.equal(['SUNSHINE-DUE']);
    });

    it('under the opt-in Saturday observance skips the Friday and states the option with its citation', () => {
      const optIn = HolidayCalendar.parse({ ...calendar, observance: { ...calendar.observance, saturday: 'preceding_friday' } });
      const due = explainDueBy(optIn, at('2026-06-30T10:00'), '17:00');
      expect(ymd(due.dueAt)).to.equal('2026-07-06');
      expect(due.ruleIds).to.deep.equal(['SUNSHINE-DUE', 'SUNSHINE-HOLIDAY', 'SUNSHINE-SATURDAY-OBSERVANCE']);
      const r = due.reasons.find((x) => x.ruleId === 'SUNSHINE-SATURDAY-OBSERVANCE');
      expect(r?.citation).to.equal(calendar.observance.saturdayCitation);
      expect(r?.text).to.contain('2026-07-03 not counted');
      expect(ymd(explainDueBy(calendar, at('2026-06-30T10:00'), '17:00').dueAt)).to.equal('2026-07-03');
    });

    it('skips a closure day and names its source as the reason', () => {
      const closed = HolidayCalendar.parse({
        ...calendar,
        closures: [{ date: '2026-07-03', name: 'Records unit closed', citation: 'Closure memo (test)' }],
      });
      const due = explainDueBy(closed, at('2026-06-30T10:00'), '17:00');
      expect(ymd(due.dueAt)).to.equal('2026-07-06');
      expect(due.skippedDays[0]).to.include({ date: '2026-07-03', kind: 'closure', citation: 'Closure memo (test)' });
      expect(due.skippedDays[0]?.reason).to.contain('source: Closure memo (test)');
      expect(due.reasons.find((x) => x.ruleId === 'SUNSHINE-CLOSURE')?.citation).to.equal('Closure memo (test)');
    });

    describe('the opt-in late-receipt policy', () => {
      const policy = {
        enabled: true,
        ruleId: 'SUNSHINE-LATE-RECEIPT',
        citation: 'RSMo 610.023.3 (department policy reading)',
        counselApproval: 'memo 2027-01-01 (test)',
      };

      it('moves day 0 of a request received after close of business to the next business day and says so in the reasons', () => {
        const due = explainDueBy(calendar, at('2026-03-02T17:30'), '17:00', 3, policy);
        expect(due.effectiveReceiptDate).to.equal('2026-03-03');
        expect(due.dueAt.toISO()).to.equal('2026-03-06T17:00:00.000-06:00');
        expect(due.lateReceiptApplied).to.equal(true);
        expect(due.ruleIds).to.deep.equal(['SUNSHINE-DUE', 'SUNSHINE-LATE-RECEIPT']);
        const late = due.reasons.find((r) => r.ruleId === 'SUNSHINE-LATE-RECEIPT');
        expect(late?.text).to.contain('Opt-in late-receipt policy applied (counsel approval: memo 2027-01-01 (test))');
        expect(late?.text).to.contain('Without this policy the statute counts from Monday 2026-03-02');
      });

      it('does nothing when it is present but not enabled', () => {
        const due = explainDueBy(calendar, at('2026-03-07T10:00'), '17:00', 3, { ...policy, enabled: false });
        expect(ymd(due.dueAt)).to.equal('2026-03-11');
        expect(due.lateReceiptApplied).to.equal(false);
      });

      it('cannot be enabled in the Sunshine schedule without a record of counsel approval', () => {
        const w = sunshine.responseWindow;
        const on = {
          ...sunshine,
          responseWindow: { ...w, lateReceiptPolicy: { ...w.lateReceiptPolicy, enabled: true, counselApproval: null } },
        };
        const r = SunshineSchedule.safeParse(on);
        expect(r.success).to.equal(false);
        expect(r.error?.issues[0]?.path).to.deep.equal(['responseWindow', 'lateReceiptPolicy', 'counselApproval']);
      });
    });

    it('skips New Year across the year boundary: received Wednesday 2026-12-30 is due Tuesday 2027-01-05', () => {
      const due = explainDueBy(calendar, at('2026-12-30T10:00'), '17:00');
      expect(due.countedDays).to.deep.equal(['2026-12-31', '2027-01-04', '2027-01-05']);
      expect(due.reasons.find((r) => r.ruleId === 'SUNSHINE-HOLIDAY')?.citation).to.equal('RSMo 9.010');
    });

    it('counts Friday 2027-12-31 (New Year 2028 falls on Saturday): received Thursday 2027-12-30 is due Tuesday 2028-01-04', () => {
      const due = explainDueBy(calendar, at('2027-12-30T09:00'), '17:00');
      expect(due.countedDays).to.deep.equal(['2027-12-31', '2028-01-03', '2028-01-04']);
      expect(due.skippedDays.map((x) => x.date)).to.deep.equal(['2028-01-01', '2028-01-02']);
    });

    it('counts Friday 2027-12-24 (Christmas falls on Saturday): received Wednesday 2027-12-22 after close is due Monday 2027-12-27', () => {
      expect(explainDueBy(calendar, at('2027-12-22T18:00'), '17:00').countedDays).to.deep.equal(['2027-12-23', '2027-12-24', '2027-12-27']);
    });

    it('sets the due time in local time across the daylight-saving change (CST receipt, CDT deadline)', () => {
      expect(dueBy(calendar, at('2026-03-06T09:00'), '17:00').toISO()).to.equal('2026-03-11T17:00:00.000-05:00');
    });

    it('honours a different close of business and refuses a malformed one', () => {
      expect(dueBy(calendar, at('2026-03-02T16:45'), '16:30').toISO()).to.equal('2026-03-05T16:30:00.000-06:00');
      expect(() => dueBy(calendar, at('2026-03-02T10:00'), '5pm')).to.throw(RangeError);
    });

    it('is, for any receipt time from 2024 to 2030, close of business on a business day exactly three business days after the calendar date of receipt', () => {
      fc.assert(
        fc.property(
          fc.date({ min: new Date('2024-01-01T06:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }),
          (js) => {
            const received = DateTime.fromJSDate(js).setZone(LEGAL_ZONE);
            const due = dueBy(calendar, received, '17:00');
            expect(due.zoneName).to.equal(LEGAL_ZONE);
            expect([due.hour, due.minute, due.second, due.millisecond]).to.deep.equal([17, 0, 0, 0]);
            expect(isBusinessDay(calendar, due)).to.equal(true);
            let counted = 0;
            for (let d = received.startOf('day').plus({ days: 1 }); d <= due; d = d.plus({ days: 1 })) {
              if (isBusinessDay(calendar, d)) counted += 1;
            }
            expect(counted).to.equal(3);
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});

describe("business-days: RSMo 9.010 legal holidays apart from the records unit's closures", () => {
  const withUnitCalendar = HolidayCalendar.parse({
    ...calendar,
    closures: [
      ...calendar.closures,
      { date: '2026-07-03', name: 'Independence Day observed', kind: 'observed_friday', citation: 'test closure' },
    ],
    unitOpen: [{ date: '2026-02-12', holidayId: 'lincoln-day', citation: 'test calendar' }],
  });

  it("lists the legal holidays of a year without the unit's closures or open days: Lincoln Day stays, the closed Friday is not one", () => {
    const dates = legalHolidaysInYear(withUnitCalendar, 2026).map((h) => `${h.date} ${h.id}`);
    expect(dates).to.include('2026-02-12 lincoln-day');
    expect(dates).to.include('2026-07-04 independence-day');
    expect(dates.some((d) => d.startsWith('2026-07-03'))).to.equal(false);
    expect(isLegalHoliday(withUnitCalendar, day('2026-02-12'))).to.equal(true);
    expect(isLegalHoliday(withUnitCalendar, day('2026-07-03'))).to.equal(false);
    expect(isBusinessDay(withUnitCalendar, day('2026-02-12'))).to.equal(true);
    expect(isBusinessDay(withUnitCalendar, day('2026-07-03'))).to.equal(false);
  });

  it('moves a Sunday legal holiday to the Monday after and keeps a Saturday one on the Saturday, even with the opt-in Saturday observance on', () => {
    const optIn = HolidayCalendar.parse({ ...calendar, observance: { ...calendar.observance, saturday: 'preceding_friday' } });
    expect(isLegalHoliday(optIn, day('2027-07-05'))).to.equal(true);
    expect(isLegalHoliday(optIn, day('2022-06-20'))).to.equal(false);
    expect(isLegalHoliday(optIn, day('2026-07-03'))).to.equal(false);
    expect(isLegalHoliday(optIn, day('2026-07-04'))).to.equal(true);
    expect(isLegalHoliday(calendar, day('2021-06-18'))).to.equal(false);
  });

  it('refuses a unit-open entry that names a holiday not observed on its date', () => {
    const text = readFileSync('rules/missouri/holidays.yaml', 'utf8').replace(
      'unitOpen: []',
      "unitOpen: [{ date: '2026-02-13', holidayId: lincoln-day, citation: typo }]",
    );
    expect(() => parseHolidayCalendar(text)).to.throw(ScheduleFileError, /lincoln-day is not observed on 2026-02-13/);
  });
});
