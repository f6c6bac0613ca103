import type { Logger } from 'pino';
import type { Config } from '../config';
import type { DbHandle } from '../persistence/connection';
import type { Metrics } from './metrics';

/** Everything the HTTP layer needs, built by main.ts (or a test) and passed to createApp. */
export interface HttpDeps {
  config: Config;
  logger: Logger;
  db: DbHandle;
  metrics: Metrics;
  rulesVersion: string;
}
