/** The retention module's services over the shared models, fact gatherer and derived refresher. */
import type { Models } from '../../persistence/models';
import type { Rules } from '../../rules';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { DerivedRefresher } from '../derived/refresher';
import { ClassificationBacklogService } from './classification-backlog.service';
import { ConflictsService } from './conflicts.service';
import { DestructionReportService } from './destruction-report.service';
import { DestructionService } from './destruction.service';
import { RetentionReportService } from './retention-report.service';

export function buildRetentionServices(deps: { models: Models; gatherer: FactsGatherer; derived: DerivedRefresher; rules: () => Rules }) {
  const { models, gatherer, derived, rules } = deps;
  return {
    report: new RetentionReportService(models, gatherer, rules),
    conflicts: new ConflictsService(models, gatherer, rules),
    backlog: new ClassificationBacklogService(models, rules),
    destruction: new DestructionService(models, gatherer, derived, rules),
    destructions: new DestructionReportService(models, gatherer, rules),
  };
}
export type RetentionServices = ReturnType<typeof buildRetentionServices>;
