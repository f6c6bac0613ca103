/**
 * `npm run review:report -- [--seed-recordings 100000] [--as-of 2026-11-20]`: what waits for legal
 * review in the configured database (seeded first with `npm run seed`'s synthetic department when
 * --seed-recordings is given): the share of recordings in review, the distinct questions behind
 * them, and how many of those a prosecutor's or a clerk's form answers without counsel.
 */
import { parseArgs } from 'node:util';
import { seedDepartment } from './seed-department';
import { runCli, withDeps } from './cli';

runCli(async () => {
  const { values } = parseArgs({ options: { 'seed-recordings': { type: 'string' }, 'as-of': { type: 'string' } } });
  const asOf = values['as-of'] ? new Date(`${values['as-of']}T18:00:00Z`) : new Date();
  await withDeps(async (deps) => {
    if (values['seed-recordings']) {
      const n = Number(values['seed-recordings']);
      const r = await seedDepartment(deps, { recordings: n, seed: 42, asOf, years: 4, batches: 3 });
      console.log(`seeded ${n} recordings in ${r.seconds.toFixed(0)} s`);
    }
    const t0 = performance.now();
    const page = await deps.services.review.queue({ limit: 1 });
    const queueMs = performance.now() - t0;
    const summary = await deps.services.review.summary(asOf, 86_400_000);
    const total = await deps.models.Recording.countDocuments({ destruction: null });
    const byRole = { prosecutor: 0, clerk: 0, counsel: 0 };
    for (const g of page.groups) byRole[g.answeredBy] += 1;
    const out = {
      recordings: total,
      inReview: summary.recordings,
      shareInReview: total ? Number((summary.recordings / total).toFixed(4)) : 0,
      items: summary.items,
      distinctQuestions: page.groups.length,
      questionsByWhoAnswers: byRole,
      questionsAnsweredWithoutCounsel: byRole.prosecutor + byRole.clerk,
      queueFirstPageMs: Math.round(queueMs),
      groups: page.groups.map((g) => ({ questionId: g.questionId, answeredBy: g.answeredBy, items: g.items, recordings: g.recordings })),
    };
    console.log(JSON.stringify(out, null, 2));
  });
});
