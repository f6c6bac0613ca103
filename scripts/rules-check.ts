/**
 * `npm run rules:check [dir]`: validates every file under rules/missouri (except cases/)
 * against its schema, runs the cross-file checks, compiles the release rules, validates the
 * test cases, prints a summary and exits non-zero on any error. Also writes the JSON Schema
 * of each rule-file kind to rules/schema/<kind>.schema.json for editors, and the README's counsel list.
 *
 * `--check` (run by `npm test`) writes nothing: it fails when a committed JSON Schema or the README's
 * counsel list differs from what the rules and schemas generate, so a stale copy cannot land.
 * It compares contents, not git state, so it works the same on a fresh clone.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createReleaseEngine } from '../src/engine/decide';
import { CounselList, loadCounselList, renderCounselText, uncoveredRefs, withCounselBlock } from '../src/rules/counsel';
import { CASE_FILE_KIND, RETENTION_CASE_FILE_KIND, RULE_FILE_KINDS, SUNSHINE_CASE_FILE_KIND } from '../src/rules/file-kinds';
import { loadRetentionCases } from '../src/rules/retention-cases';
import { buildRuleSet, checkRuleFiles, DEFAULT_RULES_DIR, readRuleFiles, RuleSetError } from '../src/rules/load';
import { loadReleaseCases } from '../src/rules/release-cases';
import { loadSunshineCases } from '../src/rules/sunshine-cases';
import { compileQuestions } from '../src/engine/questions';
import { missingFactPatterns } from '../src/engine/missing-facts';
import { unansweredMissingFacts } from '../src/rules';
import { parseQuestions } from '../src/rules/load-schedules';
import { questionRouteProblems } from '../src/http/question-routes';
import { declaredRoutes } from './support/route-table';

const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const dirArg = args.find((a) => a !== '--check');
const dir = dirArg ?? DEFAULT_RULES_DIR;
const schemaDir = join(dir, '..', 'schema');
let errors = 0;
const fail = (msg: string): void => {
  errors++;
  console.error(`  ✗ ${msg}`);
};

const stale: string[] = [];
/** Writes `content` to `path`, or under --check notes that the file does not hold it (reported at the end). */
function generated(path: string, content: string, what: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) return;
  if (checkOnly) stale.push(what);
  else {
    writeFileSync(path, content);
    console.log(`${what} updated`);
  }
}

if (!checkOnly) mkdirSync(schemaDir, { recursive: true });
const schemaKinds = [
  ...RULE_FILE_KINDS,
  CASE_FILE_KIND,
  SUNSHINE_CASE_FILE_KIND,
  RETENTION_CASE_FILE_KIND,
  { name: 'counsel', schema: CounselList },
];
for (const kind of schemaKinds) {
  const schema = z.toJSONSchema(kind.schema, { io: 'input', unrepresentable: 'any' });
  const path = join(schemaDir, `${kind.name}.schema.json`);
  generated(path, `${JSON.stringify(schema, null, 2)}\n`, path);
}
console.log(`JSON Schemas ${checkOnly ? 'compared with' : 'written to'} ${schemaDir}/ (${schemaKinds.map((k) => k.name).join(', ')})`);

const files = readRuleFiles(dir);
console.log(`\n${dir}: ${Object.keys(files).length} files (cases/ excluded)`);
for (const c of checkRuleFiles(files)) {
  if (c.problems.length > 0) {
    fail(`${c.path} [${c.kind ?? 'yaml'}]`);
    for (const p of c.problems) console.error(`      ${p}`);
  } else {
    console.log(`  ✓ ${c.path}${c.kind ? ` [${c.kind}]` : ' [no schema registered: YAML syntax only]'}`);
  }
}

