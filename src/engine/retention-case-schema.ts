/**
 * Schema of the retention test cases under rules/missouri/cases/retention (policy tests as data,
 * like the release and Sunshine cases): a recording's facts, its linked cases (whose status the
 * runner derives with the release engine, as the service does), holds, requests, court orders and
 * manual reviews, the moment, and the retention result wanted.
 */
import { z } from 'zod';
import {
  CaseFacts,
  CourtOrderFacts,
  HoldFacts,
  IsoDate,
  IsoDateTime,
  RecordingFacts,
  RequestFacts,
  RetentionReviewFacts,
  RetentionStatus,
} from './facts';

const DateOrInstant = z.union([IsoDateTime, IsoDate]);
const RET_RULE_ID = /^RET-[A-Z0-9-]+$/;

export const RetentionCase = z.strictObject({
  /** Stable kebab-case id, reported by the runner and named in reviews (a17-..., a18-...). */
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected a kebab-case id'),
  /** One sentence: the behaviour this case pins down; becomes the test name. */
  note: z.string().min(1),
  facts: z.strictObject({
    recording: RecordingFacts,
    cases: z.array(CaseFacts).default([]),
    holds: z.array(HoldFacts).default([]),
    requests: z.array(RequestFacts).default([]),
    orders: z.array(CourtOrderFacts).default([]),
    reviews: z.array(RetentionReviewFacts).default([]),
  }),
  /** Opt-in parameters switched on or off for this case only (the schedule's defaults otherwise). */
  parameters: z
    .strictObject({
      /** RET-CLOSED-RETAINED localRecordsBoard.accept (counsel review finding 8). */
      localRecordsBoard: z.boolean().optional(),
    })
    .default({}),
  /** Instant (or Chicago calendar date, read as its start) of the evaluation. */
  asOf: DateOrInstant,
  want: z.strictObject({
    status: RetentionStatus,
    /** Calendar date (America/Chicago) of retainUntil, or null when open-ended. */
    retainUntil: IsoDate.nullable().optional(),
    /** Rule ids of the blockers, in any order. */
    blockers: z.array(z.string().regex(RET_RULE_ID)).optional(),
    /** Rule ids that must appear among the reasons. */
    ruleIds: z.array(z.string().regex(RET_RULE_ID)).optional(),
    /** Text that must appear in some reason. */
    reasonsInclude: z.array(z.string().min(1)).optional(),
  }),
});
export type RetentionCase = z.infer<typeof RetentionCase>;

export const RetentionCaseFile = z.strictObject({ cases: z.array(RetentionCase).min(1) });
export type RetentionCaseFile = z.infer<typeof RetentionCaseFile>;
