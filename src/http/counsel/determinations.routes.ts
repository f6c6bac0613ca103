/** Counsel determinations (issue 16): record, supersede, withdraw (counsel, admin); list and read (staff). */
import { z } from 'zod';
import { DeterminationInput, SupersedeInput, WithdrawInput } from '../../domain/counsel/determinations.schemas';
import { statusOf, scopeOf } from '../../domain/counsel/determination-facts';
import type { StoredDetermination } from '../../domain/counsel/ports';
import { legalDay, legalIsoOrNull } from '../../engine/legal-time';
import { notFound } from '../../errors';
import type { AppDeps } from '../../deps';
import { Id } from '../common.schemas';
import { type RouteDef, actorOf, route } from '../route';
import {
  DeterminationOutcomeEnum,
  DeterminationScopeKindEnum,
  DeterminationStatusEnum,
  DigestPartEnum,
  RequesterKindEnum,
} from '../vocabulary';

const NumberParams = z.object({ number: z.string().min(1).max(32) });
const ListQuery = z.object({ recordingId: Id.optional(), caseNumber: Id.optional(), requestNumber: Id.optional() });

export const DeterminationView = z
  .object({
    number: z.string(),
    scope: z.object({
      kind: DeterminationScopeKindEnum,
      recordingId: z.string().nullable(),
      caseNumber: z.string().nullable(),
      requestNumber: z.string().nullable(),
    }),
    requesterKinds: z.array(RequesterKindEnum),
    outcome: DeterminationOutcomeEnum,
    /** Each: what the public is told (in letters) and the staff's instruction (internal). */
    redactions: z.array(z.object({ publicDescription: z.string(), instruction: z.string() })),
    /** Public: the provision of law relied on. */
    citation: z.string(),
    /** Public: the ground decisions and letters give. */
    publicStatement: z.string(),
    /** Internal: counsel's reasoning (privileged), shown to staff here and never in a decision or letter. */
    reasoning: z.string(),
    expiresOn: z.string().nullable(),
    answers: z.array(z.string()),
    /** The facts it was made on: one SHA-256 per part, the law (rulesVersion) and, for a request scope, the claim (src/engine/counsel.ts). */
    factsDigest: z.object({
      parts: z.array(z.object({ part: DigestPartEnum, key: z.string(), digest: z.string() })),
      law: z.string(),
      claim: z.string().nullable(),
    }),
    enteredAt: z.string(),
    enteredBy: z.string(),
    supersedes: z.string().nullable(),
    supersededBy: z.string().nullable(),
    withdrawal: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
    /** Where it stands today (a decision as known at another moment works it out for that moment). */
    status: DeterminationStatusEnum,
  })
  .meta({ id: 'CounselDetermination' });
export type DeterminationView = z.infer<typeof DeterminationView>;

export function presentDetermination(d: StoredDetermination, now: Date): DeterminationView {
  const s = scopeOf(d);
  return {
    number: d._id,
    scope: {
      kind: s.kind,
      recordingId: s.kind === 'case' ? null : s.recordingId,
      caseNumber: s.kind === 'case' ? s.caseNumber : null,
      requestNumber: s.kind === 'recording_request' ? s.requestNumber : null,
    },
    requesterKinds: d.requesterKinds,
    outcome: d.outcome,
    redactions: d.redactions.map((r) => ({ publicDescription: r.publicDescription, instruction: r.instruction })),
    citation: d.citation,
    publicStatement: d.publicStatement,
    reasoning: d.reasoning,
    expiresOn: d.expiresOn,
    answers: d.answers,
    factsDigest: {
      parts: d.factsDigest.parts.map((p) => ({ part: p.part, key: p.key, digest: p.digest })),
      law: d.factsDigest.law,
      claim: d.factsDigest.claim,
    },
    enteredAt: legalIsoOrNull(d.enteredAt) ?? '',
    enteredBy: d.enteredBy,
    supersedes: d.supersedes,
    supersededBy: d.supersededBy,
    withdrawal: d.withdrawal ? { at: legalIsoOrNull(d.withdrawal.at) ?? '', by: d.withdrawal.by, reason: d.withdrawal.reason } : null,
    status: statusOf(d, legalDay(now)),
  };
}

export function determinationRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services;
  return [
    route({
      method: 'post',
      path: '/api/v1/determinations',
      tag: 'determinations',
      summary:
        "Record counsel's determination for a recording, a case, or a recording in one request; the recordings it concerns are re-decided",
      body: DeterminationInput,
      successStatus: 201,
      response: DeterminationView,
      handler: async (input) => presentDetermination(await s.determinations.create(input.body, actorOf(input), deps.now()), deps.now()),
    }),
    route({
      method: 'get',
      path: '/api/v1/determinations',
      tag: 'determinations',
      summary: "Counsel's determinations for a recording, a case or a request, newest first (every one ever entered, with its status)",
      query: ListQuery,
      response: z.object({ items: z.array(DeterminationView) }),
      handler: async ({ query }) => ({ items: (await s.determinations.list(query)).map((d) => presentDetermination(d, deps.now())) }),
    }),
    route({
      method: 'get',
      path: '/api/v1/determinations/:number',
      tag: 'determinations',
      summary: "One of counsel's determinations",
      params: NumberParams,
      response: DeterminationView,
      handler: async ({ params }) => {
        const d = await s.determinations.get(params.number);
        if (!d) throw notFound('Determination', params.number);
        return presentDetermination(d, deps.now());
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/determinations/:number/supersede',
      tag: 'determinations',
      summary: 'Record a determination replacing this one (same scope); it stops applying once the new one is known',
      params: NumberParams,
      body: SupersedeInput,
      successStatus: 201,
      response: DeterminationView,
      handler: async (input) =>
        presentDetermination(await s.determinations.supersede(input.params.number, input.body, actorOf(input), deps.now()), deps.now()),
    }),
    route({
      method: 'post',
      path: '/api/v1/determinations/:number/withdraw',
      tag: 'determinations',
      summary: 'Withdraw a determination from now on, saying why; the recordings it concerns are re-decided',
      params: NumberParams,
      body: WithdrawInput,
      response: DeterminationView,
      handler: async (input) =>
        presentDetermination(
          await s.determinations.withdraw(input.params.number, input.body.reason, actorOf(input), deps.now()),
          deps.now(),
        ),
    }),
  ];
}
