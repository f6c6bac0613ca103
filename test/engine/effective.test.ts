import { expect } from 'chai';
import { HolidayCalendar } from '../../src/engine/calendar-schema';
import { type Effective, effectiveOrderProblems, inForce, isInForce } from '../../src/engine/effective';
import { RetentionSchedule } from '../../src/engine/retention-schema';
import { loadRules } from '../../src/rules';

const v = (effectiveFrom: string, effectiveTo: string | null = null, name = effectiveFrom): Effective & { name: string } => ({
  effectiveFrom,
  effectiveTo,
  name,
});

describe('a version in force', () => {
  const versions = [v('2016-08-28'), v('2020-01-01', '2024-01-01'), v('2026-12-01')];

  it('is the latest version that took effect on or before the day', () => {
    expect(inForce(versions, '2016-08-28')?.name).to.equal('2016-08-28');
    expect(inForce(versions, '2019-12-31')?.name).to.equal('2016-08-28');
    expect(inForce(versions, '2020-01-01')?.name).to.equal('2020-01-01');
    expect(inForce(versions, '2027-05-01')?.name).to.equal('2026-12-01');
  });

  it('is none before the first version, nor from the day the latest one ends until a newer one takes effect', () => {
    expect(inForce(versions, '2016-08-27')).to.equal(null);
    expect(inForce(versions, '')).to.equal(null);
    expect(inForce(versions, '2023-12-31')?.name).to.equal('2020-01-01');
    expect(inForce(versions, '2024-01-01')).to.equal(null);
    expect(inForce(versions, '2026-11-30')).to.equal(null);
  });

  it('counts effectiveFrom in and effectiveTo out for a single version', () => {
    const h = v('2022-08-28', '2030-01-01');
    expect([isInForce(h, '2022-08-27'), isInForce(h, '2022-08-28'), isInForce(h, '2029-12-31'), isInForce(h, '2030-01-01')]).to.deep.equal([
      false,
      true,
      true,
      false,
    ]);
  });

  it('refuses a version that ends before it starts, and versions not appended in increasing effectiveFrom order', () => {
    expect(effectiveOrderProblems(versions)).to.deep.equal([]);
    const bad = effectiveOrderProblems([v('2020-01-01', '2020-01-01'), v('2019-01-01'), v('2019-01-01')]);
    expect(bad.map((p) => [p.index, p.field])).to.deep.equal([
      [0, 'effectiveTo'],
      [1, 'effectiveFrom'],
      [2, 'effectiveFrom'],
    ]);
    expect(bad[0]!.message).to.contain('effectiveTo must be after effectiveFrom');
    expect(bad[1]!.message).to.contain('increasing effectiveFrom order');
  });

  it('is the one check of the retention schedule (per row id) and of the holiday calendar', () => {
    const { documents } = loadRules().ruleSet;
    const schedule = RetentionSchedule.parse(documents['retention.yaml']);
    const first = schedule.rows[0]!;
    const swapped = RetentionSchedule.safeParse({ ...schedule, rows: [...schedule.rows, { ...first, effectiveFrom: '2000-01-01' }] });
    expect(swapped.success).to.equal(false);
    expect(swapped.error?.issues.map((i) => i.message).join('\n')).to.contain(
      `${first.id}: versions must be appended in increasing effectiveFrom order`,
    );

    const calendar = HolidayCalendar.parse(documents['holidays.yaml']);
    const ended = HolidayCalendar.safeParse({
      ...calendar,
      holidays: [{ ...calendar.holidays[0]!, effectiveTo: calendar.holidays[0]!.effectiveFrom }, ...calendar.holidays.slice(1)],
    });
    expect(ended.success).to.equal(false);
    expect(ended.error?.issues[0]?.path).to.deep.equal(['holidays', 0, 'effectiveTo']);
  });

  it('reads an omitted effectiveTo of a release rule version as null, like the schedule and the calendar', () => {
    for (const r of loadRules().ruleSet.release)
      for (const x of r.versions) expect(x.effectiveTo === null || typeof x.effectiveTo === 'string').to.equal(true);
  });
});
