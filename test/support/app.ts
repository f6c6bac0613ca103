import type { Logger } from 'pino';
import supertest from 'supertest';
import { type App, type ExtraRoutes, createApp } from '../../src/http/app';
import { type AppDepsWithDb, buildDeps } from '../../src/deps';
import type { Role } from '../../src/auth/roles';
import { mintToken } from '../../src/auth/tokens';
import { type Config, loadConfig } from '../../src/config';
import { createMetrics } from '../../src/http/metrics';
import { createLogger } from '../../src/logger';
import type { DbHandle } from '../../src/persistence/connection';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', DATA_DIR: '/tmp/footage-test-data', ...overrides });
}

export const silentLogger: Logger = createLogger('silent');

// Test files mint their tokens when mocha loads them, before any test runs; a whole-suite run on a
// loaded CI machine can outlast ten minutes, so the default lifetime covers a full run (tests of
// expiry pass their own ttl).
export function token(role: Role, sub = `test-${role}`, config: Config = testConfig(), ttl = 4 * 3600): string {
  return mintToken({ sub, role }, ttl, config);
}

export function bearer(role: Role, sub?: string): { Authorization: string } {
  return { Authorization: `Bearer ${token(role, sub)}` };
}

export interface TestApp {
  app: App;
  request: supertest.Agent;
  deps: AppDepsWithDb;
}

export async function makeTestApp(db: DbHandle, extra?: ExtraRoutes, config: Config = testConfig(), now?: () => Date): Promise<TestApp> {
  const deps = await buildDeps(config, config.LOG_LEVEL === 'silent' ? silentLogger : createLogger(config.LOG_LEVEL), db, {
    metrics: createMetrics({ defaultMetrics: false }),
    now,
  });
  const app = createApp(deps, extra);
  return { app, deps, request: supertest.agent(app.callback()) };
}
