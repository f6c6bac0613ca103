/** Query, body and response schemas of the eligibility, decision-log and rules routes. */
import { z } from 'zod';
import { CounselDeterminationFacts } from '../../engine/counsel';
import { Id } from '../../domain/catalog/catalog.schemas';
import { RequesterClaimInput } from '../../domain/requests/requests.schemas';
import {
  CaseFacts,
  CourtOrderFacts,
  Decision,
  RequesterClaim,
  HoldFacts,
  RecordingFacts,
  RequestFacts,
  RetentionReviewFacts,
} from '../../engine/facts';
import { AsOf } from '../common.schemas';
import { AnsweredByEnum, OutcomeEnum, RequesterKindEnum, RoleEnum } from '../vocabulary';

/** The question behind a missing fact (rules/missouri/questions.yaml): what to ask, who answers it, and the form that supplies it. */
export const MissingFactQuestion = z
  .object({
    fact: z.string().describe('The missing or contradictory fact, as the decision names it'),
    questionId: z.string().describe('Stable id of the question in questions.yaml'),
    text: z.string().describe('The question in plain words'),
    answeredBy: AnsweredByEnum,
    form: z.object({
      href: z.string().describe("The web app's form that answers it, pre-filled (a hash route)"),
      api: z.string().describe('The API route that form posts to, as METHOD /path'),
    }),
  })
  .meta({ id: 'MissingFactQuestion' });
export type MissingFactQuestion = z.infer<typeof MissingFactQuestion>;
const Questions = z
  .array(MissingFactQuestion)
  .describe('The question behind each missing fact, in the order of missingFacts: who answers it and where');

export const LoggedDecision = Decision.extend({ decisionId: z.string(), knownAt: z.string(), questions: Questions }).meta({
  id: 'Decision',
});

export const EligibilityQuery = z.object({
  requester: RequesterKindEnum.default('public'),
  asOf: AsOf.optional(),
  knownAt: AsOf.optional(),
});

export const BatchBody = z.strictObject({
  recordingIds: z.array(Id).min(1).max(1000),
  requester: RequesterKindEnum,
  /** What the requester has shown: the involved-person, victim and next-of-kin routes need it. */
  claim: RequesterClaimInput.optional(),
  asOf: AsOf.optional(),
  knownAt: AsOf.optional(),
});
export const BatchView = z.object({ decisions: z.array(LoggedDecision), notFound: z.array(z.string()) }).meta({ id: 'DecisionBatch' });

/** The facts exactly as given to the engine (the engine's own input schemas). */
const FactBundleView = z
  .object({
    recording: RecordingFacts,
    cases: z.array(CaseFacts),
    orders: z.array(CourtOrderFacts),
    holds: z.array(HoldFacts),
    requests: z.array(RequestFacts),
    reviews: z
      .array(RetentionReviewFacts)
      .optional()
      .describe('Manual reviews releasing a closed record (absent on entries logged before they were recorded)'),
    determinations: z
      .array(CounselDeterminationFacts)
      .optional()
      .describe("Counsel's determinations concerning the recording (absent on entries logged before they existed)"),
  })
  .meta({ id: 'DecisionFacts' });

export const DecisionLogView = z
  .object({
    decisionId: z.string(),
    recordingId: z.string(),
    actor: z.object({ sub: z.string(), role: RoleEnum }),
    requester: RequesterKindEnum,
    claim: RequesterClaim.nullable().describe('What the requester had shown, as given to the engine; null: nothing recorded'),
    requestNumber: z.string().nullable().describe('The request answered, whose counsel determinations applied; null: none'),
    asOf: z.string(),
    knownAt: z.string(),
    outcome: OutcomeEnum,
    rulesVersion: z.string(),
    engineVersion: z.string().nullable().describe('Null for decisions logged before the engine version was recorded'),
    createdAt: z.string(),
    facts: FactBundleView,
    decision: Decision,
    questions: Questions,
  })
  .meta({ id: 'DecisionLogEntry' });
export type DecisionLogView = z.infer<typeof DecisionLogView>;

export const ReplayView = z
  .object({
    decisionId: z.string(),
    identical: z.boolean(),
    sameOutcome: z.boolean(),
    sameExceptRulesVersion: z.boolean(),
    storedRulesVersion: z.string(),
    currentRulesVersion: z.string(),
    storedEngineVersion: z.string().nullable(),
    currentEngineVersion: z.string(),
    stored: Decision,
    replayed: Decision,
  })
  .meta({ id: 'DecisionReplay' });

export const RulesView = z
  .object({
    rulesVersion: z.string(),
    engineVersion: z.string(),
    release: z.array(
      z.object({
        id: z.string(),
        order: z.number(),
        versions: z.array(z.object({ effectiveFrom: z.string(), effectiveTo: z.string().nullable(), citations: z.array(z.string()) })),
      }),
    ),
  })
  .meta({ id: 'RulesInForce' });
export type RulesView = z.infer<typeof RulesView>;

// Segments start with a word character or '-', so '..' can never be a segment; no lookahead (generators can match it).
const RULE_FILE_PATH = /^[\w-][\w-]*(?:\.[\w-]+)*(?:\/[\w-][\w-]*(?:\.[\w-]+)*)*\.ya?ml$/;
export const ImpactBody = z
  .strictObject({
    files: z
      .array(
        z.strictObject({
          path: z.string().max(200).regex(RULE_FILE_PATH, 'a relative .yaml path such as release/070-active.yaml, without ..'),
          text: z.string().max(256 * 1024),
        }),
      )
      .min(1)
      .max(200),
  })
  .describe(
    'A complete candidate rule bundle (every file the rules directory holds, e.g. parameters.yaml); files that do not form a valid bundle are refused with 422 naming each problem',
  );

const Tally = z.object({ count: z.number().int(), samples: z.array(z.string()).describe('Up to 5 recording ids') });
export const ImpactView = z
  .object({
    currentRulesVersion: z.string(),
    candidateRulesVersion: z.string(),
    asOf: z.string(),
    recordings: z.number().int(),
    release: z.record(z.string(), Tally).describe('Public release outcome transitions, keyed "<current> → <candidate>"'),
    retentionStatus: z.record(z.string(), Tally).describe('Retention status transitions, keyed "<current> → <candidate>"'),
    retainUntil: z.object({ earlier: Tally, later: Tally, unchanged: z.number().int() }),
    seconds: z.number(),
  })
  .meta({ id: 'RuleImpact' });
