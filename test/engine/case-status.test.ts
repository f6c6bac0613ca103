import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { caseStatusCore, deriveCaseStatus } from '../../src/engine/case-status';
import { parseIsoDay } from '../../src/engine/day-math';
import type { z } from 'zod';
import {
  CASE_EVENT_TYPES,
  CaseFacts,
  CaseLimitation,
  CaseStatus,
  OFFENSE_CLASSES,
  type AppealCourt,
  type AppealResult,
  type CaseEventType,
} from '../../src/engine/facts';
import { LEGAL_ZONE } from '../../src/engine/legal-time';
import { loadRuleSet } from '../../src/rules/load';
import { HolidayCalendar } from '../../src/engine/calendar-schema';
import { createCourtCalendar } from '../../src/engine/court-days';

const ruleSet = loadRuleSet('rules/missouri');
const params = ruleSet.parameters.versions[0]!;
const court = createCourtCalendar(HolidayCalendar.parse(ruleSet.documents['holidays.yaml']).holidays, params.courtDays);
const at = (date: string, time = '12:00'): DateTime => DateTime.fromISO(`${date}T${time}`, { zone: LEGAL_ZONE });

type Ev = [
  type: CaseEventType,
  date: string,
  defendantId?: string | null,
  extra?: { recordedAt?: string; supersedes?: string; id?: string; result?: AppealResult; court?: AppealCourt },
];

let seq = 0;
function kase(
  fields: {
    offenseClass?: CaseFacts['offenseClass'];
    offenseDate?: string | null;
    defendants?: string[];
    juvenile?: boolean;
    limitation?: z.input<typeof CaseLimitation>;
  },
  events: Ev[] = [],
): CaseFacts {
  return CaseFacts.parse({
    caseNumber: `KC-T-${++seq}`,
    offenseClass: fields.offenseClass === undefined ? 'felony' : fields.offenseClass,
    offenseDate: fields.offenseDate === undefined ? '2025-01-10' : fields.offenseDate,
    juvenile: fields.juvenile ?? false,
    limitation: fields.limitation ?? null,
    defendants: (fields.defendants ?? ['D1']).map((defendantId) => ({ defendantId })),
    events: events.map(([type, date, defendantId, extra], i) => ({
      id: extra?.id ?? `e${i + 1}`,
      type,
      date,
      defendantId: defendantId === undefined ? null : defendantId,
      result: extra?.result ?? null,
      court: extra?.court ?? null,
      recordedAt: extra?.recordedAt ?? `${date}T09:00:00-06:00`,
      supersedes: extra?.supersedes ?? null,
    })),
  });
}
const status = (c: CaseFacts, asOf: string, knownAt?: DateTime): CaseStatus => deriveCaseStatus(c, at(asOf), params, court, knownAt);

const FELONY_3Y = { basis: '556.036.2(1)', period: { years: 3 } } as const;
const MISD_1Y = { basis: '556.036.2(2)', period: { years: 1 } } as const;
const INFR_6M = { basis: '556.036.2(3)', period: { months: 6 } } as const;

