/** The retention module's services over the shared models, fact gatherer and write locks. */
import type { Models } from '../../persistence/models';
import type { Rules } from '../../rules';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { KeyedSerializer } from '../../persistence/serializer';
import { ClassificationBacklogService } from './classification-backlog.service';
import { ConflictsService } from './conflicts.service';
import { DestructionReportService } from './destruction-report.service';
import { DestructionService } from './destruction.service';
import { RetentionReportService } from './retention-report.service';

export function buildRetentionServices(deps: { models: Models; gatherer: FactsGatherer; locks: KeyedSerializer; rules: () => Rules }) {
  const { models, gatherer, locks, rules } = deps;
  return {
    report: new RetentionReportService(models, gatherer, rules),
    conflicts: new ConflictsService(models, gatherer, rules),
    backlog: new ClassificationBacklogService(models, rules),
    destruction: new DestructionService(models, gatherer, locks, rules),
    destructions: new DestructionReportService(models, gatherer, rules),
  };
}
export type RetentionServices = ReturnType<typeof buildRetentionServices>;
