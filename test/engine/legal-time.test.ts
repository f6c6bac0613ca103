import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { chicagoStartOfDayIso, daysFromCivil, formatIsoDay, parseIsoInstant } from '../../src/engine/day-math';
import { HH_MM, LEGAL_ZONE, legalDay, legalIso, legalMonth, parseLegalMoment } from '../../src/engine/legal-time';

// The oracle is luxon in the same zone under another of its names: legal-time.ts memoises the
// offsets of the zone object named America/Chicago, and 'US/Central' is a separate object.
const ORACLE = 'US/Central';
const oracle = (d: Date | number): DateTime =>
  typeof d === 'number' ? DateTime.fromMillis(d, { zone: ORACLE }) : DateTime.fromJSDate(d, { zone: ORACLE });
const anyInstant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true });

describe('legal time', () => {
  it('is America/Chicago', () => {
    expect(LEGAL_ZONE).to.equal('America/Chicago');
  });

  it('prints every instant exactly as luxon does in America/Chicago, across daylight-saving changes', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        expect(legalIso(d)).to.equal(oracle(d).toISO());
        expect(legalIso(d, { suppressMilliseconds: true })).to.equal(oracle(d).toISO({ suppressMilliseconds: true }));
        expect(legalDay(d)).to.equal(oracle(d).toFormat('yyyy-MM-dd'));
        expect(legalMonth(d)).to.equal(oracle(d).toFormat('yyyy-MM'));
      }),
      { numRuns: 5000 },
    );
    for (const iso of ['2026-03-08T07:59:59.999Z', '2026-03-08T08:00:00Z', '2026-11-01T06:59:59.999Z', '2026-11-01T07:00:00Z']) {
      expect(legalIso(new Date(iso))).to.equal(oracle(new Date(iso)).toISO());
    }
  });

  it('reads a plain date as the start of that Chicago day, or with the end bound as the start of the next', () => {
    expect(legalIso(parseLegalMoment('2026-03-08'))).to.equal('2026-03-08T00:00:00.000-06:00');
    // The day daylight-saving time begins has 23 hours: the end bound is the next midnight, not 24 h later.
    expect(legalIso(parseLegalMoment('2026-03-08', 'end'))).to.equal('2026-03-09T00:00:00.000-05:00');
    expect(legalIso(parseLegalMoment('2026-11-01', 'end'))).to.equal('2026-11-02T00:00:00.000-06:00');
  });

  it('reads a date-time as the instant it names, whatever the bound', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        const text = d.toISOString();
        expect(parseLegalMoment(text).toMillis()).to.equal(d.getTime());
        expect(parseLegalMoment(text, 'end').toMillis()).to.equal(d.getTime());
        expect(parseLegalMoment(text).zoneName).to.equal(LEGAL_ZONE);
      }),
      { numRuns: 500 },
    );
    expect(parseLegalMoment('2026-07-04T09:30:00+02:00').toMillis()).to.equal(Date.parse('2026-07-04T07:30:00Z'));
  });

  it('writes a day number as luxon writes its ISO date, every day from 1900 to 2150 and in years of fewer than four digits', () => {
    for (let day = daysFromCivil(1900, 1, 1); day <= daysFromCivil(2150, 12, 31); day++) {
      const iso = formatIsoDay(day);
      if (iso !== DateTime.fromMillis(day * 86_400_000, { zone: 'UTC' }).toISODate()) expect.fail(`day ${day}: ${iso}`);
    }
    expect(formatIsoDay(daysFromCivil(999, 12, 31))).to.equal('0999-12-31');
    expect(formatIsoDay(daysFromCivil(9999, 12, 31))).to.equal('9999-12-31');
  });

  it('refuses to write a day number that is not whole, rather than print a date that is not one', () => {
    expect(() => formatIsoDay(20000.5)).to.throw(RangeError, 'not a day number');
    expect(() => chicagoStartOfDayIso(20000.5)).to.throw(RangeError, 'not a day number');
  });

  it('writes the start of every Chicago day from 1900 to 2150 exactly as luxon does', () => {
    const check = (day: number): void => {
      const start = DateTime.fromMillis(day * 86_400_000, { zone: 'UTC' })
        .setZone(ORACLE, { keepLocalTime: true })
        .startOf('day');
      expect(chicagoStartOfDayIso(day), start.toISODate() ?? '').to.equal(start.toISO());
    };
    // Every day around both ends of the memoised range and of this decade; random days elsewhere.
    for (const [from, to] of [
      [1969, 1971],
      [2025, 2027],
      [2098, 2101],
    ] as const) {
      for (let day = daysFromCivil(from, 1, 1); day <= daysFromCivil(to, 12, 31); day++) check(day);
    }
    fc.assert(fc.property(fc.integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2150, 12, 31) }), check), { numRuns: 3000 });
  });

  it('reads the instants facts carry (with or without a fraction, Z or an offset) exactly as luxon does', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: -12 * 60, max: 14 * 60 }), (d, offset) => {
        const dt = DateTime.fromJSDate(d).setZone(
          offset === 0
            ? 'UTC'
            : `UTC${offset < 0 ? '-' : '+'}${Math.floor(Math.abs(offset) / 60)}:${String(Math.abs(offset) % 60).padStart(2, '0')}`,
        );
        for (const text of [
          dt.toISO(),
          dt.toISO({ suppressMilliseconds: true }),
          d.toISOString(),
          dt.toISO({ includeOffset: true, precision: 'second' }),
        ]) {
          if (text !== null) expect(parseIsoInstant(text), text).to.equal(DateTime.fromISO(text, { setZone: true }).toMillis());
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses text that is not a date or a date-time, naming it', () => {
    expect(() => parseLegalMoment('2026-02-30')).to.throw(RangeError, '2026-02-30');
    expect(() => parseLegalMoment('yesterday')).to.throw(RangeError, 'yesterday');
  });

  it('accepts clock times on the 24-hour clock only', () => {
    for (const ok of ['00:00', '09:05', '17:00', '23:59']) expect(HH_MM.test(ok), ok).to.equal(true);
    for (const bad of ['24:00', '9:05', '17:60', '17:00:00', ' 17:00', '5 pm']) expect(HH_MM.test(bad), bad).to.equal(false);
  });
});