describe('deriveCaseStatus', () => {
  describe('(a) declined to pursue', () => {
    it('is inactive from the declination date', () => {
      const s = status(kase({}, [['declined', '2025-02-01']]), '2025-03-01');
      expect(s).to.include({ inactive: true, inactiveSince: '2025-02-01', inactiveGround: 'declined', reviewAt: null });
      expect(s.reasons[0]?.citation).to.contain('610.100.1(3)(a)');
    });

    it('is active again from a later reopening, with review when the limitation period runs', () => {
      const c = kase({ offenseDate: '2025-01-10' }, [
        ['declined', '2025-02-01'],
        ['reopened', '2025-03-01'],
      ]);
      expect(status(c, '2025-02-28')).to.include({ inactive: true, inactiveGround: 'declined' });
      expect(status(c, '2025-03-01')).to.include({ inactive: false, reviewAt: '2028-01-11' });
    });

    it('is revived by a charge filed after the declination', () => {
      const s = status(
        kase({}, [
          ['declined', '2025-02-01'],
          ['charged', '2025-02-10', 'D1'],
        ]),
        '2025-03-01',
      );
      expect(s).to.include({ inactive: false, reviewAt: null });
    });
  });

  describe('(b) time to file charges has run', () => {
    it('keeps an uncharged felony active on the last day of 3 years and inactive the next day', () => {
      const c = kase({ offenseClass: 'felony', offenseDate: '2023-05-01', limitation: FELONY_3Y });
      expect(status(c, '2026-05-01')).to.include({ inactive: false, reviewAt: '2026-05-02' });
      expect(status(c, '2026-05-02')).to.include({ inactive: true, inactiveSince: '2026-05-02', inactiveGround: 'limitation_period' });
    });

    it('runs 1 year for misdemeanors and 6 months for infractions', () => {
      // 2026-02-28 is a Saturday: the last filing day rolls to Monday 03-02 (Rule 20.01(a)).
      expect(status(kase({ offenseClass: 'misdemeanor', offenseDate: '2025-03-31', limitation: MISD_1Y }), '2026-04-01')).to.include({
        inactive: true,
        inactiveSince: '2026-04-01',
      });
      expect(status(kase({ offenseClass: 'infraction', offenseDate: '2025-08-31', limitation: INFR_6M }), '2026-03-02')).to.include({
        inactive: false,
        reviewAt: '2026-03-03',
      });
      expect(status(kase({ offenseClass: 'infraction', offenseDate: '2025-08-31', limitation: INFR_6M }), '2026-03-03')).to.include({
        inactive: true,
        inactiveGround: 'limitation_period',
      });
    });

    it('gives murder and class A felonies only the ten-year branch', () => {
      for (const offenseClass of ['murder', 'class_a_felony'] as const) {
        const c = kase({ offenseClass, offenseDate: '2016-05-01' });
        expect(status(c, '2026-05-01'), offenseClass).to.include({ inactive: false, reviewAt: '2026-05-02' });
        expect(status(c, '2026-05-02'), offenseClass).to.include({
          inactive: true,
          inactiveGround: 'ten_years',
          inactiveSince: '2026-05-02',
        });
      }
    });

    it('does not apply while a charge is pending, even past the limitation period', () => {
      const s = status(kase({ offenseClass: 'misdemeanor', offenseDate: '2023-01-10' }, [['charged', '2023-02-01', 'D1']]), '2026-05-01');
      expect(s).to.include({ inactive: false, reviewAt: null });
    });

    it('runs again only from the termination of every charge, never before it', () => {
      const c = kase({ offenseClass: 'misdemeanor', offenseDate: '2024-03-01', limitation: MISD_1Y }, [
        ['charged', '2024-03-02', 'D1'],
        ['dismissed', '2025-09-01', 'D1'],
      ]);
      expect(status(c, '2025-10-01')).to.include({
        inactive: true,
        inactiveSince: '2025-09-01',
        terminated: true,
        terminatedSince: '2025-09-01',
      });
    });

    it('asks for the offense class of an uncharged case and names the ten-year date as review', () => {
      const s = status(kase({ offenseClass: null, offenseDate: '2025-01-10' }), '2026-05-01');
      expect(s).to.include({ inactive: 'unknown', reviewAt: '2035-01-11' });
      expect(s.missingFacts).to.deep.equal(['offenseClass']);
    });

    it('needs no offense class once ten years have passed since the offense', () => {
      expect(status(kase({ offenseClass: null, offenseDate: '2016-01-10' }), '2026-05-01')).to.include({
        inactive: true,
        inactiveGround: 'ten_years',
      });
    });

    it('asks for the offense date of an uncharged case', () => {
      expect(status(kase({ offenseDate: null }), '2026-05-01').missingFacts).to.deep.equal(['offenseDate']);
    });

    it('ignores a missing offense class when a charge is pending', () => {
      expect(status(kase({ offenseClass: null, offenseDate: null }, [['charged', '2025-02-01', 'D1']]), '2026-05-01')).to.include({
        inactive: false,
      });
    });
  });

  describe('(c) convictions final', () => {
    const sentenced = kase({}, [
      ['charged', '2025-02-01', 'D1'],
      ['convicted', '2026-03-10', 'D1'],
      ['sentenced', '2026-04-21', 'D1'],
    ]);

    it('is not final on day 10 after sentencing and reviews on day 11', () => {
      expect(status(sentenced, '2026-05-01')).to.include({ inactive: false, reviewAt: '2026-05-02' });
    });

    it('is final from day 11 after sentencing when no appeal was filed', () => {
      expect(status(sentenced, '2026-05-02')).to.include({
        inactive: true,
        inactiveSince: '2026-05-02',
        inactiveGround: 'convictions_final',
      });
    });

    it('stays active without a review date while an appeal is pending, and is final at the mandate after an affirmance', () => {
      const c = kase({}, [
        ['charged', '2025-02-01', 'D1'],
        ['convicted', '2026-03-10', 'D1'],
        ['sentenced', '2026-04-21', 'D1'],
        ['appeal_filed', '2026-04-28', 'D1'],
        ['appeal_decided', '2026-09-15', 'D1', { result: 'affirmed', court: 'court_of_appeals' }],
        ['mandate_issued', '2026-10-08', 'D1'],
      ]);
      expect(status(c, '2026-06-01')).to.include({ inactive: false, reviewAt: null });
      expect(status(c, '2026-09-15')).to.include({ inactive: false, reviewAt: '2026-10-16' });
      expect(status(c, '2026-10-08')).to.include({ inactive: true, inactiveSince: '2026-10-08' });
    });

    it('is final after the transfer window when no mandate is recorded, rolled past a weekend', () => {
      // Opinion Tue 2026-09-01 + 30 days = Thu 10-01; opinion Fri 2026-10-02 + 30 = Sun 11-01, rolled to Mon 11-02.
      const a = kase({}, [
        ['convicted', '2026-01-10', 'D1'],
        ['sentenced', '2026-01-20', 'D1'],
        ['appeal_filed', '2026-01-25', 'D1'],
        ['appeal_decided', '2026-09-01', 'D1', { result: 'dismissed', court: 'court_of_appeals' }],
      ]);
      expect(status(a, '2026-10-01')).to.include({ inactive: false, reviewAt: '2026-10-02' });
      expect(status(a, '2026-10-02')).to.include({ inactive: true, inactiveSince: '2026-10-02' });
      const b = kase({}, [
        ['convicted', '2026-01-10', 'D1'],
        ['sentenced', '2026-01-20', 'D1'],
        ['appeal_filed', '2026-01-25', 'D1'],
        ['appeal_decided', '2026-10-02', 'D1', { result: 'affirmed', court: 'court_of_appeals' }],
      ]);
      expect(status(b, '2026-11-02')).to.include({ inactive: false, reviewAt: '2026-11-03' });
    });

    it('waits for the certiorari period after a Supreme Court of Missouri decision, and says so when the opt-in does not (counsel review 15)', () => {
      const evs: Ev[] = [
        ['convicted', '2026-01-10', 'D1'],
        ['sentenced', '2026-01-20', 'D1'],
        ['appeal_filed', '2026-01-25', 'D1'],
        ['appeal_decided', '2026-03-02', 'D1', { result: 'affirmed', court: 'supreme_court_mo' }],
        ['mandate_issued', '2026-03-02', 'D1'],
      ];
      const c = kase({}, evs);
      const s = status(c, '2026-03-10');
      expect(s).to.include({ inactive: false, reviewAt: '2026-06-02' });
      expect(s.reasons.map((r) => r.text).join(' ')).to.contain('certiorari period (90 days, U.S. Sup. Ct. R. 13)');
      const noWait = { ...params, certiorari: { ...params.certiorari, wait: false } };
      const opt = deriveCaseStatus(kase({}, evs), at('2026-03-10'), noWait, court);
      expect(opt).to.include({ inactive: true, inactiveSince: '2026-03-02', inactiveGround: 'convictions_final' });
      expect(opt.reasons.map((r) => r.text).join(' ')).to.contain('opt-in parameter certiorari.wait false');
    });

    it('keeps the appeal pending while a Rule 84.17 motion is undecided and then runs the later window (counsel review 14)', () => {
      const base: Ev[] = [
        ['convicted', '2024-06-01', 'D1'],
        ['sentenced', '2024-07-01', 'D1'],
        ['appeal_filed', '2024-07-08', 'D1'],
        ['appeal_decided', '2025-05-06', 'D1', { result: 'affirmed', court: 'court_of_appeals' }],
        ['post_disposition_motion', '2025-05-15', 'D1'],
      ];
      expect(status(kase({}, base), '2025-06-10')).to.include({ inactive: false, reviewAt: null });
      const ruled = kase({}, [...base, ['post_disposition_overruled', '2025-06-01', 'D1']]);
      expect(status(ruled, '2025-06-16')).to.include({ inactive: false, reviewAt: '2025-06-17' });
      expect(status(ruled, '2025-06-17')).to.include({ inactive: true, inactiveSince: '2025-06-17' });
    });

    it('makes a reversed or remanded defendant pending again and asks for the result of a decision stored without one', () => {
      for (const result of ['reversed', 'remanded'] as const) {
        const c = kase({}, [
          ['convicted', '2026-01-10', 'D1'],
          ['sentenced', '2026-01-20', 'D1'],
          ['appeal_filed', '2026-01-25', 'D1'],
          ['appeal_decided', '2026-04-01', 'D1', { result }],
        ]);
        expect(status(c, '2026-12-01'), result).to.include({ inactive: false, reviewAt: null });
      }
      const legacy = kase({}, [
        ['convicted', '2026-01-10', 'D1'],
        ['sentenced', '2026-01-20', 'D1'],
        ['appeal_filed', '2026-01-25', 'D1'],
        ['appeal_decided', '2026-04-01', 'D1'],
      ]);
      expect(status(legacy, '2026-12-01').missingFacts).to.deep.equal(['events.appeal_result[D1]']);
    });

    it('stays active after a decided appeal when a further appeal is filed', () => {
      const c = kase({}, [
        ['convicted', '2026-01-10', 'D1'],
        ['sentenced', '2026-01-20', 'D1'],
        ['appeal_filed', '2026-01-25', 'D1'],
        ['appeal_decided', '2026-04-01', 'D1', { result: 'affirmed', court: 'court_of_appeals' }],
        ['appeal_filed', '2026-04-10', 'D1'],
      ]);
      expect(status(c, '2026-05-01')).to.include({ inactive: false, reviewAt: null });
    });

    it('accepts a conviction recorded final by the prosecutor without a sentencing date', () => {
      expect(
        status(
          kase({}, [
            ['convicted', '2026-01-10', 'D1'],
            ['conviction_final', '2026-02-10', 'D1'],
          ]),
          '2026-03-01',
        ),
      ).to.include({ inactive: true, inactiveSince: '2026-02-10' });
    });

    it('requires every convicted defendant to be final and reviews when the last window closes', () => {
      const c = kase({ defendants: ['A', 'B'] }, [
        ['convicted', '2026-03-01', 'A'],
        ['sentenced', '2026-03-05', 'A'],
        ['convicted', '2026-03-01', 'B'],
        ['sentenced', '2026-04-25', 'B'],
      ]);
      expect(status(c, '2026-05-01')).to.include({ inactive: false, reviewAt: '2026-05-06' });
      expect(status(c, '2026-05-06')).to.include({ inactive: true, inactiveSince: '2026-05-06' });
    });

    it('stays active while one defendant is convicted and final and another is still awaiting trial', () => {
      const c = kase({ defendants: ['A', 'B'] }, [
        ['charged', '2025-02-01', 'A'],
        ['charged', '2025-02-01', 'B'],
        ['convicted', '2026-01-01', 'A'],
        ['conviction_final', '2026-02-01', 'A'],
      ]);
      expect(status(c, '2026-05-01')).to.include({ inactive: false });
    });

    it('needs review when a conviction has no sentencing recorded', () => {
      const s = status(
        kase({}, [
          ['charged', '2025-02-01', 'D1'],
          ['convicted', '2026-01-10', 'D1'],
        ]),
        '2026-05-01',
      );
      expect(s).to.include({ inactive: 'unknown' });
      expect(s.missingFacts).to.deep.equal(['events.sentenced[D1]']);
    });
  });

  describe('2026-12 review: declinations after a charge (A1)', () => {
    it('ignores a declination naming an uncharged co-suspect and keeps the charged case active', () => {
      const c = kase({ defendants: ['D1', 'D2'] }, [
        ['charged', '2025-02-01', 'D1'],
        ['declined', '2025-03-01', 'D2'],
      ]);
      expect(status(c, '2025-06-01')).to.include({ inactive: false, inactiveGround: null });
    });

    it('asks for the disposition of a charged defendant when the case is declined after the charge, and accepts a nolle prosequi entered later', () => {
      const declined = kase({}, [
        ['charged', '2025-02-01', 'D1'],
        ['declined', '2025-03-01'],
      ]);
      expect(status(declined, '2025-06-01')).to.include({ inactive: 'unknown' });
      expect(status(declined, '2025-06-01').missingFacts).to.deep.equal(['events.disposition[D1]']);
      const dropped = kase({}, [
        ['charged', '2025-02-01', 'D1'],
        ['declined', '2025-03-01'],
        ['nolle_prosequi', '2025-03-05', 'D1'],
      ]);
      expect(status(dropped, '2025-06-01')).to.include({ terminated: true, terminatedSince: '2025-03-05' });
    });

    it('still makes an uncharged case inactive from a case-wide declination', () => {
      expect(status(kase({}, [['declined', '2025-03-01']]), '2025-03-02')).to.include({ inactive: true, inactiveGround: 'declined' });
    });
  });

  describe('2026-12 review: limitation record (A4) and court days (A3)', () => {
    it('asks for the limitation of a class-only felony once three years have run, and reviews on that day before', () => {
      const c = kase({ offenseClass: 'felony', offenseDate: '2021-03-10' });
      expect(status(c, '2024-03-01')).to.include({ inactive: false, reviewAt: '2024-03-12' });
      expect(status(c, '2024-03-12').missingFacts).to.deep.equal(['limitation']);
      expect(status(c, '2031-03-12')).to.include({ inactive: true, inactiveGround: 'ten_years' });
    });

    it('refuses a limitation record whose period contradicts its basis, or whose basis does not fit the class', () => {
      const period = kase({
        offenseClass: 'felony',
        offenseDate: '2024-01-10',
        limitation: { basis: '556.036.2(1)', period: { years: 1 } },
      });
      expect(status(period, '2025-06-01').missingFacts).to.deep.equal(['limitation.period']);
      const basis = kase({
        offenseClass: 'murder',
        offenseDate: '2024-01-10',
        limitation: { basis: '556.036.2(1)', period: { years: 3 } },
      });
      expect(status(basis, '2025-06-01').missingFacts).to.deep.equal(['limitation.basis']);
      const other = kase({ offenseClass: 'felony', offenseDate: '2024-01-10', limitation: { basis: 'other', period: { years: 3 } } });
      expect(status(other, '2025-06-01').missingFacts).to.deep.equal(['limitation.explanation']);
    });

    it('adds the 556.036.3 extension and the tolled days, then rolls the last day forward past a weekend', () => {
      // 2021-06-13 + 3 + 2 years = Saturday 2026-06-13, rolled to Monday 06-15.
      const c = kase({
        offenseClass: 'felony',
        offenseDate: '2021-06-13',
        limitation: { basis: '556.036.2(1)', period: { years: 3 }, extensionYears: 2 },
      });
      expect(status(c, '2026-06-15')).to.include({ inactive: false, reviewAt: '2026-06-16', timeToFileEnds: '2026-06-16' });
      const t = kase({
        offenseClass: 'misdemeanor',
        offenseDate: '2025-01-10',
        limitation: { basis: '556.036.2(2)', period: { years: 1 }, tolledDays: 10 },
      });
      expect(status(t, '2026-01-20')).to.include({ inactive: false, reviewAt: '2026-01-21' });
    });

    it('skips the Friday before a Saturday holiday only under courtDays non_filing', () => {
      // Independence Day 2026 is a Saturday: Friday 07-03 is skipped, so three years from 2023-07-03 run to Monday 07-06.
      const c = kase({ offenseClass: 'felony', offenseDate: '2023-07-03', limitation: { basis: '556.036.2(1)', period: { years: 3 } } });
      expect(status(c, '2026-07-06')).to.include({ inactive: false, reviewAt: '2026-07-07' });
      const filing = { ...params, courtDays: { ...params.courtDays, saturdayHolidayFriday: 'filing' as const } };
      const fridayCourt = createCourtCalendar(HolidayCalendar.parse(ruleSet.documents['holidays.yaml']).holidays, filing.courtDays);
      expect(deriveCaseStatus(c, at('2026-07-04'), filing, fridayCourt)).to.include({ inactive: true, inactiveSince: '2026-07-04' });
    });
  });

  describe("counsel review finding 10: Juneteenth 2022 on the courts' calendar", () => {
    it("rolls a court deadline ending on Monday 2022-06-20 forward to Tuesday, naming the courts' closure, although the day is not yet a 9.010 holiday", () => {
      const monday = parseIsoDay('2022-06-20');
      expect(court.lastFilingDay(monday)).to.equal(monday + 1);
      expect(court.whyClosed(monday)).to.contain('courts closed');
      const without = createCourtCalendar(HolidayCalendar.parse(ruleSet.documents['holidays.yaml']).holidays, {
        ...params.courtDays,
        closures: [],
      });
      expect(without.lastFilingDay(monday)).to.equal(monday);
    });
  });

  describe('2026-12 review: certification (A10) and the ten-year branch while charged (A19)', () => {
    it('ends the juvenile closure of a certified child and keeps it for a child not certified', () => {
      const one = kase({}, [
        ['juvenile_petition', '2025-02-01', 'D1'],
        ['certified_adult', '2025-03-01', 'D1'],
      ]);
      expect(status(one, '2025-02-15').reasons.length).to.be.greaterThan(0);
      const core = (c: CaseFacts, d: string) => caseStatusCore(c, parseIsoDay(d), Infinity, params, court);
      expect(core(one, '2025-02-15').juvenile).to.equal(true);
      expect(core(one, '2025-03-01').juvenile).to.equal(false);
      const two = kase({ defendants: ['D1', 'D2'] }, [
        ['juvenile_petition', '2025-02-01', 'D1'],
        ['juvenile_petition', '2025-02-01', 'D2'],
        ['certified_adult', '2025-03-01', 'D1'],
      ]);
      expect(core(two, '2025-06-01').juvenile).to.equal(true);
    });

    it('scopes the juvenile closure to the child only under the opt-in juvenileClosureScope child', () => {
      const mixed = kase({ defendants: ['ADULT', 'CHILD'] }, [
        ['juvenile_petition', '2025-02-01', 'CHILD'],
        ['charged', '2025-02-02', 'ADULT'],
      ]);
      expect(caseStatusCore(mixed, parseIsoDay('2025-06-01'), Infinity, params, court).juvenile).to.equal(true);
      const child = { ...params, juvenileClosureScope: { ...params.juvenileClosureScope, scope: 'child' as const } };
      expect(caseStatusCore(mixed, parseIsoDay('2025-06-01'), Infinity, child, court).juvenile).to.equal(false);
    });

    it('names the 556.036.6 tolling basis, and with tolling ongoing lets only the ten-year branch run (counsel review 16)', () => {
      const tolled = kase({ offenseDate: '2020-03-02', limitation: { ...FELONY_3Y, tolledDays: 30, tollingBasis: 'concealment' } });
      expect(
        status(tolled, '2023-05-01')
          .reasons.map((r) => r.text)
          .join(' '),
      ).to.contain('tolled 30 days (556.036.6: accused concealing himself)');
      const ongoing = kase({
        offenseDate: '2020-03-02',
        limitation: { ...FELONY_3Y, tolledDays: 30, tollingOngoing: true, tollingBasis: 'absence' },
      });
      const s = status(ongoing, '2026-06-01');
      expect(s).to.include({ inactive: false, reviewAt: '2030-03-05', timeToFileEnds: '2030-03-05' });
      expect(s.reasons.map((r) => r.text).join(' ')).to.contain(
        'not running while tolling continues (556.036.6: accused absent from the state)',
      );
      expect(status(ongoing, '2030-03-05')).to.include({ inactive: true, inactiveGround: 'ten_years' });
    });

    it('sends absence tolling beyond three years, or more absence than tolled days, to review (counsel review 16)', () => {
      const over = kase({ offenseDate: '2018-03-01', limitation: { ...FELONY_3Y, tolledDays: 1100, absenceDays: 1100 } });
      expect(status(over, '2024-06-01')).to.include({ inactive: 'unknown' });
      expect(status(over, '2024-06-01').missingFacts).to.deep.equal(['limitation.absenceDays']);
      const atCap = kase({ offenseDate: '2018-03-01', limitation: { ...FELONY_3Y, tolledDays: 1096, absenceDays: 1096 } });
      expect(status(atCap, '2024-06-01')).to.include({ inactive: true, inactiveGround: 'limitation_period' });
      const inconsistent = kase({ offenseDate: '2018-03-01', limitation: { ...FELONY_3Y, tolledDays: 10, absenceDays: 20 } });
      expect(status(inconsistent, '2024-06-01').missingFacts).to.deep.equal(['limitation.absenceDays']);
    });

    it('keeps a charged murder active past ten years by default and makes it inactive under the opt-in tenYearsWhileCharged', () => {
      const c = kase({ offenseClass: 'murder', offenseDate: '2014-01-01' }, [['charged', '2023-05-01', 'D1']]);
      expect(status(c, '2026-06-01')).to.include({ inactive: false, reviewAt: null });
      const literal = { ...params, tenYearsWhileCharged: { ...params.tenYearsWhileCharged, apply: true } };
      const s = deriveCaseStatus(c, at('2026-06-01'), literal, court);
      // Ten years end on New Year's Day 2024 (a Monday), so the period runs through 01-02.
      expect(s).to.include({ inactive: true, inactiveGround: 'ten_years', inactiveSince: '2024-01-03' });
      expect(s.reasons.map((r) => r.text).join(' ')).to.contain('tenYearsWhileCharged');
      expect(deriveCaseStatus(c, at('2023-06-01'), literal, court)).to.include({ inactive: false, reviewAt: '2024-01-03' });
    });
  });

  describe('610.105 termination', () => {
    it('is terminated when every charged defendant is nolle prossed, dismissed or acquitted', () => {
      const c = kase({ defendants: ['A', 'B', 'C'] }, [
        ['charged', '2025-02-01', 'A'],
        ['charged', '2025-02-01', 'B'],
        ['charged', '2025-02-01', 'C'],
        ['nolle_prosequi', '2025-05-01', 'A'],
        ['dismissed', '2025-06-01', 'B'],
        ['acquitted', '2025-07-01', 'C'],
      ]);
      expect(status(c, '2025-08-01')).to.include({ terminated: true, terminatedSince: '2025-07-01' });
    });

    it('is not terminated while any charged defendant is still pending', () => {
      const c = kase({ defendants: ['A', 'B'] }, [
        ['charged', '2025-02-01', 'A'],
        ['charged', '2025-02-01', 'B'],
        ['nolle_prosequi', '2025-05-01', 'A'],
      ]);
      expect(status(c, '2025-08-01')).to.include({ terminated: false, terminatedSince: null, inactive: false });
    });

    it('is not terminated when nothing was ever charged', () => {
      expect(status(kase({}, [['declined', '2025-02-01']]), '2025-08-01')).to.include({ terminated: false });
    });

    it('counts an SIS only once probation is completed and needs review while it runs', () => {
      const c = kase({}, [
        ['charged', '2025-02-01', 'D1'],
        ['sis', '2025-04-01', 'D1'],
        ['probation_completed', '2026-04-01', 'D1'],
      ]);
      const running = status(c, '2026-03-31');
      expect(running).to.include({ terminated: false, inactive: 'unknown' });
      expect(running.missingFacts).to.deep.equal(['events.probation_completed[D1]']);
      expect(status(c, '2026-04-01')).to.include({ terminated: true, terminatedSince: '2026-04-01' });
    });

    it('needs review for a mix of acquittal and final conviction', () => {
      const c = kase({ defendants: ['A', 'B'] }, [
        ['acquitted', '2025-05-01', 'A'],
        ['convicted', '2025-05-01', 'B'],
        ['conviction_final', '2025-07-01', 'B'],
      ]);
      const s = status(c, '2025-08-01');
      expect(s).to.include({ inactive: 'unknown', terminated: false });
      expect(s.missingFacts).to.deep.equal(['disposition.mixed']);
    });

    it('treats a conviction after an acquittal of the same defendant as contradictory', () => {
      const s = status(
        kase({}, [
          ['acquitted', '2025-05-01', 'D1'],
          ['convicted', '2025-06-01', 'D1'],
          ['conviction_final', '2025-07-01', 'D1'],
        ]),
        '2025-08-01',
      );
      expect(s.missingFacts).to.deep.equal(['events.disposition[D1]']);
    });
  });

  describe('bitemporal reading', () => {
    const c = kase({}, [['declined', '2025-02-01', null, { recordedAt: '2025-03-15T09:00:00-05:00' }]]);

    it('ignores events recorded after knownAt', () => {
      expect(status(c, '2025-03-01', at('2025-03-10'))).to.include({ inactive: false });
      expect(status(c, '2025-03-01', at('2025-03-20'))).to.include({ inactive: true, inactiveSince: '2025-02-01' });
    });

    it('reads every recorded event when knownAt is omitted', () => {
      expect(status(c, '2025-03-01')).to.include({ inactive: true });
    });

    it('ignores events dated after asOf', () => {
      expect(status(c, '2025-01-31')).to.include({ inactive: false });
    });

    it('ignores an event superseded by a known correction, but not before the correction is known', () => {
      const corrected = kase({}, [
        ['declined', '2025-02-01', null, { id: 'wrong' }],
        ['charged', '2025-02-01', 'D1', { id: 'fix', supersedes: 'wrong', recordedAt: '2025-04-01T09:00:00-05:00' }],
      ]);
      expect(status(corrected, '2025-05-01')).to.include({ inactive: false });
      expect(status(corrected, '2025-05-01', at('2025-03-01'))).to.include({ inactive: true, inactiveGround: 'declined' });
    });

    it('applies a correction that changes an event date', () => {
      const moved = kase({}, [
        ['sentenced', '2026-04-01', 'D1', { id: 's1' }],
        ['convicted', '2026-03-01', 'D1', { id: 'c1' }],
        ['sentenced', '2026-04-21', 'D1', { id: 's2', supersedes: 's1', recordedAt: '2026-04-22T09:00:00-05:00' }],
      ]);
      expect(status(moved, '2026-04-25')).to.include({ inactive: false, reviewAt: '2026-05-02' });
    });
  });

  it('maps events with no defendant to the only listed defendant', () => {
    const s = status(
      kase({}, [
        ['charged', '2025-02-01', null],
        ['nolle_prosequi', '2025-04-01', null],
      ]),
      '2025-05-01',
    );
    expect(s).to.include({ terminated: true });
  });

  it('returns the same status for the same inputs, whether memoised or not', () => {
    const c = kase({}, [
      ['charged', '2025-02-01', 'D1'],
      ['convicted', '2026-03-10', 'D1'],
      ['sentenced', '2026-04-21', 'D1'],
    ]);
    const first = JSON.stringify(status(c, '2026-05-01'));
    status(c, '2026-06-01');
    expect(JSON.stringify(status(c, '2026-05-01'))).to.equal(first);
    expect(JSON.stringify(status(structuredClone(c), '2026-05-01'))).to.equal(first);
  });

  it('always satisfies the contract: valid shape, dates on the right side of asOf, no missing facts when inactive', () => {
    const day = (n: number): string => DateTime.fromISO('2020-01-01').plus({ days: n }).toISODate()!;
    const event = fc.record({
      type: fc.constantFrom(...CASE_EVENT_TYPES),
      day: fc.integer({ min: 0, max: 3000 }),
      def: fc.constantFrom('A', 'B', null),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...OFFENSE_CLASSES, null),
        fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
        fc.array(event, { maxLength: 8 }),
        fc.integer({ min: 0, max: 4000 }),
        (offenseClass, offenseDay, evs, asOfDay) => {
          const c = kase(
            { offenseClass, offenseDate: offenseDay === null ? null : day(offenseDay), defendants: ['A', 'B'] },
            evs.map((e): Ev => [e.type, day(e.day), e.def]),
          );
          const s = status(c, day(asOfDay));
          expect(CaseStatus.safeParse(s).success).to.equal(true);
          if (s.inactiveSince !== null) expect(s.inactiveSince <= day(asOfDay)).to.equal(true);
          if (s.terminatedSince !== null) expect(s.terminatedSince <= day(asOfDay)).to.equal(true);
          if (s.reviewAt !== null) expect(s.reviewAt > day(asOfDay)).to.equal(true);
          if (s.inactive === true) expect(s.missingFacts).to.deep.equal([]);
          if (s.inactive === 'unknown') expect(s.missingFacts.length).to.be.greaterThan(0);
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });
});
