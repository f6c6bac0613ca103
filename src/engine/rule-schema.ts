/**
 * Schema of the rule files under rules/missouri (release rules, parameters) and of the
 * test-case files under rules/missouri/cases. Types are inferred from these schemas;
 * `npm run rules:check` validates the files and exports JSON Schemas for editors.
 *
 * A legal change is a new *version* appended to a rule (or to parameters) with a new
 * `effectiveFrom`; existing versions are never edited, so decisions can be replayed.
 */
import { z } from 'zod';
import {
  COURT_ORDER_KINDS,
  Category,
  FLAG_NAMES,
  IsoDate,
  LIMITATION_BASES,
  OffenseClass,
  Outcome,
  REDACTION_KINDS,
  REQUESTER_KINDS,
  RequesterKind,
  Route,
} from './facts';
import { EFFECTIVE_FIELDS, effectiveOrderProblems, type Effective } from './effective';

// ------------------------------------------------------------------ facts

const bool = z.boolean();
const flagFacts = Object.fromEntries(FLAG_NAMES.map((f) => [f, bool])) as Record<(typeof FLAG_NAMES)[number], typeof bool>;

/**
 * The named facts a condition may test, with the values each can take. Every fact can
 * also be *unknown* (missing or contradictory input); a rule whose condition depends on
 * an unknown fact yields needs_legal_review instead of guessing.
 */
export const FACT_VALUES = {
  /** Requester kind of this decision. */
  requester: RequesterKind,
  /** Requester is depicted/heard, guardian, first-degree family, attorney or insurer (610.100.2(3), 610.100.4). */
  requesterInvolved: bool,
  category: Category,
  /** The recording is linked to at least one case number. */
  hasCase: bool,
  /**
   * Every case link of the recording was entered by a clerk on the review-facts route and none is
   * confirmed (counsel re-check session 5, F1/F4): the links are then all that ties it to a case,
   * so whatever they open waits for the prosecutor's confirmation.
   */
  caseLinkUnconfirmed: bool,
  /** Recorded in a nonpublic location; unknown when not recorded or contradicting locationKind. */
  nonpublic: bool,
  ...flagFacts,
  /** 610.205: the recording is a crime-scene image; unknown when not assessed. */
  crimeScene: bool,
  /** A closure/seal or expungement order in force covers the recording and does not name the requester. */
  closedByOrder: bool,
  /** Kind of the closing order in force for this requester ('none' when none). */
  closeOrderKind: z.enum([...COURT_ORDER_KINDS, 'none']),
  /** A release order in force covers the recording and names the requester (or the public). */
  releasedByOrder: bool,
  /**
   * RSMo 211.321: the release order in force may lift a juvenile closure: no juvenile closure covers
   * the recording, or the order was made by the juvenile court; unknown otherwise (legal review).
   */
  releaseOrderLiftsJuvenile: bool,
  /** The linked case is a juvenile matter (flag or juvenile_petition event). */
  caseJuvenile: bool,
  /** 610.105: the linked case was charged and finally terminated for every charged defendant. */
  caseTerminated: bool,
  /** 610.100.1(3): the linked investigation is inactive on asOf. */
  caseInactive: bool,
  /** 610.105.2: a defendant's case ended in a suspended imposition of sentence (probation completed). */
  caseTerminatedBySis: bool,
  /**
   * 610.105.2: a defendant whose case ended in a completed SIS was charged with an offense in chapter 566
   * or 568.045, .050, .060, .065, .080, .090 or .175 (the statutes on that defendant's charged event; the
   * case's chargedStatutes for a case of one charged defendant); unknown when not recorded.
   */
  caseVictimAccessOffense: bool,
  /** 610.105.2: the requester asks as the victim or a minor victim's parent or guardian (victimRole, or the former attestation). */
  requesterVictimAttested: bool,
  /** Staff recorded that the protected victim shown is the requester (an involved kind) or the person they act for. */
  requesterIsProtectedVictim: bool,
  /** Opt-in parameter minorIdentityClosure: counsel confirmed 610.021(27) reaches KCPD and KCPD closes minors' identity. */
  minorClosureAdopted: bool,
  /**
   * The outcome of counsel's determination for this recording (or its case, or this request) and
   * requester, in force and made on the facts as they still are ('none' when there is none);
   * unknown when the facts it was made on changed or two determinations of one scope disagree.
   */
  counselDetermination: z.enum(['none', 'release', 'withhold']),
} as const;
export type FactName = keyof typeof FACT_VALUES;
export const FACT_NAMES = Object.keys(FACT_VALUES) as FactName[];
/** Facts that depend on the linked case; the rest depend on the recording, orders and requester only. */
export const CASE_FACTS: readonly FactName[] = [
  'caseJuvenile',
  'caseTerminated',
  'caseInactive',
  'caseTerminatedBySis',
  'caseVictimAccessOffense',
];

