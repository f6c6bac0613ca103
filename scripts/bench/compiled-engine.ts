/**
 * The release engine as the service runs it: compiled by tsc (`npm run build`, incremental, so
 * seconds when nothing changed) and loaded from dist/ as plain JavaScript. The engine benchmarks
 * measure this, not the TypeScript run through tsx: tsx's esbuild turns every module's exports
 * into getters on an object, so each use of an imported name in the hot path was a getter call,
 * and the engine carried local re-bindings of its imports to stay fast under tsx (twice the
 * decisions per CPU second there, under 6% in the compiled service: scripts/bench/engine-ab.ts,
 * 2026-12-02). Measuring what production runs lets the code read plainly.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

type DecideModule = typeof import('../../src/engine/decide');
type LoadModule = typeof import('../../src/rules/load');

const ROOT = path.resolve(__dirname, '../..');

/** Compiles the service with tsc into dist/ (incremental: seconds when nothing changed). */
export function buildEngine(): void {
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}

/** The engine and the rule loader as compiled into dist/ by buildEngine. */
export function loadCompiledEngine(): { createReleaseEngine: DecideModule['createReleaseEngine']; loadRuleSet: LoadModule['loadRuleSet'] } {
  /* eslint-disable @typescript-eslint/no-require-imports -- the compiled JavaScript, loaded at run time */
  const { createReleaseEngine } = require(path.join(ROOT, 'dist/src/engine/decide.js')) as DecideModule;
  const { loadRuleSet } = require(path.join(ROOT, 'dist/src/rules/load.js')) as LoadModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { createReleaseEngine, loadRuleSet };
}

/** buildEngine, then loadCompiledEngine. */
export function compiledEngine(): ReturnType<typeof loadCompiledEngine> {
  buildEngine();
  return loadCompiledEngine();
}
