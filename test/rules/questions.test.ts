import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REQUESTER_KINDS } from '../../src/engine/facts';
import { missingFactPatterns } from '../../src/engine/missing-facts';
import { QuestionsFile } from '../../src/engine/question-schema';
import {
  compileQuestions,
  invalidAnswers,
  matchesPattern,
  PHRASE_MEMO_SIZE,
  publicPhrases,
  questionFor,
  questionIdFor,
  questionsFor,
  unansweredPatterns,
} from '../../src/engine/questions';
import { loadRules, rulesFromFiles, unansweredMissingFacts } from '../../src/rules';
import { readRuleFiles } from '../../src/rules/load';
import { loadReleaseCases, runCase } from '../../src/rules/release-cases';

const rules = loadRules('rules/missouri');
const q = rules.questions;
const question = (over: Record<string, unknown> = {}) => ({
  id: 'a-question',
  fact: 'cases.{caseNumber}.events.sentenced[{defendant}]',
  question: 'When was {defendant} sentenced in {caseNumber}?',
  answeredBy: 'prosecutor',
  publicText: 'whether a sentence has been imposed in case {caseNumber}',
  form: {
    href: '#/cases/{caseNumber}?event=sentenced&defendant={defendant}',
    api: 'POST /api/v1/cases/{caseNumber}/events',
    fields: ['type', 'defendantId', 'date'],
  },
  ...over,
});

