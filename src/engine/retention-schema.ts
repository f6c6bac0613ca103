/**
 * Schema of the retention schedule (rules/missouri/retention.yaml; law reference section 4).
 *
 * A row is data: id, citation (statute or KCPD policy id), effective dates, a condition saying
 * which recordings it covers and a period saying how long. The engine (retention.ts) knows what
 * each condition kind means; the numbers, categories and offense classes live in the file.
 * A policy change is a NEW version of the row (same id, later effectiveFrom), never an edit, so a
 * past result can be recomputed with the rows then in force.
 */
import { z } from 'zod';
import { EFFECTIVE_FIELDS, effectiveOrderProblems } from './effective';
import { Category, OffenseClass } from './facts';

export const Duration = z
  .object({
    years: z.number().int().min(0).default(0),
    months: z.number().int().min(0).default(0),
    days: z.number().int().min(0).default(0),
  })
  .strict();
export type Duration = z.infer<typeof Duration>;

const COURT_ORDER_KIND = z.enum(['release', 'closure', 'expungement']);

export const RetentionCondition = z.discriminatedUnion('kind', [
  /** Every recording (the state minimum). */
  z.object({ kind: z.literal('all_recordings') }).strict(),
  /** Recordings whose category is listed. */
  z.object({ kind: z.literal('category'), categories: z.array(Category).min(1) }).strict(),
  /** Not yet classified: never eligible; flagged once older than flagAfterDays. */
  z.object({ kind: z.literal('unclassified'), categories: z.array(Category).min(1), flagAfterDays: z.number().int().min(0) }).strict(),
  /** Evidentiary category but no case linked: kept until a case is linked or it is reclassified. */
  z
    .object({ kind: z.literal('unlinked_evidentiary'), categories: z.array(Category).min(1), flagAfterDays: z.number().int().min(0) })
    .strict(),
  /**
   * Linked to one or more cases. declinedUntilTimeToFile (B2 of the 2026-12 review): a case
   * inactive because it was declined is kept also until the time to file charges runs out
   * (its 610.100.1(3)(b) date: limitation or ten years), since it may be reopened until then.
   */
  z.object({ kind: z.literal('linked_case'), declinedUntilTimeToFile: z.boolean().default(false) }).strict(),
  /**
   * Permanent classes: a listed category, or a linked case with a listed offense class, or (with
   * noLimitationBasis) a linked case whose recorded limitation basis has no limitation period.
   */
  z
    .object({
      kind: z.literal('permanent'),
      categories: z.array(Category),
      offenseClasses: z.array(OffenseClass),
      noLimitationBasis: z.boolean().default(false),
    })
    .strict(),
  /** Named in a Sunshine request. */
  z.object({ kind: z.literal('sunshine_request') }).strict(),
  /** Covered by a legal hold. */
  z.object({ kind: z.literal('legal_hold') }).strict(),
  /** Covered by a court order of a listed kind that governs retention. */
  z.object({ kind: z.literal('court_order'), orderKinds: z.array(COURT_ORDER_KIND).min(1) }).strict(),
  /**
   * Closed under 610.105/610.120, by a closure order, by 610.205 (mutilated deceased crime scene)
   * or by 211.321 (juvenile): "records required to be closed shall not be destroyed" (610.120.1),
   * so it is kept until a recorded manual review releases it. 610.120.1's only exception is
   * 610.124, so only a review citing the 610.124 procedure releases it; `localRecordsBoard` is
   * the opt-in (off unless counsel switches it on, with its citation) under which a Local
   * Records Board authority does too, and every result it releases says so.
   */
  z
    .object({
      kind: z.literal('closed_record'),
      localRecordsBoard: z.object({ accept: z.boolean(), citation: z.string().min(1) }).strict(),
    })
    .strict(),
]);
export type RetentionCondition = z.infer<typeof RetentionCondition>;
export type ConditionKind = RetentionCondition['kind'];

const RetentionPeriod = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('after'),
      /** final_response: the later of a request's final response and its withdrawal. */
      from: z.enum(['recorded', 'inactive', 'final_response']),
      duration: Duration,
      /** A floor measured from the recording date ("the later of ..."). */
      atLeastAfterRecorded: Duration.nullable().default(null),
    })
    .strict(),
  z.object({ type: z.literal('indefinite') }).strict(),
  z.object({ type: z.literal('until_released') }).strict(),
  z.object({ type: z.literal('as_ordered') }).strict(),
  /** Open-ended until a recorded manual review, citing its authority, releases the recording. */
  z.object({ type: z.literal('until_reviewed') }).strict(),
]);
type RetentionPeriod = z.infer<typeof RetentionPeriod>;

/** Which period shapes make sense for each condition kind. */
const PERIOD_FOR: Record<ConditionKind, string> = {
  all_recordings: 'after:recorded',
  category: 'after:recorded',
  unclassified: 'indefinite',
  unlinked_evidentiary: 'indefinite',
  linked_case: 'after:inactive',
  permanent: 'indefinite',
  sunshine_request: 'after:final_response',
  legal_hold: 'until_released',
  court_order: 'as_ordered',
  closed_record: 'until_reviewed',
};

/** Condition kinds that must always have a row in force, or the engine refuses to let anything go. */
export const REQUIRED_KINDS: readonly ConditionKind[] = [
  'all_recordings',
  'unclassified',
  'linked_case',
  'permanent',
  'sunshine_request',
  'legal_hold',
  'closed_record',
];

export const RetentionRow = z
  .object({
    id: z.string().regex(/^RET-[A-Z0-9-]+$/, 'expected an id like RET-UOF-5Y'),
    /** A row is one version of its id, in force as effective.ts says. */
    ...EFFECTIVE_FIELDS,
    /** Statute or policy reference, e.g. "RSMo 610.105; 610.120" or "KCPD policy (to confirm)". */
    citation: z.string().min(1),
    verify: z.boolean().default(false),
    condition: RetentionCondition,
    period: RetentionPeriod,
    /** One plain sentence a records clerk can read. */
    text: z.string().min(1),
    note: z.string().nullable().default(null),
  })
  .strict()
  .superRefine((row, ctx) => {
    const shape = row.period.type === 'after' ? `after:${row.period.from}` : row.period.type;
    const want = PERIOD_FOR[row.condition.kind];
    if (shape !== want) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: `a "${row.condition.kind}" row needs a period of shape ${want}, got ${shape}`,
      });
    }
  });
export type RetentionRow = z.infer<typeof RetentionRow>;

export const RetentionSchedule = z
  .object({
    id: z.string().min(1),
    citation: z.string().min(1),
    rows: z.array(RetentionRow).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    // The versions of each row id, in file order, are checked like any other versions.
    const byId = new Map<string, number[]>();
    s.rows.forEach((r, i) => byId.set(r.id, [...(byId.get(r.id) ?? []), i]));
    for (const [id, indexes] of byId) {
      for (const p of effectiveOrderProblems(indexes.map((i) => s.rows[i]!))) {
        ctx.addIssue({ code: 'custom', path: ['rows', indexes[p.index]!, p.field], message: `${id}: ${p.message}` });
      }
    }
    for (const kind of REQUIRED_KINDS) {
      if (!s.rows.some((r) => r.condition.kind === kind)) {
        ctx.addIssue({ code: 'custom', path: ['rows'], message: `the schedule needs a row with condition kind "${kind}"` });
      }
    }
  });
export type RetentionSchedule = z.infer<typeof RetentionSchedule>;