function summarizeRuleSet(): void {
  try {
    const ruleSet = buildRuleSet(files);
    const engine = createReleaseEngine(ruleSet);
    const decisions = ruleSet.release.filter((r) => r.kind === 'decision');
    const versions = ruleSet.release.reduce((n, r) => n + r.versions.length, 0);
    const verify = ruleSet.release.reduce((n, r) => n + r.versions.reduce((m, v) => m + (v.verify?.length ?? 0), 0), 0);
    console.log(`\nrulesVersion ${engine.rulesVersion}`);
    console.log(
      `  ${decisions.length} decision rules, ${ruleSet.release.length - decisions.length} redaction rules, ${versions} versions, ${ruleSet.parameters.versions.length} parameter versions, ${verify} (verify) notes`,
    );
    console.log(`  order: ${decisions.map((r) => r.id).join(' > ')}`);
    console.log('\n(verify) points for counsel:');
    for (const r of ruleSet.release)
      for (const v of r.versions) for (const note of v.verify ?? []) console.log(`  - ${r.id} (from ${v.effectiveFrom}): ${note}`);
    for (const v of ruleSet.parameters.versions)
      for (const note of v.verify ?? []) console.log(`  - parameters (from ${v.effectiveFrom}): ${note}`);
    summarizeQuestions(ruleSet);
  } catch (e) {
    if (e instanceof RuleSetError) e.problems.forEach(fail);
    else fail(`release rules do not compile: ${(e as Error).message}`);
  }
}

/** questions.yaml: every missing-fact name the engine and the rules can produce must have a question. */
function summarizeQuestions(ruleSet: ReturnType<typeof buildRuleSet>): void {
  const text = files['questions.yaml'];
  if (text === undefined) {
    fail('questions.yaml: missing (every missing fact needs its question)');
    return;
  }
  const questions = compileQuestions(parseQuestions(text));
  const by = (who: string): number => questions.list.filter((q) => q.answeredBy === who).length;
  const patterns = missingFactPatterns(ruleSet.release);
  console.log(
    `\nquestions.yaml: ${questions.list.length} questions (prosecutor ${by('prosecutor')}, clerk ${by('clerk')}, counsel ${by('counsel')}) for ${patterns.length} missing-fact patterns`,
  );
  unansweredMissingFacts(ruleSet, questions).forEach(fail);
  // Each question's form route, against the routes the service mounts (finding 14).
  const routes = declaredRoutes();
  const routeProblems = questionRouteProblems(questions.list, routes);
  routeProblems.forEach(fail);
  if (routeProblems.length === 0)
    console.log(`  every question's form.api is one of the service's ${routes.length} API routes and takes its form.fields`);
}
if (errors > 0) console.error('\n  release rules not assembled: fix the files above first');
else summarizeRuleSet();

try {
  const cases = loadReleaseCases(join(dir, 'cases'));
  console.log(`\ncases/: ${cases.length} release cases valid`);
} catch (e) {
  fail(`cases/: ${(e as Error).message}`);
}
try {
  const sunshineCases = loadSunshineCases(join(dir, 'cases', 'sunshine'));
  console.log(`cases/sunshine/: ${sunshineCases.length} due-date cases valid`);
} catch (e) {
  fail(`cases/sunshine/: ${(e as Error).message}`);
}
try {
  const retentionCases = loadRetentionCases(join(dir, 'cases', 'retention'));
  console.log(`cases/retention/: ${retentionCases.length} retention cases valid`);
} catch (e) {
  fail(`cases/retention/: ${(e as Error).message}`);
}

// The counsel list: every open legal question with the default in force and why; the README's
// copy is regenerated from it when this runs on the project's own rules.
try {
  const counsel = loadCounselList(dir);
  const missing = uncoveredRefs(counsel);
  if (missing.length > 0)
    fail(`counsel.yaml: no entry names ${missing.join(', ')} (every part C row and further point of the review needs one)`);
  if (!checkOnly) console.log(`\n${renderCounselText(counsel)}`);
  const readme = join(dir, '..', '..', 'README.md');
  if (dirArg === undefined && existsSync(readme))
    generated(readme, withCounselBlock(readFileSync(readme, 'utf8'), counsel), 'README.md counsel list');
} catch (e) {
  fail(`counsel.yaml: ${(e as Error).message}`);
}

for (const what of stale) fail(`${what} is stale: run \`npm run rules:check\` and commit the result`);
if (errors > 0) {
  console.error(`\n${errors} error(s)`);
  process.exit(1);
}
console.log('\nrules OK');
