/** Release eligibility for any requester, legal date (asOf) and state of knowledge (knownAt); decision log and replay. */
import { z } from 'zod';
import { Id } from '../../domain/catalog/catalog.schemas';
import { candidateFromFiles } from '../../domain/rules/impact.service';
import { notFound } from '../../errors';
import type { AppDeps } from '../../deps';
import { type RouteDef, actorOf, route } from '../route';
import { presentDecision, presentDecisionLogEntry, presentRules } from './eligibility.presenter';
import {
  BatchBody,
  BatchView,
  DecisionLogView,
  EligibilityQuery,
  ImpactBody,
  ImpactView,
  LoggedDecision,
  ReplayView,
  RulesView,
} from './eligibility.schemas';

export function eligibilityRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services;
  return [
    route({
      method: 'get',
      path: '/api/v1/recordings/:recordingId/eligibility',
      tag: 'eligibility',
      summary: 'May this recording be released to this requester on asOf (with what was known at knownAt)? Logged.',
      params: z.object({ recordingId: Id }),
      query: EligibilityQuery,
      response: LoggedDecision,
      handler: async (input) => {
        const { decisions, logged } = await s.eligibility.decideLogging(
          [input.params.recordingId],
          input.query.requester,
          input.query,
          actorOf(input),
          deps.now(),
        );
        input.durable(logged);
        const d = decisions[0];
        if (!d) throw notFound('Recording', input.params.recordingId);
        return presentDecision(d, s.rules.questions);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/eligibility',
      tag: 'eligibility',
      summary: 'Decisions for up to 1000 recordings and one requester kind. Logged.',
      body: BatchBody,
      response: BatchView,
      handler: async (input) => {
        const { logged, ...out } = await s.eligibility.decideLogging(
          input.body.recordingIds,
          input.body.requester,
          input.body,
          actorOf(input),
          deps.now(),
        );
        input.durable(logged);
        return { ...out, decisions: out.decisions.map((d) => presentDecision(d, s.rules.questions)) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/decisions/:id',
      tag: 'eligibility',
      summary: 'A logged decision with the facts it used',
      params: z.object({ id: Id }),
      response: DecisionLogView,
      handler: async ({ params }) => presentDecisionLogEntry(await s.eligibility.get(params.id), s.rules.questions),
    }),
    route({
      method: 'post',
      path: '/api/v1/decisions/:id/replay',
      tag: 'eligibility',
      summary: 'Re-evaluate a logged decision from its stored facts; reports whether the result is identical',
      params: z.object({ id: Id }),
      response: ReplayView,
      handler: async ({ params }) => s.eligibility.replay(params.id),
    }),
    route({
      method: 'get',
      path: '/api/v1/rules',
      tag: 'eligibility',
      summary: 'The rules in force: version, release rules with citations and effective dates',
      response: RulesView,
      handler: () => presentRules(s.rules),
    }),
    route({
      method: 'post',
      path: '/api/v1/rules/impact',
      tag: 'eligibility',
      summary:
        'Preview a candidate rule bundle: transitions over the whole catalog (release outcome, retention status, retain-until), writing nothing',
      body: ImpactBody,
      response: ImpactView,
      handler: async ({ body }) =>
        s.impact.preview(candidateFromFiles(Object.fromEntries(body.files.map((f) => [f.path, f.text]))), deps.now()),
    }),
  ];
}
