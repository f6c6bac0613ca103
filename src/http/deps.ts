import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Services } from '../domain/services';
import type { DbHandle } from '../persistence/connection';
import type { Models } from '../persistence/models';
import type { Metrics } from './metrics';

/** Everything the HTTP layer needs, built by main.ts (or a test) and passed to createApp. */
export interface HttpDeps {
  config: Config;
  logger: Logger;
  db: DbHandle;
  metrics: Metrics;
  models: Models;
  services: Services;
  rulesVersion: string;
  /** The clock; tests pin it. Domain code receives `now` from here, never reads the time itself. */
  now: () => Date;
}
