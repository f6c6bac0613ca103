import { expect } from 'chai';
import { loadSchedules } from '../../src/rules/load-schedules';
import { loadSunshineCases, runSunshineCase, sunshineCaseProblems } from '../../src/rules/sunshine-cases';

const { holidays, sunshine } = loadSchedules('rules/missouri');
const cases = loadSunshineCases('rules/missouri/cases/sunshine');

describe('Sunshine due-date cases (rules/missouri/cases/sunshine)', () => {
  for (const { file, case: c } of cases) {
    it(`${c.note} [${file}#${c.id}]`, () => {
      const due = runSunshineCase(holidays, sunshine, c);
      expect(sunshineCaseProblems(due, c), JSON.stringify({ ...due, dueAt: due.dueAt.toISO() }, null, 2)).to.deep.equal([]);
    });
  }

  it('covers receipt on a Saturday, a Sunday, a holiday, at 16:59 and 17:01, the day before a holiday, Saturday and Sunday holidays, a closure and the opt-in Saturday observance', () => {
    const ids = cases.map(({ case: c }) => c.id);
    for (const id of ['sunshine-saturday-before-labor-day', 'sunshine-sunday', 'sunshine-on-thanksgiving', 'sunshine-business-day-1659', 'sunshine-business-day-1701',
      'sunshine-day-before-thanksgiving-after-close', 'sunshine-christmas-2027-eve-friday', 'sunshine-christmas-2022-sunday',
      'sunshine-independence-day-2026-tuesday', 'sunshine-independence-day-2026-wednesday', 'sunshine-closure-friday-2026-07-03', 'sunshine-saturday-observance-opt-in']) {
      expect(ids, id).to.include(id);
    }
  });

  it('keeps the late-receipt policy off in the rules in force', () => {
    expect(sunshine.responseWindow.lateReceiptPolicy.enabled).to.equal(false);
  });

  it('keeps the Saturday-holiday observance off in the rules in force (RSMo 9.010 has no Saturday rule)', () => {
    expect(holidays.observance.saturday).to.equal('not_observed');
  });
});
