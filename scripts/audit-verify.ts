/** `npm run audit:verify`: walks the audit hash chain; exits 1 and names the first broken link if any. */
import { runCli, withDeps } from './cli';

runCli(() =>
  withDeps(async (deps) => {
    const r = await deps.services.audit.verify((n) => process.stderr.write(`\rverified ${n} entries`));
    process.stderr.write('\n');
    console.log(JSON.stringify(r, null, 2));
    return r.ok ? 0 : 1;
  }),
);
