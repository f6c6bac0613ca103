/**
 * `npm run rules:impact -- --candidate <folder>`: evaluates the whole catalog under a candidate
 * rule bundle and prints the transitions against the rules in force. Writes nothing.
 */
import { parseArgs } from 'node:util';
import { loadRules } from '../src/rules';
import { runCli, withDeps } from './cli';

runCli(async () => {
  const { values } = parseArgs({ options: { candidate: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.candidate) {
    console.error('usage: npm run rules:impact -- --candidate <rules folder> [--json]');
    return 2;
  }
  const candidate = loadRules(values.candidate);
  return withDeps(async (deps) => {
    const report = await deps.services.impact.preview(candidate, deps.now(), (n) => process.stderr.write(`\revaluated ${n} recordings`));
    process.stderr.write('\n');
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    console.log(
      `rules ${report.currentRulesVersion} → candidate ${report.candidateRulesVersion}, ${report.recordings} recordings, ${report.seconds} s`,
    );
    for (const [title, map] of [
      ['public release', report.release],
      ['retention status', report.retentionStatus],
    ] as const) {
      console.log(`\n${title}:`);
      for (const [k, v] of Object.entries(map).sort((a, b) => b[1].count - a[1].count)) {
        const [from, to] = k.split(' → ');
        console.log(`  ${from === to ? '  ' : '* '}${k}: ${v.count}${from === to ? '' : `  e.g. ${v.samples.join(', ')}`}`);
      }
    }
    console.log(
      `\nretain-until earlier: ${report.retainUntil.earlier.count} (e.g. ${report.retainUntil.earlier.samples.join(', ')}), later: ${report.retainUntil.later.count}, unchanged: ${report.retainUntil.unchanged}`,
    );
  });
});
