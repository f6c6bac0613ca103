import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Services } from '../domain/services';
import type { Metrics } from './metrics';

/** Everything the HTTP layer needs, built by deps.ts (or a test) and passed to createApp. */
export interface HttpDeps {
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
