/** Wires the domain services over one set of models and one rules bundle. */
import type { Models } from '../persistence/models';
import { KeyedSerializer } from '../persistence/serializer';
import type { Rules } from '../rules';
import { CameraDirectory } from './catalog/camera-directory';
import { CamerasService } from './catalog/cameras.service';
import { CasesService } from './catalog/cases.service';
import { CourtOrdersService, HoldsService } from './catalog/orders-holds.service';
import { RecordingsService } from './catalog/recordings.service';
import { DerivedService } from './derived/derived.service';
import { FactsGatherer } from './derived/facts.gatherer';
import { AuditService } from './audit/audit.service';
import { EligibilityService } from './eligibility/eligibility.service';
import { ImpactService } from './rules/impact.service';
import { RequestsFactsSource } from './requests/request-facts.source';
import { RequestsService } from './requests/requests.service';
import { buildRetentionServices } from './retention/retention.services';

export function buildServices(models: Models, rules: Rules, hooks: { onDecision?: (outcome: string) => void } = {}) {
  const gatherer = new FactsGatherer(models);
  const locks = new KeyedSerializer();
  const derived = new DerivedService(models, gatherer, rules, locks);
  const cameraDirectory = new CameraDirectory(models);
  const eligibility = new EligibilityService(models, gatherer, rules, hooks.onDecision);
  gatherer.setRequestSource(new RequestsFactsSource(models));
  return {
    rules,
    gatherer,
    locks,
    derived,
    audit: new AuditService(models),
    impact: new ImpactService(models, gatherer, rules),
    eligibility,
    cameras: new CamerasService(models, cameraDirectory),
    recordings: new RecordingsService(models, derived, locks, cameraDirectory),
    cases: new CasesService(models, derived, locks),
    orders: new CourtOrdersService(models, derived),
    holds: new HoldsService(models, derived, locks),
    requests: new RequestsService(models, eligibility, derived, rules),
    retention: buildRetentionServices({ models, gatherer, locks, rules: () => rules }),
  };
}
export type Services = ReturnType<typeof buildServices>;
