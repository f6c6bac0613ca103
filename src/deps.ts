/** Builds the service's dependencies over a connected database (main, tests, scripts): the composition root. */
import type { Logger } from 'pino';
import { type Config, checkCloseOfBusiness } from './config';
import { buildServices } from './domain/services';
import type { HttpDeps } from './http/deps';
import { type Metrics, createMetrics } from './http/metrics';
import type { DbHandle } from './persistence/connection';
import { type Models, createModels, ensureSchema } from './persistence/models';
import { createStores } from './persistence/stores';
import { loadRules } from './rules';

/** HttpDeps plus the database handles, for the composition roots (main, scripts, tests). */
export interface AppDeps extends HttpDeps {
  db: DbHandle;
  models: Models;
}

export async function buildDeps(
  config: Config,
  logger: Logger,
  db: DbHandle,
  opts: { metrics?: Metrics; now?: () => Date } = {},
): Promise<AppDeps> {
  const models = createModels(db.connection);
  await ensureSchema(models);
  const rules = loadRules(config.RULES_DIR);
  checkCloseOfBusiness(config, rules.sunshine.responseWindow.closeOfBusiness);
  const metrics = opts.metrics ?? createMetrics({ defaultMetrics: false });
  const services = buildServices(createStores(models), rules, {
    onDecision: (outcome) => metrics.decisions.inc({ outcome }),
    sessions: { maxAgeSeconds: config.SESSION_MAX_AGE_SECONDS, idleSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS },
  });
  return {
    config,
    logger,
    db,
    ping: (timeoutMs) => db.ping(timeoutMs),
    models,
    services,
    metrics,
    rulesVersion: rules.rulesVersion,
    now: opts.now ?? (() => new Date()),
  };
}
