/** `npm run sweep`: re-decides recordings whose reviewAt has passed or that were decided under other rules, and moves earlier any open request's due date that runs later than the Sunshine clock in force. */
import { sweep } from '../src/domain/services';
import { runCli, withDeps } from './cli';

runCli(() =>
  withDeps(async (deps) => {
    const t0 = Date.now();
    const n = await sweep(deps.services, deps.now());
    console.log(
      `sweep: ${n.redecided} recordings re-decided, ${n.dueDatesMovedEarlier} request due dates moved earlier, under rules ${deps.rulesVersion} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }),
);