describe('the questions behind missing facts (rules/missouri/questions.yaml)', () => {
  it('asks what was the outcome for a defendant, in words, with the prosecutor and the pre-filled event form', () => {
    const m = questionFor(q, 'cases.KC23-000037.events.disposition[D2]', { recordingId: 'R-1', requester: 'public' });
    expect(m).to.deep.include({ fact: 'cases.KC23-000037.events.disposition[D2]', questionId: 'case-defendant-disposition', answeredBy: 'prosecutor' });
    expect(m?.text).to.match(/^What was the outcome for defendant D2 in case KC23-000037: acquitted, convicted, dismissed/);
    expect(m?.form).to.deep.equal({ href: '#/cases/KC23-000037?defendant=D2', api: 'POST /api/v1/cases/KC23-000037/events' });
  });

  it('sends a mixed outcome to counsel, with the determination form pre-filled with the recording, the case and the fact', () => {
    const m = questionFor(q, 'cases.KC23-000037.disposition.mixed', { recordingId: 'REC 1' });
    expect(m?.answeredBy).to.equal('counsel');
    expect(m?.form.href).to.equal(
      '#/determinations/new?recordingId=REC%201&caseNumber=KC23-000037&fact=cases.KC23-000037.disposition.mixed',
    );
    expect(m?.form.api).to.equal('POST /api/v1/determinations');
  });

  it('prefers the most specific pattern: a case limitation is not read as a case number "KC1.limitation"', () => {
    expect(questionIdFor(q, 'cases.KC1.limitation')).to.equal('case-limitation');
    expect(questionIdFor(q, 'cases.KC1.limitation.period')).to.equal('case-limitation-period');
    expect(questionIdFor(q, 'cases.KC1')).to.equal('case-not-recorded');
    expect(questionIdFor(q, 'cases.KC1.events.charged.statutes')).to.equal('case-charged-event-statutes');
  });

  it('fills placeholders from contradictions and order conflicts, and encodes them in links only', () => {
    const c = questionFor(q, 'orders.conflict[CO 1/CO-2]', { recordingId: 'R-1' });
    expect(c?.text).to.contain('Release order CO-2 was issued after closure order CO 1');
    expect(c?.form.href).to.equal('#/determinations/new?recordingId=R-1&fact=orders.conflict%5BCO%201%2FCO-2%5D');
    const n = questionFor(q, 'recording.nonpublic (contradicts locationKind dwelling)', { recordingId: 'R-1' });
    expect(n?.questionId).to.equal('recording-nonpublic-contradicts-location');
    expect(n?.text).to.contain('its place is recorded as dwelling');
  });

  it('leaves out a link parameter the caller has no value for', () => {
    expect(questionFor(q, 'recording.redactionReview')?.form.href).to.equal('#/release/');
    expect(questionFor(q, 'recording.redactionReview', { recordingId: 'R-9', requester: 'public' })?.form.href).to.equal(
      '#/release/R-9?requester=public',
    );
  });

  it('answers null for a name no question matches, and questionsFor keeps the order of the names it can answer', () => {
    expect(questionFor(q, 'no.such.fact')).to.equal(null);
    expect(questionsFor(q, ['requester.nokRank', 'no.such.fact', 'rules.inForce']).map((m) => m.questionId)).to.deep.equal([
      'requester-nok-rank',
      'rules-in-force',
    ]);
  });

  it('refuses a question whose text, link or API route uses a placeholder its fact does not have', () => {
    expect(QuestionsFile.safeParse({ questions: [question()] }).success).to.equal(true);
    const bad = QuestionsFile.safeParse({ questions: [question({ question: 'Who is {suspect}?' })] });
    expect(bad.success).to.equal(false);
    expect(bad.error?.issues[0]?.message).to.contain('{suspect}');
    expect(QuestionsFile.safeParse({ questions: [question({ form: { href: '#/x/{nope}', api: 'POST /x', fields: ['x'] } })] }).success).to.equal(false);
    expect(QuestionsFile.safeParse({ questions: [question({ fact: 'a.{x}{y}' })] }).success).to.equal(false);
    expect(QuestionsFile.safeParse({ questions: [question({ fact: 'a.{x' })] }).success).to.equal(false);
    expect(QuestionsFile.safeParse({ questions: [question({ answeredBy: 'admin' })] }).success).to.equal(false);
  });

  it("refuses a requester-facing phrase that prints a defendant's id or a placeholder its fact does not have (counsel session 8, L3)", () => {
    const defendant = QuestionsFile.safeParse({ questions: [question({ publicText: 'the sentence of {defendant}' })] });
    expect(defendant.success).to.equal(false);
    expect(defendant.error?.issues[0]?.path).to.deep.equal(['questions', 0, 'publicText']);
    expect(QuestionsFile.safeParse({ questions: [question({ publicText: 'the case of {recordingId}' })] }).success).to.equal(false);
    expect(QuestionsFile.safeParse({ questions: [question({ publicText: undefined })] }).success).to.equal(false);
  });

  it('phrases missing facts for the requester, each once, with the case number filled in', () => {
    expect(publicPhrases(q, ['cases.KC-1.offenseDate', 'requester.identityVerified', 'cases.KC-1.limitation.period'])).to.equal(
      "the date of the offense in case KC-1; the requester's identity; and the time limit for filing charges in case KC-1",
    );
    expect(publicPhrases(q, ['cases.KC-1.events.disposition[D2]'])).to.equal('the outcome of the charges in case KC-1');
    expect(publicPhrases(q, ['no.such.fact'])).to.equal('a fact still being established');
  });

  it('phrases from its memo exactly as afresh, and starts the memo afresh once it holds PHRASE_MEMO_SIZE entries', () => {
    const own = compileQuestions(QuestionsFile.parse(rules.ruleSet.documents['questions.yaml']));
    const missing = ['cases.KC-1.offenseDate', 'requester.identityVerified'];
    const first = publicPhrases(own, missing);
    expect(publicPhrases(own, missing)).to.equal(first);
    expect(first).to.equal(publicPhrases(compileQuestions(QuestionsFile.parse(rules.ruleSet.documents['questions.yaml'])), missing));
    for (let i = 0; own.phrases.size < PHRASE_MEMO_SIZE; i++) publicPhrases(own, [`cases.KC-${i}.offenseDate`]);
    publicPhrases(own, ['cases.KC-X.offenseDate']);
    expect(own.phrases.size).to.equal(1);
    expect(publicPhrases(own, ['cases.KC-X.offenseDate'])).to.equal('the date of the offense in case KC-X');
  });

  it('refuses two questions with one id, or two patterns that match the same names', () => {
    expect(QuestionsFile.safeParse({ questions: [question(), question()] }).success).to.equal(false);
    const same = QuestionsFile.safeParse({
      questions: [question(), question({ id: 'other', fact: 'cases.{n}.events.sentenced[{d}]', question: 'q', publicText: 'p', form: { href: '#/', api: 'GET /', fields: ['x'] } })],
    });
    expect(same.success).to.equal(false);
    expect(same.error?.issues[0]?.message).to.contain('same names as question a-question');
  });

  it('has a question for every missing-fact pattern the engine and the rules declare', () => {
    expect(unansweredMissingFacts(rules.ruleSet, q)).to.deep.equal([]);
    expect(missingFactPatterns(rules.ruleSet.release).length).to.be.greaterThan(40);
  });

  it('finds a pattern unanswered when only a looser pattern would match it by swallowing literal text', () => {
    const loose = compileQuestions(QuestionsFile.parse({ questions: [question({ fact: 'cases.{caseNumber}', question: 'q', form: { href: '#/', api: 'GET /', fields: ['x'] } })] }));
    expect(unansweredPatterns(loose, ['cases.{caseNumber}', 'cases.{caseNumber}.offenseDate'])).to.deep.equal(['cases.{caseNumber}.offenseDate']);
  });

  it('refuses a rule set whose rule names a missing fact no question answers', () => {
    const files = readRuleFiles('rules/missouri');
    const rule = 'release/100-unclassified.yaml';
    files[rule] = files[rule]!.replace('missingFacts: [recording.category]', 'missingFacts: [recording.category, recording.noSuchQuestion]');
    expect(() => rulesFromFiles(files)).to.throw(/no question matches recording\.noSuchQuestion \(named by rule MO-UNCLASSIFIED/);
  });

  it('makes npm run rules:check fail on a rule naming a missing fact that has no question', async function () {
    this.timeout(60_000);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'questions-check-'));
    try {
      cpSync('rules', path.join(tmp, 'rules'), { recursive: true });
      const rule = path.join(tmp, 'rules/missouri/release/100-unclassified.yaml');
      writeFileSync(rule, readFileSync(rule, 'utf8').replace('missingFacts: [recording.category]', 'missingFacts: [recording.category, counsel.noSuchQuestion]'));
      const run = promisify(execFile);
      const tsx = path.resolve('node_modules/.bin/tsx');
      const err = await run(tsx, ['scripts/rules-check.ts', '--check', path.join(tmp, 'rules/missouri')]).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err, 'rules:check exits non-zero').to.not.equal(null);
      expect(err?.stderr).to.contain('no question matches counsel.noSuchQuestion (named by rule MO-UNCLASSIFIED');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('answers every missing fact every rule case produces, for every requester kind, and each is a declared pattern', () => {
    const patterns = missingFactPatterns(rules.ruleSet.release);
    const named = new Set<string>();
    for (const { case: c } of loadReleaseCases('rules/missouri/cases'))
      for (const requester of REQUESTER_KINDS)
        for (const m of runCase(rules.release, { ...c, requester }, rules.ruleSet).missingFacts) named.add(m);
    const names = [...named].sort();
    expect(names.length).to.be.greaterThan(15);
    expect(names.filter((m) => questionFor(q, m) === null), 'names without a question').to.deep.equal([]);
    expect(names.filter((m) => !patterns.some((p) => matchesPattern(p, m))), 'names no producer declares').to.deep.equal([]);
  });
});

describe("which questions a counsel determination may answer (counsel review, session 4)", () => {
  const { questions } = loadRules();

  it("refuses a prosecutor's or clerk's question, and a release of a court order's question", () => {
    expect(invalidAnswers(questions, ['case-mixed-outcome', 'cases.KC-1.disposition.mixed'], 'release')).to.deep.equal([]);
    expect(invalidAnswers(questions, ['order-juvenile-court', 'orders.O1.juvenileCourt', 'recording.crimeScene'], 'withhold')).to.deep.equal([
      'order-juvenile-court',
      'orders.O1.juvenileCourt',
      'recording.crimeScene',
    ]);
    expect(invalidAnswers(questions, ['orders.O1.otherCourtOpensJuvenileRecord'], 'release')).to.deep.equal([
      'orders.O1.otherCourtOpensJuvenileRecord',
    ]);
    expect(invalidAnswers(questions, ['orders.O1.otherCourtOpensJuvenileRecord'], 'withhold')).to.deep.equal([]);
    expect(invalidAnswers(questions, ['agency.motion610_100_4', 'no-such-question'], 'withhold')).to.have.length(2);
  });

  it('lets only counsel questions carry a determination', () => {
    for (const q of questions.list) if (q.determination !== undefined) expect(q.answeredBy, q.id).to.equal('counsel');
  });
});
