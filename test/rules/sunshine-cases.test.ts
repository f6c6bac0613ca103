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

  it('covers receipt on a Saturday, a Sunday, a holiday, at 16:59 and 17:01, the day before a holiday and both weekend observance shifts', () => {
    const ids = cases.map(({ case: c }) => c.id);
    for (const id of ['sunshine-saturday-before-labor-day', 'sunshine-sunday', 'sunshine-on-thanksgiving', 'sunshine-business-day-1659', 'sunshine-business-day-1701',
      'sunshine-day-before-thanksgiving-after-close', 'sunshine-christmas-2027-observed-friday', 'sunshine-christmas-2022-sunday']) {
      expect(ids, id).to.include(id);
    }
  });

  it('keeps the late-receipt policy off in the rules in force', () => {
    expect(sunshine.responseWindow.lateReceiptPolicy.enabled).to.equal(false);
  });
});
