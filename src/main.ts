/**
 * The process (`npm start`): reads the configuration (a bad value exits 78), provisions the
 * database and JWT key (resources.ts), builds the dependencies (deps.ts), serves the HTTP app
 * (http/app.ts), starts the background jobs (jobs.ts), and on SIGTERM/SIGINT stops taking
 * connections, finishes in-flight requests, stops the jobs and closes the database.
 */
import http from 'node:http';
import { createApp } from './http/app';
import { buildDeps } from './deps';
import { ConfigError, checkCloseOfBusiness, loadConfig } from './config';
import { createMetrics } from './http/metrics';
import { createLogger } from './logger';
import { connectDb } from './persistence/connection';
import { loadSchedules } from './rules/load-schedules';
import { startJobs } from './jobs';
import { ensureJwtSecret, resolveDatabase } from './resources';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    // Before any database starts: CLOSE_OF_BUSINESS may not run later than the rules' close of business.
    checkCloseOfBusiness(config, loadSchedules(config.RULES_DIR).sunshine.responseWindow.closeOfBusiness);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const logger = createLogger(config.LOG_LEVEL);
  config = ensureJwtSecret(config, logger);
  const { uri, embedded } = await resolveDatabase(config, logger, () => process.exit(1));
  const db = await connectDb(uri, config.MONGODB_DB, { alive: () => embedded?.healthy() ?? true });
  const deps = await buildDeps(config, logger, db, { metrics: createMetrics({ defaultMetrics: true }) });
  logger.info({ rulesVersion: deps.rulesVersion }, 'rules loaded');
  const app = createApp(deps);
  const handle = app.callback();
  // koa answers every error itself (its onerror), so the promise it returns never rejects.
  const server = http.createServer((req, res) => void handle(req, res));
  server.requestTimeout = 0; // imports stream for minutes; per-route limits apply instead
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const addr = server.address();
  logger.info({ address: addr }, `listening on http://${config.HOST}:${typeof addr === 'object' && addr ? addr.port : config.PORT}`);

  const jobs = startJobs(deps);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_GRACE_SECONDS * 1000);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    await jobs.stop();
    await db.close().catch((err: unknown) => logger.error({ err }, 'closing the database failed'));
    if (embedded) await embedded.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
