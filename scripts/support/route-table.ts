/**
 * The service's API route table as the app mounts it, for checks that need only the declarations
 * (method, path, schemas): built from the real route modules over services composed on a mongoose
 * connection that is never opened, so nothing is read or written and no database is needed.
 */
import mongoose from 'mongoose';
import pino from 'pino';
import type { AppDeps } from '../../src/deps';
import { loadConfig } from '../../src/config';
import { buildServices } from '../../src/domain/services';
import { createApp } from '../../src/http/app';
import { createMetrics } from '../../src/http/metrics';
import { buildOpenApi } from '../../src/http/openapi';
import type { DeclaredRoute } from '../../src/http/question-routes';
import { apiRoutes } from '../../src/http/routes';
import { createModels } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import { loadRules } from '../../src/rules';

function declarationDeps(rulesDir?: string): AppDeps {
  // The settings are the defaults: no route's declaration depends on them (a secret is required to parse them at all).
  const config = loadConfig({ JWT_SECRET: 'route-table-declarations-only-never-signs', ...(rulesDir ? { RULES_DIR: rulesDir } : {}) });
  const rules = loadRules(config.RULES_DIR);
  const services = buildServices(createStores(createModels(mongoose.createConnection())), rules, {
    onDecision: () => undefined,
    sessions: { maxAgeSeconds: config.SESSION_MAX_AGE_SECONDS, idleSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS },
  });
  return {
    config,
    logger: pino({ level: 'silent' }),
    ping: () => Promise.resolve(false),
    metrics: createMetrics({ defaultMetrics: false }),
    services,
    rulesVersion: rules.rulesVersion,
    now: () => new Date(),
  };
}

export const declaredRoutes = (rulesDir?: string): DeclaredRoute[] => apiRoutes(declarationDeps(rulesDir));

/**
 * The OpenAPI document GET /openapi.json serves (development mode: no OpenID Connect settings),
 * with a fixed version in place of the rules version, which says nothing about the routes.
 */
export const openApiDocument = (): ReturnType<typeof buildOpenApi> => buildOpenApi(createApp(declarationDeps()).routes, 'declarations');
