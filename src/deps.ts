/**
 * The service's dependencies: what they are (AppDeps, what the HTTP app, the background jobs and
 * the scripts work with) and how they are built over a connected database (buildDeps, the
 * composition root: persistence is wired into the domain here and nowhere else).
 */
import type { Logger } from 'pino';
import { type Config, checkCloseOfBusiness } from './config';
import { type Services, buildServices } from './domain/services';
import { type Metrics, createMetrics } from './http/metrics';
import type { DbHandle } from './persistence/connection';
import { type Models, createModels, ensureSchema } from './persistence/models';
import { createStores } from './persistence/stores';
import { loadRules } from './rules';

/** Everything the app needs, built by buildDeps (or a test) and passed to createApp and the jobs. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** True when the database answers within the timeout (/readyz). */
  ping(timeoutMs?: number): Promise<boolean>;
  metrics: Metrics;
  services: Services;
  rulesVersion: string;
  /** The clock; tests pin it. Domain code receives `now` from here, never reads the time itself. */
  now: () => Date;
}

/** AppDeps plus the database handles, for the composition roots (main, scripts, tests). */
export interface AppDepsWithDb extends AppDeps {
  db: DbHandle;
  models: Models;
}

export async function buildDeps(
  config: Config,
  logger: Logger,
  db: DbHandle,
  opts: { metrics?: Metrics; now?: () => Date } = {},
): Promise<AppDepsWithDb> {
  const models = createModels(db.connection);
  await ensureSchema(models);
  const rules = loadRules(config.RULES_DIR);
  checkCloseOfBusiness(config, rules.sunshine.responseWindow.closeOfBusiness);
  const metrics = opts.metrics ?? createMetrics({ defaultMetrics: false });
  const services = buildServices(createStores(models), rules, {
    onDecision: (outcome) => metrics.decisions.inc({ outcome }),
    sessions: { maxAgeSeconds: config.SESSION_MAX_AGE_SECONDS, idleSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS },
  });
  // Requests stored before numbers existed get theirs now (idempotent; the sweep does it too).
  const numbered = await services.requests.numberExisting();
  if (numbered > 0) logger.info({ numbered }, 'numbered requests stored before request numbers existed');
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
