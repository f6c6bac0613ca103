/** Every API route of the service (system routes are added by createApp). */
import type { AppDeps } from '../deps';
import type { RouteDef } from './route';
import { auditRoutes } from './audit/audit.routes';
import { catalogRoutes } from './catalog/catalog.routes';
import { determinationRoutes } from './counsel/determinations.routes';
import { eligibilityRoutes } from './eligibility/eligibility.routes';
import { importRoutes } from './catalog/import.routes';
import { requestsRoutes } from './requests/requests.routes';
import { retentionRoutes } from './retention/retention.routes';
import { reviewRoutes } from './review/review.routes';
import { sunshineRoutes } from './requests/sunshine.routes';
import { vocabularyRoutes } from './system/vocabulary.routes';
import { webRoutes } from './system/web.routes';

export function apiRoutes(deps: AppDeps): RouteDef[] {
  return [
    ...catalogRoutes(deps),
    ...importRoutes(deps),
    ...eligibilityRoutes(deps),
    ...determinationRoutes(deps),
    ...auditRoutes(deps),
    ...requestsRoutes(deps),
    ...sunshineRoutes(deps),
    ...retentionRoutes(deps),
    ...reviewRoutes(deps),
    ...vocabularyRoutes(),
    ...webRoutes(deps),
  ];
}
