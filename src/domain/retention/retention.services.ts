/** The retention module's services over the shared stores and fact gatherer. */
import type { Rules } from '../../rules';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { Stores } from '../ports';
import { ClassificationBacklogService } from './classification-backlog.service';
import { ConflictsService } from './conflicts.service';
import { DestructionReportService } from './destruction-report.service';
import { DestructionService } from './destruction.service';
import { RetentionReportService } from './retention-report.service';
import { UnknownCasesReportService } from './unknown-cases.service';

export function buildRetentionServices(deps: {
  stores: Pick<Stores, 'recordings' | 'scans' | 'journal' | 'cases' | 'tallies'>;
  gatherer: FactsGatherer;
  rules: () => Rules;
}) {
  const { stores, gatherer, rules } = deps;
  const report = new RetentionReportService(stores.scans, gatherer, rules, stores.tallies);
  return {
    report,
    conflicts: new ConflictsService(stores.scans, gatherer, rules),
    backlog: new ClassificationBacklogService(stores.scans, rules, (q, now) => report.countedAtNow(q, now)),
    destruction: new DestructionService(stores.recordings, stores.journal, gatherer, rules),
    destructions: new DestructionReportService(stores.scans, gatherer, rules),
    unknownCases: new UnknownCasesReportService(stores.scans, stores.cases, () => rules()),
  };
}
