/** Every API route of the service (system routes are added by createApp). */
import type { HttpDeps } from '../deps';
import type { RouteDef } from '../route';
import { auditRoutes } from './audit.routes';
import { catalogRoutes } from './catalog.routes';
import { eligibilityRoutes } from './eligibility.routes';
import { importRoutes } from './import.routes';
import { requestsRoutes } from './requests.routes';
import { retentionRoutes } from './retention.routes';
import { sunshineRoutes } from './sunshine.routes';
import { webRoutes } from './web.routes';

export function apiRoutes(deps: HttpDeps): RouteDef[] {
  return [...catalogRoutes(deps), ...importRoutes(deps), ...eligibilityRoutes(deps), ...auditRoutes(deps), ...requestsRoutes(deps), ...sunshineRoutes(deps), ...retentionRoutes(deps), ...webRoutes(deps)];
}
