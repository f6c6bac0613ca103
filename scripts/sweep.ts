/** `npm run sweep`: re-decides recordings whose reviewAt has passed or that were decided under other rules. */
import { runCli, withDeps } from './cli';

runCli(() =>
  withDeps(async (deps) => {
    const t0 = Date.now();
    const n = await deps.services.derived.sweep(deps.now());
    console.log(`sweep: ${n} recordings re-decided under rules ${deps.rulesVersion} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }),
);
