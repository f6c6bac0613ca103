import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { FeeSchedule } from '../../src/engine/calendar-schema';
import { estimateFees, formatCents } from '../../src/engine/fees';
import { loadSchedules, parseSunshineSchedule, ScheduleFileError } from '../../src/rules/load-schedules';

const { fees } = loadSchedules('rules/missouri').sunshine;

describe('fees', () => {
  it('loads the 610.026 fee schedule with integer-cent rates marked as KCPD policy to confirm', () => {
    expect(fees.citation).to.equal('RSMo 610.026');
    expect(Number.isInteger(fees.staffHourlyRateCents)).to.equal(true);
    expect(Number.isInteger(fees.mediaCostPerItemCents)).to.equal(true);
    expect(fees.verify).to.equal(true);
  });

  it('bills staff copy time per recording and per hour of footage, plus media, in integer cents', () => {
    // 2 recordings x 10 min + 1 h of footage x 6 min = 26 min at $30/h = $13.00; one USB drive $5.00.
    const est = estimateFees(fees, { recordings: [{ durationSeconds: 1800 }, { durationSeconds: 1800 }], mediaItems: 1 });
    expect(est.lines.map((l) => [l.item, l.quantity, l.amount])).to.deep.equal([
      ['staff_copy_time', 26, 1300],
      ['media', 1, 500],
    ]);
    expect(est.total).to.equal(1800);
    expect(est.lines.every((l) => l.citation.startsWith('RSMo 610.026'))).to.equal(true);
  });

  it('bills no copy time or media for a view-only release, and says why (A20, 610.026.1(2): only copies are billed)', () => {
    const est = estimateFees(fees, { recordings: [{ durationSeconds: 1800, viewOnly: true }], mediaItems: 1 });
    expect(est.lines).to.deep.equal([]);
    expect(est.total).to.equal(0);
    expect(est.notes.join(' ')).to.contain('1 recording(s) released for viewing only: no copy is made');
  });

  it('bills only the copied recordings when a release mixes a copy and a view-only recording (A20)', () => {
    // 1 copied recording x 10 min + 0.5 h x 6 min = 13 min at $30/h = $6.50; the view-only hour is not billed.
    const est = estimateFees(fees, { recordings: [{ durationSeconds: 1800 }, { durationSeconds: 3600, viewOnly: true }], mediaItems: 1 });
    expect(est.lines.map((l) => [l.item, l.quantity, l.amount])).to.deep.equal([
      ['staff_copy_time', 13, 650],
      ['media', 1, 500],
    ]);
  });

  it('adds no media line for electronic delivery', () => {
    const est = estimateFees(fees, { recordings: [{ durationSeconds: 600 }] });
    expect(est.lines.map((l) => l.item)).to.deep.equal(['staff_copy_time']);
    expect(est.total).to.equal(est.lines[0]?.amount);
  });

  it('shows review and redaction time at zero cost and never adds it to the total (Morales v. KCPD)', () => {
    const without = estimateFees(fees, { recordings: [{ durationSeconds: 3600 }], mediaItems: 1 });
    const withReview = estimateFees(fees, { recordings: [{ durationSeconds: 3600 }], mediaItems: 1, reviewMinutes: 240 });
    const review = withReview.lines.find((l) => l.item === 'review_redaction');
    expect(review).to.include({ quantity: 240, unitCost: 0, amount: 0 });
    expect(review?.citation).to.contain('Morales');
    expect(withReview.total).to.equal(without.total);
    expect(withReview.notes[0]).to.match(/Review and redaction time is not billed \(Morales v\. KCPD/);
  });

  it('keeps every amount in whole cents when the hourly rate does not divide evenly into minutes', () => {
    const odd = FeeSchedule.parse({ ...fees, staffHourlyRateCents: 2525, copyMinutesPerRecording: 7, copyMinutesPerFootageHour: 0 });
    const est = estimateFees(odd, { recordings: [{ durationSeconds: 100 }] });
    // 7 min x $25.25/h = 294.58 cents -> 295.
    expect(est.lines[0]?.amount).to.equal(295);
    expect(Number.isInteger(est.total)).to.equal(true);
  });

  it('rounds staff time to the nearest whole minute before pricing it', () => {
    const est = estimateFees(fees, { recordings: [{ durationSeconds: 1234 }] });
    // 10 + 1234/3600*6 = 12.06 min -> 12 min -> 600 cents.
    expect(est.lines[0]).to.include({ quantity: 12, amount: 600 });
  });

  it('charges nothing for an empty request', () => {
    expect(estimateFees(fees, { recordings: [] })).to.deep.include({ lines: [], total: 0 });
  });

  it('refuses a negative duration or a fractional media count', () => {
    expect(() => estimateFees(fees, { recordings: [{ durationSeconds: -1 }] })).to.throw();
    expect(() => estimateFees(fees, { recordings: [], mediaItems: 1.5 })).to.throw();
  });

  it('formats cents as dollars for the line descriptions', () => {
    expect(formatCents(1800)).to.equal('$18.00');
    expect(formatCents(5)).to.equal('$0.05');
  });

  it('rejects a fee schedule with a fractional cent rate and names the field', () => {
    const bad = readFileSync('rules/missouri/sunshine.yaml', 'utf8').replace('staffHourlyRateCents: 3000', 'staffHourlyRateCents: 30.5');
    expect(() => parseSunshineSchedule(bad, 'sunshine.yaml')).to.throw(ScheduleFileError, /sunshine\.yaml: fees\.staffHourlyRateCents/);
  });
});
