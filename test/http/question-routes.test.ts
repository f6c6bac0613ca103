import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { type Question, QuestionsFile } from '../../src/engine/question-schema';
import { acceptsField, questionRouteProblems } from '../../src/http/question-routes';
import { loadRules } from '../../src/rules';
import { declaredRoutes } from '../../scripts/support/route-table';

const routes = declaredRoutes();
const questions = loadRules('rules/missouri').questions.list;
const one = (over: Partial<Question['form']>, fact = 'orders.{orderNumber}.juvenileCourt'): Question =>
  QuestionsFile.parse({
    questions: [
      {
        id: 'a-question',
        fact,
        question: 'Which court made this order?',
        answeredBy: 'prosecutor',
        publicText: 'which court made the order',
        form: {
          href: '#/release/{recordingId}',
          api: 'POST /api/v1/court-orders/{orderNumber}/juvenile-court',
          fields: ['juvenileCourt'],
          ...over,
        },
      },
    ],
  }).questions[0]!;

describe("questions.yaml against the service's route table (finding 14)", () => {
  it('finds every question’s API route among the routes the service mounts, taking every field it names', () => {
    expect(routes.length).to.be.greaterThan(50);
    expect(questionRouteProblems(questions, routes)).to.deep.equal([]);
  });

  it('matches a route by method and path template, whatever its placeholders are called', () => {
    expect(
      questionRouteProblems([one({ api: 'POST /api/v1/court-orders/{n}/juvenile-court' }, 'orders.{n}.juvenileCourt')], routes),
    ).to.deep.equal([]);
    expect(questionRouteProblems([one({ api: 'PUT /api/v1/court-orders/{orderNumber}/juvenile-court' })], routes)).to.deep.equal([
      'questions.yaml: a-question: form.api PUT /api/v1/court-orders/{orderNumber}/juvenile-court is not a route of the service',
    ]);
  });

  it('reports a question whose route does not exist', () => {
    expect(questionRouteProblems([one({ api: 'POST /api/v1/agency-motions/{orderNumber}' })], routes)).to.deep.equal([
      'questions.yaml: a-question: form.api POST /api/v1/agency-motions/{orderNumber} is not a route of the service',
    ]);
  });

  it('reports a field the route’s body does not accept, and a route that takes no body', () => {
    expect(questionRouteProblems([one({ fields: ['juvenileCourt', 'court'] })], routes)).to.deep.equal([
      'questions.yaml: a-question: form.api POST /api/v1/court-orders/{orderNumber}/juvenile-court has no body field court (form.fields)',
    ]);
    expect(questionRouteProblems([one({ api: 'GET /api/v1/court-orders/{orderNumber}' })], routes)[0]).to.contain('takes no body');
  });

  it('reads a dotted field through optional, nullable, defaulted, transformed, array and union parts of a body', () => {
    const body = z.strictObject({
      claim: z.strictObject({ writtenRequest: z.boolean().optional() }).optional(),
      location: z.strictObject({ nonpublic: z.boolean() }).nullable().default(null),
      tags: z.array(z.strictObject({ name: z.string() })).transform((a) => a),
      scope: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('recording'), recordingId: z.string() }),
        z.strictObject({ kind: z.literal('case'), caseNumber: z.string() }),
      ]),
    });
    for (const ok of ['claim.writtenRequest', 'location.nonpublic', 'tags.name', 'scope.caseNumber', 'scope.recordingId', 'claim'])
      expect(acceptsField(body, ok.split('.')), ok).to.equal(true);
    for (const bad of ['claim.subjectMinor', 'location.kind', 'scope.requestNumber', 'toString', 'claim.writtenRequest.x'])
      expect(acceptsField(body, bad.split('.')), bad).to.equal(false);
  });

  it('makes npm run rules:check fail on a question naming a route that does not exist', async function () {
    this.timeout(120_000);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'question-routes-'));
    try {
      cpSync('rules', path.join(tmp, 'rules'), { recursive: true });
      const file = path.join(tmp, 'rules/missouri/questions.yaml');
      const text = readFileSync(file, 'utf8');
      const from = 'api: "POST /api/v1/court-orders/{orderNumber}/juvenile-court"';
      expect(text).to.contain(from);
      writeFileSync(file, text.replace(from, 'api: "POST /api/v1/court-orders/{orderNumber}/which-court"'));
      const run = promisify(execFile);
      const tsx = path.resolve('node_modules/.bin/tsx');
      const err = await run(tsx, ['scripts/rules-check.ts', '--check', path.join(tmp, 'rules/missouri')]).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err, 'rules:check exits non-zero').to.not.equal(null);
      expect(err?.stderr).to.contain(
        'order-juvenile-court: form.api POST /api/v1/court-orders/{orderNumber}/which-court is not a route of the service',
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
