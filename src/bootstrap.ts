/** Builds the service's dependencies over a connected database (main, tests, scripts). */
import type { Logger } from 'pino';
import type { Config } from './config';
import { buildServices } from './domain/services';
import type { HttpDeps } from './http/deps';
import { type Metrics, createMetrics } from './http/metrics';
import type { DbHandle } from './persistence/connection';
import { createModels, ensureSchema } from './persistence/models';
import { loadRules } from './rules';

export async function buildDeps(
  config: Config,
  logger: Logger,
  db: DbHandle,
  opts: { metrics?: Metrics; now?: () => Date } = {},
): Promise<HttpDeps> {
  const models = createModels(db.connection);
  await ensureSchema(models);
  const rules = loadRules(config.RULES_DIR);
  const metrics = opts.metrics ?? createMetrics({ defaultMetrics: false });
  const services = buildServices(models, rules, { onDecision: (outcome) => metrics.decisions.inc({ outcome }) });
  return {
    config,
    logger,
    db,
    models,
    services,
    metrics,
    rulesVersion: rules.rulesVersion,
    now: opts.now ?? (() => new Date()),
  };
}
