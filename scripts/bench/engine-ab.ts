/**
 * Two or more versions of the release engine, side by side on the engine benchmark's mixed
 * workload: `npx tsx scripts/bench/engine-ab.ts [--tsx] [--count 20000] [--rounds 7] [--seconds 1] main HEAD [dir ...]`.
 * Each version is a git revision (its src/, scripts/ and rules/ are extracted under dist/engine-ab/) or a
 * folder holding such a tree (a copy with one micro-optimisation taken out, say). Each is compiled
 * with tsc, as `npm run build` compiles the service, and runs as that JavaScript, as the engine
 * benchmark runs it (engine.bench.ts says why); `--tsx` runs the TypeScript through tsx instead. It is how the
 * engine's micro-optimisations are proven or removed (issue 13 item 9): on a shared machine a
 * figure from another run means little, so the versions run in one process, in interleaved rounds
 * (each round in the opposite order of the last), and are compared by decisions per CPU second of
 * this process, the median over the rounds.
 *
 * Before timing, it checks that every version gives the same decisions, byte for byte, on the whole
 * mix (rulesVersion and engineVersion aside: they hash the rule files and the engine's source), and
 * stops naming the first difference: a faster engine that decides otherwise is no optimisation.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DateTime } from 'luxon';
import type { Decision } from '../../src/engine/facts';
import type { MixItem } from '../support/engine-mix';

interface Version {
  label: string;
  decide: (it: MixItem) => Decision;
  items: MixItem[];
  rates: number[];
}

const ROOT = path.resolve(__dirname, '../..');

/** A folder holding the version's tree: the folder given, or the revision extracted under dist/engine-ab/. */
function treeOf(spec: string): string {
  if (existsSync(path.join(spec, 'src/engine/decide.ts'))) return path.resolve(spec);
  const commit = execFileSync('git', ['rev-parse', '--verify', `${spec}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(ROOT, 'dist/engine-ab', commit);
  if (!existsSync(path.join(dir, 'src/engine/decide.ts'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // package.json too: the engine version is a hash of src/engine found from the project root.
    const tar = execFileSync('git', ['archive', '--format=tar', commit, 'package.json', 'tsconfig.json', 'src', 'scripts', 'rules'], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  return dir;
}

/** The tree compiled by tsc into <tree>/build (the engine, the rule loader and the mix generator). */
function build(tree: string): string {
  const out = path.join(tree, 'build');
  const config = path.join(tree, 'tsconfig.engine-ab.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: out, rootDir: tree, types: ['node'], incremental: false },
      include: ['src/engine', 'src/rules', 'scripts/support/engine-mix.ts'].map((p) => path.join(tree, p)),
    }),
  );
  // Type errors are the variant's business (a hand-made copy may have some); the emitted JavaScript is what is measured.
  spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', config], { stdio: 'ignore' });
  if (!existsSync(path.join(out, 'src/engine/decide.js'))) throw new Error(`tsc did not compile ${tree}`);
  // The compiled tree's own project root (package.json) and rules, so its engine hashes and reads its own.
  copyFileSync(path.join(tree, 'package.json'), path.join(out, 'package.json'));
  cpSync(path.join(tree, 'rules'), path.join(out, 'rules'), { recursive: true });
  return out;
}

function load(spec: string, count: number, tsx: boolean): Version {
  const tree = treeOf(spec);
  const dir = tsx ? tree : build(tree);
  /* eslint-disable @typescript-eslint/no-require-imports -- each version is its own module tree, loaded at run time */
  const { createReleaseEngine } = require(path.join(dir, 'src/engine/decide')) as typeof import('../../src/engine/decide');
  const { loadRuleSet } = require(path.join(dir, 'src/rules/load')) as typeof import('../../src/rules/load');
  const mix = require(path.join(dir, 'scripts/support/engine-mix')) as typeof import('../support/engine-mix');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const engine = createReleaseEngine(loadRuleSet(path.join(dir, 'rules/missouri')));
  console.log(`${spec}: ${path.relative(ROOT, require.resolve(path.join(dir, 'src/engine/decide')))}`);
  const asOf: DateTime = mix.MIX_AS_OF;
  // Each version decides on its own copy of the mix, so no version's per-object caches serve another.
  return {
    label: spec,
    decide: (it) => engine.decide(it.recording, it.cases, it.orders, it.requester, asOf, undefined, it.claim),
    items: mix.generateMix(count),
    rates: [],
  };
}

const canonical = (d: Decision): string => JSON.stringify({ ...d, rulesVersion: '', engineVersion: '' });

function sameDecisions(versions: readonly Version[]): void {
  const [first, ...rest] = versions;
  const expected = first!.items.map((it) => canonical(first!.decide(it)));
  for (const v of rest) {
    v.items.forEach((it, i) => {
      const got = canonical(v.decide(it));
      if (got !== expected[i]) throw new Error(`${v.label} decides item ${i} otherwise than ${first!.label}:\n  ${expected[i]}\n  ${got}`);
    });
  }
  console.log(`same decisions: ${versions.map((v) => v.label).join(', ')} (${expected.length} items, byte for byte)`);
}

/** Decisions per CPU second of this process over about `seconds` of wall time. */
function measure(v: Version, seconds: number): number {
  const wallEnd = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const cpu0 = process.cpuUsage();
  let n = 0;
  let sink = 0;
  while (process.hrtime.bigint() < wallEnd) {
    for (const it of v.items) sink += v.decide(it).reasons.length;
    n += v.items.length;
  }
  const cpu = process.cpuUsage(cpu0);
  if (sink < 0) console.log(sink);
  return n / ((cpu.user + cpu.system) / 1e6);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tsx: { type: 'boolean', default: false },
      count: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '7' },
      seconds: { type: 'string', default: '1' },
    },
  });
  if (positionals.length < 1) throw new Error('name the versions to compare: git revisions or folders');
  const count = Number(values.count);
  const versions = positionals.map((p) => load(p, count, values.tsx));
  sameDecisions(versions);
  for (const v of versions) measure(v, 0.5); // warm-up
  const rounds = Number(values.rounds);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? versions : [...versions].reverse();
    for (const v of order) v.rates.push(measure(v, Number(values.seconds)));
  }
  const base = median(versions[0]!.rates);
  for (const v of versions) {
    const m = median(v.rates);
    const spread = `${Math.round(Math.min(...v.rates)).toLocaleString('en-US')}-${Math.round(Math.max(...v.rates)).toLocaleString('en-US')}`;
    console.log(
      `${v.label.padEnd(30)} ${Math.round(m).toLocaleString('en-US').padStart(10)} decisions/CPU s (rounds ${spread})  ${(m / base).toFixed(3)}x ${versions[0]!.label}`,
    );
  }
}

main();
