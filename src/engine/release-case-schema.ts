/**
 * Schema of the release test cases under rules/missouri/cases (OPA-style policy tests as
 * data): the facts, the moment, the requester and the decision wanted. Types are inferred;
 * `npm run rules:check` exports the JSON Schema as rules/schema/release-case.schema.json.
 */
import { z } from 'zod';
import {
  CaseFacts,
  CourtOrderFacts,
  IsoDate,
  IsoDateTime,
  Outcome,
  REDACTION_KINDS,
  RecordingFacts,
  RequesterClaim,
  RequesterKind,
  Route,
} from './facts';
import { RULE_ID } from './rule-schema';
import { CounselDeterminationFacts } from './counsel';

/**
 * A counsel determination in a case: its digest is worked out from the facts it was made on,
 * `madeOn` (by part; the case's own facts where a part is not given) as known at its entry.
 */
export const CaseDetermination = CounselDeterminationFacts.extend({
  factsDigest: CounselDeterminationFacts.shape.factsDigest.optional(),
  madeOn: z
    .strictObject({
      recording: RecordingFacts.optional(),
      cases: z.array(CaseFacts).optional(),
      orders: z.array(CourtOrderFacts).optional(),
      /** The requester's claim a request-scope determination was made on (else the case's claim). */
      claim: RequesterClaim.optional(),
    })
    .optional(),
});
export type CaseDetermination = z.infer<typeof CaseDetermination>;

const DateOrInstant = z.union([IsoDateTime, IsoDate]);

export const ReleaseCase = z
  .object({
    /** One sentence: the behaviour this case pins down; becomes the test name. */
    note: z.string().min(1),
    facts: z
      .object({
        recording: RecordingFacts,
        cases: z.array(CaseFacts).default([]),
        orders: z.array(CourtOrderFacts).default([]),
        /** Counsel's determinations on file (MO-COUNSEL). */
        determinations: z.array(CaseDetermination).default([]),
      })
      .strict(),
    /** The Sunshine request being answered (a determination for one request applies only to it). */
    requestNumber: z.string().min(1).optional(),
    /** Instant (or Chicago calendar date, read as its start) of the decision. */
    asOf: DateOrInstant,
    knownAt: DateOrInstant.optional(),
    requester: RequesterKind,
    /**
     * Opt-in parameters switched on for this case only (every parameter version), to pin down
     * what a decision under them does; the shipped parameters stay as they are.
     */
    parameters: z
      .strictObject({
        minorIdentityClosure: z.boolean().optional(),
        /** tenYearsWhileCharged.apply (review A19). */
        tenYearsWhileCharged: z.boolean().optional(),
        /** juvenileClosureScope.scope (review A10). */
        juvenileClosureScope: z.enum(['case', 'child']).optional(),
        /** certiorari.wait (counsel review 0453 finding 15): false = the opt-in that does not await the certiorari period. */
        certiorariWait: z.boolean().optional(),
      })
      .optional(),
    /** What the requester has shown (recorded on the request); nothing recorded when omitted. */
    claim: RequesterClaim.optional(),
    want: z
      .object({
        outcome: Outcome,
        /** Rule ids among the decision's reasons (decision and redaction rules), in any order. */
        ruleIds: z.array(z.string().regex(RULE_ID)).min(1),
        redactions: z.array(z.enum(REDACTION_KINDS)).optional(),
        availableFrom: DateOrInstant.nullable().optional(),
        reviewAt: DateOrInstant.nullable().optional(),
        missingFacts: z.array(z.string()).optional(),
        respondWithinDays: z.number().int().nullable().optional(),
        viewOnly: z.boolean().optional(),
        routes: z.array(Route).optional(),
        /** Phrases the decision's reasons must say (each found in one reason's text), e.g. an opt-in reading it rests on. */
        reasonTexts: z.array(z.string().min(1)).optional(),
        /**
         * Phrases the reasons' staff notes must say (each found in one note): whose word a fact rests on,
         * never printed in a letter. An empty list: no reason has a staff note.
         */
        staffNotes: z.array(z.string().min(1)).optional(),
        /** Decision.unconfirmedLinks: the cases a withhold rests on only through a clerk's unconfirmed link. */
        unconfirmedLinks: z.array(z.string()).optional(),
      })
      .strict(),
    /** Rules this case is built to *just miss* (asserted not to fire). */
    justMisses: z.array(z.string().regex(RULE_ID)).optional(),
  })
  .strict();
export type ReleaseCase = z.infer<typeof ReleaseCase>;

/** A case file holds one case or a list of related cases. */
export const ReleaseCaseFile = z.union([ReleaseCase, z.array(ReleaseCase).min(1)]);
export type ReleaseCaseFile = z.infer<typeof ReleaseCaseFile>;
