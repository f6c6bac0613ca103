/**
 * `npm run requests:queue`: prints the Sunshine requests that are overdue (open past their
 * RSMo 610.023.3 deadline) and those due by the end of today, soonest first.
 * Options: --json for machine-readable output. Exit code 0 (3 when any request is overdue
 * and --fail-on-overdue is given, so a scheduler can alert).
 */
import { parseArgs } from 'node:util';
import { buildDeps } from '../src/deps';
import { loadConfig } from '../src/config';
import { formatQueue } from '../src/domain/requests/queue-report';
import { requestPresenter } from '../src/http/requests/requests.presenter';
import { createLogger } from '../src/logger';
import { connectDb } from '../src/persistence/connection';
import { resolveDatabase } from '../src/resources';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, 'fail-on-overdue': { type: 'boolean', default: false } },
  });
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const { uri, embedded } = await resolveDatabase(config, logger);
  const db = await connectDb(uri, config.MONGODB_DB);
  try {
    const deps = await buildDeps(config, logger, db);
    const now = deps.now();
    const q = await deps.services.requests.queue(now);
    const presentRequest = requestPresenter(deps.services.rules, config.REVIEW_DUE_SOON_BUSINESS_DAYS);
    if (values.json) {
      const out = {
        at: now.toISOString(),
        overdue: q.overdue.map((r) => presentRequest(r, now)),
        dueToday: q.dueToday.map((r) => presentRequest(r, now)),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(formatQueue(q, now));
    }
    return values['fail-on-overdue'] && q.overdue.length > 0 ? 3 : 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