const Scalar = z.union([z.boolean(), z.string()]);

/**
 * A condition: exactly one of a fact test (`fact` + `is`, where `is` may list several
 * accepted values), `all`, `any` or `not`. Evaluated with three-valued logic.
 */
export const Condition = z
  .object({
    fact: z.enum(FACT_NAMES as [FactName, ...FactName[]]).optional(),
    is: z.union([Scalar, z.array(Scalar).min(1)]).optional(),
    get all() {
      return z.array(Condition).min(1).optional();
    },
    get any() {
      return z.array(Condition).min(1).optional();
    },
    get not() {
      return Condition.optional();
    },
  })
  .strict()
  .superRefine((c, ctx) => {
    const forms = (c.fact !== undefined ? 1 : 0) + (c.all ? 1 : 0) + (c.any ? 1 : 0) + (c.not ? 1 : 0);
    if (forms !== 1) {
      ctx.addIssue({ code: 'custom', message: 'a condition has exactly one of fact, all, any, not' });
      return;
    }
    if (c.fact === undefined) {
      if (c.is !== undefined) ctx.addIssue({ code: 'custom', message: '`is` only goes with `fact`' });
      return;
    }
    if (c.is === undefined) {
      ctx.addIssue({ code: 'custom', message: `fact ${c.fact} needs an \`is\` value`, path: ['is'] });
      return;
    }
    const schema = FACT_VALUES[c.fact];
    for (const v of Array.isArray(c.is) ? c.is : [c.is]) {
      if (!schema.safeParse(v).success) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a value of fact ${c.fact}`, path: ['is'] });
      }
    }
  });
export type Condition = z.infer<typeof Condition>;

// ------------------------------------------------------------------ templates

/** Variables an explanation template may use as `{name}`. */
export const TEMPLATE_VARS = [
  'recordingId',
  'requester',
  'category',
  'asOf',
  'caseNumber',
  'caseStatus',
  'caseSummary',
  'reviewAt',
  'availableFrom',
  'orderNumber',
  'orderKind',
  'noticeDays',
  'respondWithinDays',
  'determinationNumbers',
  /** The recording's unconfirmed case links and when they were entered ("KC-1 on 2026-12-01"); who entered them goes to the staff note. */
  'caseLinkEntries',
] as const;
export type TemplateVar = (typeof TEMPLATE_VARS)[number];

export const Template = z
  .string()
  .min(1)
  .superRefine((s, ctx) => {
    for (const m of s.matchAll(/\{([^}]*)\}/g)) {
      if (!(TEMPLATE_VARS as readonly string[]).includes(m[1] ?? '')) {
        ctx.addIssue({ code: 'custom', message: `unknown template variable {${m[1]}}; known: ${TEMPLATE_VARS.join(', ')}` });
      }
    }
  });

// ------------------------------------------------------------------ parameters

export const NUMERIC_PARAMS = ['appealWindowDays', 'courtOrderNoticeDays', 'involvedPersonResponseDays'] as const;
export type NumericParam = (typeof NUMERIC_PARAMS)[number];

export const Period = z
  .object({
    years: z.number().int().min(0).optional(),
    months: z.number().int().min(0).optional(),
    days: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((p) => (p.years ?? 0) + (p.months ?? 0) + (p.days ?? 0) > 0, 'a period is at least one day');
export type Period = z.infer<typeof Period>;

const VersionHead = {
  ...EFFECTIVE_FIELDS,
  citations: z.array(z.string().min(1)).min(1),
  /** Points counsel should check against the statute text (the reference marks them "(verify)"). */
  verify: z.array(z.string().min(1)).optional(),
};

export const ParameterVersion = z
  .object({
    ...VersionHead,
    /** Days after sentencing within which a notice of appeal may be filed. */
    appealWindowDays: z.number().int().min(0),
    /** Notice days after a release order when the order itself does not say: 0, a silent order has no notice (A5). */
    courtOrderNoticeDays: z.number().int().min(0),
    /**
     * Opt-in, off by default: redact depicted minors' identity under 610.021(27) (from 2025-08-28).
     * Only once counsel confirms the provision reaches KCPD's records and KCPD chooses to close them.
     */
    minorIdentityClosure: z.boolean().default(false),
    /** 610.100.4: days to provide closed records to an involved person. */
    involvedPersonResponseDays: z.number().int().min(1),
    /**
     * Rules 84.17/83.04: days after an appellate opinion for rehearing or transfer. Without a
     * mandate_issued event a decision that leaves the conviction standing is final only after it.
     */
    transferWindowDays: z.number().int().min(0),
    /**
     * Rule 83.04(1): days after the court of appeals overruled a Rule 84.17 post-disposition motion
     * (or denied transfer) to apply for transfer; the window is the later of the two (counsel review 14).
     */
    transferAfterRulingDays: z.number().int().min(0),
    /**
     * U.S. Sup. Ct. R. 13: a petition for certiorari within `days` of the last state decision (a
     * decision of the Supreme Court of Missouri, or its denial of transfer). `wait: true` (default):
     * a conviction is not final before the period has run, as 610.100.1(3)(c)'s "all rights of
     * appeal" may include it (counsel review 15). `wait: false` is an opt-in on counsel's advice,
     * and every status decided under it says so.
     */
    certiorari: z.object({ wait: z.boolean(), days: z.number().int().min(1), citation: z.string().min(1) }).strict(),
    /** 556.036.6: absence from the state extends the limitation period by no more than this (counsel review 16). */
    absenceTollingCap: Period,
    /**
     * RSMo 556.036 by offense class; null = no limitation (only the cap applies). A finite period
     * is the shortest the class can have: without the case's `limitation` fact it cannot make the
     * case inactive (556.037, the 556.036.1 list, extensions and tolling are not visible in a class).
     */
    limitationPeriods: z
      .object({
        murder: Period.nullable(),
        class_a_felony: Period.nullable(),
        no_limitation: Period.nullable(),
        felony_5y: Period.nullable(),
        felony: Period.nullable(),
        misdemeanor: Period.nullable(),
        infraction: Period.nullable(),
      })
      .strict(),
    /**
     * The period each statutory basis of a case's `limitation` fact stands for (null = none) and
     * the offense classes it can go with; a fact that contradicts either goes to legal review.
     * `other` is not listed: its period is the one entered, with an explanation.
     */
    limitationBases: z
      .object(
        Object.fromEntries(
          LIMITATION_BASES.filter((b) => b !== 'other').map((b) => [
            b,
            z.object({ period: Period.nullable(), classes: z.array(OffenseClass).min(1) }).strict(),
          ]),
        ) as Record<
          Exclude<(typeof LIMITATION_BASES)[number], 'other'>,
          z.ZodObject<{ period: z.ZodNullable<typeof Period>; classes: z.ZodArray<typeof OffenseClass> }>
        >,
      )
      .strict(),
    /** 610.100.1(3)(b): "ten years after the offense", whichever comes first. */
    limitationCap: Period,
    /**
     * 610.100.1(3)(b) read literally also while a charge is pending or after convictions (A19).
     * Off by default: the chapeau "no further action will be taken" keeps a prosecuted case
     * active; only counsel may switch it on, and every status it decides says so.
     */
    tenYearsWhileCharged: z.object({ apply: z.boolean(), citation: z.string().min(1) }).strict(),
    /**
     * RSMo 211.321 closes records of children. `case` (default): every uncertified juvenile subject
     * closes the whole case. `child` (opt-in, counsel to confirm): a case with adult defendants is
     * not closed as a whole; the recordings showing the child stay closed by the juvenileSubject flag.
     */
    juvenileClosureScope: z.object({ scope: z.enum(['case', 'child']), citation: z.string().min(1) }).strict(),
    /**
     * Court deadlines (appeal, transfer, limitation, ten years) roll forward past Saturdays, Sundays
     * and legal holidays (Rule 20.01(a); RSMo 1.040). `saturdayHolidayFriday: non_filing` also
     * skips the Friday before a Saturday holiday (courts close then; it only moves dates later).
     */
    courtDays: z
      .object({
        saturdayHolidayFriday: z.enum(['non_filing', 'filing']),
        citation: z.string().min(1),
        /**
         * Days the courts were closed that are not RSMo 9.010 holidays on that date (Monday
         * 2022-06-20, Juneteenth observed before the 2022 act took effect): skipped like a legal
         * holiday, which can only move a court deadline later. Each names its source.
         */
        closures: z.array(z.object({ date: IsoDate, name: z.string().min(1), citation: z.string().min(1) }).strict()).default([]),
      })
      .strict(),
  })
  .strict();
export type ParameterVersion = z.infer<typeof ParameterVersion>;

export const ParametersFile = z.object({ versions: z.array(ParameterVersion).min(1) }).strict();
export type ParametersFile = z.infer<typeof ParametersFile>;

// ------------------------------------------------------------------ release rules

export const RULE_ID = /^MO-[A-Z0-9.()-]+$/;

/**
 * involved_person: 610.100.2(3) (nonpublic recordings: no writing required); involved_person_written:
 * 610.100.4 (closed recordings: "upon written request", and the agency may move the court when the
 * recording holds 610.100.3 material or another's protected identity); next_of_kin: 610.205.1;
 * crime_victim: 610.105.2 (the victim, or a minor victim's parent or guardian, verified, for their own proceeding).
 */
export const REQUIREMENTS = ['involved_person', 'involved_person_written', 'next_of_kin', 'crime_victim'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export const OutcomeSpec = z
  .object({
    outcome: Outcome,
    /** What could open a withheld recording. */
    routes: z.array(Route).optional(),
    /** Apply the redaction rules (a public release); false for unedited copies to involved persons. */
    redact: z.boolean().optional(),
    respondWithinDays: z.union([z.number().int().min(1), z.object({ param: z.enum(NUMERIC_PARAMS) }).strict()]).optional(),
    /** Carry the linked case's next automatic change date as the decision's reviewAt. */
    reviewAt: z.literal('case_status').optional(),
    /** Facts a reviewer must supply (for needs_legal_review outcomes). */
    missingFacts: z.array(z.string().min(1)).optional(),
    /** Take viewOnly, notice period and court-ordered redactions from the covering release order. */
    applyOrder: z.literal('release').optional(),
    /**
     * The outcome holds only when the requester has shown the statute's conditions (recorded on
     * the request): involved_person (610.100.2(3)/.4), next_of_kin (610.205.1). Not shown: the
     * `default` outcome applies; not recorded: needs_legal_review naming what is missing.
     */
    requires: z.enum(REQUIREMENTS).optional(),
    /**
     * The rule lifts only its own closure for this requester (once `requires` is shown): it does not
     * decide, and the following rules do, so any other closure still applies (counsel review 2026-12
     * finding 1: 610.205.1's proviso says "this section shall not prohibit disclosure"). Only with
     * `outcome: release`, which here means "released as far as this rule goes".
     */
    passOn: z.literal(true).optional(),
    /**
     * MO-COUNSEL's outcome for this requester kind when counsel's release answered the rules' review
     * and no later rule decided (decide.ts counselRelease): `release` with the kind's claim conditions
     * (`requires`) and the statutory redactions (`redact`), or `withhold` (the `default`, which also
     * applies when a claim condition is not met); the reason cites the determination's public part.
     */
    applyDetermination: z.literal(true).optional(),
    /** Overrides the rule's explanation for this requester. */
    explain: Template.optional(),
    /**
     * The provisions this outcome rests on, when not all of the version's (counsel session 8, L6): a
     * denial cites the provision under which access is denied (610.023.4), not the route that would
     * open the record to someone else. Absent: the version's citations.
     */
    citations: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((o) => o.passOn === undefined || (o.outcome === 'release' && o.redact === undefined && o.respondWithinDays === undefined), {
    message: 'passOn outcomes are `outcome: release` with no redact or respondWithinDays: the following rules decide those',
  })
  .refine((o) => o.applyDetermination === undefined || (o.outcome !== 'needs_legal_review' && o.passOn === undefined), {
    message: 'applyDetermination outcomes are `outcome: release` or `withhold`, with no passOn',
  });
export type OutcomeSpec = z.infer<typeof OutcomeSpec>;

/** Outcome per requester kind: exact kind, then the `involved` group, then `default`. One optional entry per kind of facts.ts's list. */
export const OutcomeMap = z
  .object({
    default: OutcomeSpec,
    involved: OutcomeSpec.optional(),
    ...(Object.fromEntries(REQUESTER_KINDS.map((k) => [k, OutcomeSpec.optional()])) as Record<
      RequesterKind,
      z.ZodOptional<typeof OutcomeSpec>
    >),
  })
  .strict();
export type OutcomeMap = z.infer<typeof OutcomeMap>;

export const DecisionRuleVersion = z
  .object({
    ...VersionHead,
    when: Condition,
    outcomes: OutcomeMap,
    /** Plain-English explanation template; see TEMPLATE_VARS. */
    explain: Template,
  })
  .strict();
export type DecisionRuleVersion = z.infer<typeof DecisionRuleVersion>;

export const RedactionItem = z
  .object({
    kind: z.enum(REDACTION_KINDS),
    when: Condition,
    explain: Template,
  })
  .strict();
export type RedactionItem = z.infer<typeof RedactionItem>;

export const RedactionRuleVersion = z.object({ ...VersionHead, redactions: z.array(RedactionItem).min(1) }).strict();
export type RedactionRuleVersion = z.infer<typeof RedactionRuleVersion>;

const ruleHead = {
  id: z.string().regex(RULE_ID),
  /** Position in the first-applicable order (reference section 3); redaction rules apply after the decision. */
  order: z.number().int().min(0),
  title: z.string().min(1),
};

export const DecisionRuleFile = z
  .object({ kind: z.literal('decision'), ...ruleHead, versions: z.array(DecisionRuleVersion).min(1) })
  .strict();
export type DecisionRuleFile = z.infer<typeof DecisionRuleFile>;

export const RedactionRuleFile = z
  .object({ kind: z.literal('redaction'), ...ruleHead, versions: z.array(RedactionRuleVersion).min(1) })
  .strict();
export type RedactionRuleFile = z.infer<typeof RedactionRuleFile>;

export const ReleaseRuleFile = z.discriminatedUnion('kind', [DecisionRuleFile, RedactionRuleFile]);
export type ReleaseRuleFile = z.infer<typeof ReleaseRuleFile>;

// ------------------------------------------------------------------ rule set

/**
 * What the pure engine consumes. Produced by src/rules/load.ts; other loaders (retention,
 * calendar, fees) read their own files from `files`/`documents` and may `.extend()` this.
 */
export const RuleSet = z.object({
  jurisdiction: z.string(),
  /** sha256 of every file under the rules folder except cases/ (e.g. "mo-0123456789abcdef"). */
  rulesVersion: z.string(),
  /** Content hash of the engine's own code (src/engine), computed outside the engine (e.g. "eng-0123456789abcdef"). */
  engineVersion: z.string(),
  release: z.array(ReleaseRuleFile),
  parameters: ParametersFile,
  /** Raw text of every rule file by path relative to the rules folder (sorted). */
  files: z.record(z.string(), z.string()),
  /** Parsed YAML of every rule file by the same paths. */
  documents: z.record(z.string(), z.unknown()),
});
export type RuleSet = z.infer<typeof RuleSet>;

// ------------------------------------------------------------------ cross-file checks

function conditionFacts(c: Condition, out: Set<FactName>): Set<FactName> {
  if (c.fact !== undefined) out.add(c.fact);
  for (const x of c.all ?? []) conditionFacts(x, out);
  for (const x of c.any ?? []) conditionFacts(x, out);
  if (c.not) conditionFacts(c.not, out);
  return out;
}
export function factsOf(c: Condition): FactName[] {
  return [...conditionFacts(c, new Set())].sort();
}

function checkVersions(where: string, versions: readonly Effective[], problems: string[]): void {
  for (const p of effectiveOrderProblems(versions)) problems.push(`${where}: ${p.message}`);
}

/** Checks that span files: unique ids and orders, version dates, redaction conditions. Empty = fine. */
export function lintRules(release: readonly ReleaseRuleFile[], parameters: ParametersFile): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const orders = new Map<number, string>();
  for (const r of release) {
    if (ids.has(r.id)) problems.push(`rule ${r.id} is defined twice`);
    ids.set(r.id, r.order);
    const other = orders.get(r.order);
    if (other !== undefined) problems.push(`rules ${other} and ${r.id} share order ${r.order}`);
    orders.set(r.order, r.id);
    checkVersions(r.id, r.versions, problems);
    if (r.kind === 'redaction') {
      r.versions.forEach((v, i) =>
        v.redactions.forEach((item) => {
          const caseFacts = factsOf(item.when).filter((f) => CASE_FACTS.includes(f));
          if (caseFacts.length > 0) {
            problems.push(`${r.id} version ${i + 1}: redaction conditions may use recording facts only, not ${caseFacts.join(', ')}`);
          }
        }),
      );
    }
  }
  // The engine resolves earlier rules' reviews with counsel's determination (decide.ts): one rule applies it.
  const counsel = release.filter(
    (r) => r.kind === 'decision' && r.versions.some((v) => Object.values(v.outcomes).some((o) => o?.applyDetermination === true)),
  );
  if (counsel.length > 1) problems.push(`rules ${counsel.map((r) => r.id).join(', ')} all apply counsel determinations; one may`);
  for (const r of counsel) {
    if (r.kind !== 'decision') continue;
    r.versions.forEach((v, i) => {
      if (!factsOf(v.when).includes('counselDetermination'))
        problems.push(`${r.id} version ${i + 1}: a rule applying counsel's determination must test counselDetermination`);
    });
  }
  checkVersions('parameters', parameters.versions, problems);
  return problems;
}
