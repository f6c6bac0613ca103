/**
 * Compiles a RuleSet once into closures grouped by *epoch*: the stretches of days on
 * which the same rule versions and parameters are in force. Deciding then costs a
 * binary search for asOf's epoch and a walk down its precompiled rule chain.
 */
import {
  INVOLVED_REQUESTERS,
  REQUESTER_KINDS,
  ROUTES,
  type Outcome,
  type Reason,
  type Redaction,
  type RequesterKind,
  type Route,
} from './facts';
import type {
  ReleaseRuleFile,
  DecisionRuleVersion,
  OutcomeSpec,
  ParameterVersion,
  RedactionRuleVersion,
  Condition,
  Requirement,
  RuleSet,
  TemplateVar,
} from './rule-schema';
import { factsOf } from './rule-schema';
import {
  CASE_FACTS,
  compileChain,
  compileCondition,
  compileMissing,
  counselOf,
  statusOf,
  type FactContext,
  type MissingCollector,
  type Scan,
  type Test,
} from './conditions';
import { formatIsoDay, NO_DAY, parseIsoDay } from './day-math';
import { inForce, type Effective } from './effective';

/** What a template can see besides the fact context: the result being explained. */
export interface TemplateScope {
  reviewDay: number;
  availableFromDay: number;
  noticeDays: number | null;
  respondDays: number | null;
}

type Piece = (ctx: FactContext, r: TemplateScope) => string;

const VAR_GETTERS: Record<TemplateVar, Piece> = {
  recordingId: (ctx) => ctx.rec.recordingId,
  requester: (ctx) => ctx.requester,
  category: (ctx) => ctx.rec.category,
  asOf: (ctx) => formatIsoDay(ctx.asOfDay),
  caseNumber: (ctx) => ctx.caseNumber ?? 'none',
  caseStatus: (ctx) => (ctx.caseNumber === null ? 'no case linked' : ctx.caseFacts === null ? 'case facts missing' : statusOf(ctx)!.phrase),
  caseSummary: (ctx) =>
    ctx.caseNumber === null
      ? `it is linked to no case and classified ${ctx.rec.category}${noInvestigationPublic(ctx)}`
      : ctx.caseFacts === null
        ? `the facts of case ${ctx.caseNumber} are missing`
        : `case ${ctx.caseNumber} is ${statusOf(ctx)!.phrase}`,
  reviewAt: (_ctx, r) => (r.reviewDay === NO_DAY ? 'none' : formatIsoDay(r.reviewDay)),
  availableFrom: (_ctx, r) => (r.availableFromDay === NO_DAY ? 'immediately' : formatIsoDay(r.availableFromDay)),
  orderNumber: (ctx) => (ctx.closeOrder ?? ctx.releaseOrder)?.orderNumber ?? 'none',
  orderKind: (ctx) => (ctx.closeOrder ?? ctx.releaseOrder)?.kind ?? 'none',
  noticeDays: (_ctx, r) => String(r.noticeDays ?? 0),
  respondWithinDays: (_ctx, r) => String(r.respondDays ?? ''),
  caseLinkEntries: (ctx) => {
    const entries = clerkEntries(ctx);
    return entries.length === 0 ? 'none' : entries.map((e) => `${e.caseNumber} on ${e.at.slice(0, 10)}`).join(', ');
  },
  determinationNumbers: (ctx) => {
    const s = counselOf(ctx);
    return s.kind === 'none' ? 'none' : s.determinations.map((d) => d.number).join(', ');
  },
};

const clerkEntries = (ctx: FactContext): FactContext['rec']['caseLinkSources'] =>
  ctx.rec.caseLinkSources.filter((e) => e.source === 'clerk');

/**
 * A reason's text goes to the requester verbatim (the letter prints it); who on the staff entered or
 * confirmed a fact does not. Those details are the reason's `staffNote`, shown to staff beside it and
 * never printed in a letter. A variable listed here adds its staff part whenever a template uses it.
 */
const STAFF_GETTERS: Partial<Record<TemplateVar, Piece>> = {
  // Who confirmed a clerk's link the decision rests on is added for every rule (decide.ts linkConfirmation).
  caseSummary: (ctx) => (ctx.caseNumber === null ? noInvestigationStaff(ctx) : ''),
  caseLinkEntries: (ctx) => {
    const entries = clerkEntries(ctx);
    return entries.length === 0
      ? ''
      : `Unconfirmed case links entered on the review-facts route: ${entries.map((e) => `${e.caseNumber} by clerk ${e.by} on ${e.at.slice(0, 10)}`).join(', ')}.`;
  },
};

/** Counsel session 6, G4: that no investigation concerns the recording, as the requester may read it (no names, no reference). */
function noInvestigationPublic(ctx: FactContext): string {
  const n = ctx.rec.noInvestigation;
  if (n === null) return '';
  return ` (the ${n.role === 'prosecutor' ? 'prosecutor' : 'investigating unit'} confirmed on ${n.confirmedOn} that no investigation concerns it)`;
}

/** Counsel session 6, G4: whose word "no investigation concerns it" rests on, for staff. */
function noInvestigationStaff(ctx: FactContext): string {
  const n = ctx.rec.noInvestigation;
  if (n === null) return '';
  return `No investigation concerns it: confirmed by ${n.confirmedBy}, ${n.role === 'prosecutor' ? 'prosecutor' : 'investigating unit'}, on ${n.confirmedOn}, reference ${n.reference}.`;
}

export interface CompiledTemplate {
  /** Set when the template has no variables: the text never changes. */
  constant: string | null;
  render: (ctx: FactContext, r: TemplateScope) => string;
  /** The staff note of the variables the template uses (STAFF_GETTERS); null when none has one. '' when nothing to say. */
  staff: ((ctx: FactContext, r: TemplateScope) => string) | null;
}

function compileTemplate(t: string): CompiledTemplate {
  // Literal text stays a string: nearly every decision renders an explanation, and a call per piece
  // of literal text cost more than the test.
  const pieces: Array<string | Piece> = [];
  let last = 0;
  let vars = 0;
  const staffPieces: Piece[] = [];
  for (const m of t.matchAll(/\{([A-Za-z]+)\}/g)) {
    const lit = t.slice(last, m.index);
    if (lit) pieces.push(lit);
    const get = VAR_GETTERS[m[1] as TemplateVar];
    if (get === undefined) throw new Error(`unknown template variable {${m[1]}}`);
    pieces.push(get);
    const staff = STAFF_GETTERS[m[1] as TemplateVar];
    if (staff !== undefined && !staffPieces.includes(staff)) staffPieces.push(staff);
    vars++;
    last = m.index + m[0].length;
  }
  const tail = t.slice(last);
  if (tail) pieces.push(tail);
  if (vars === 0) return { constant: t, render: () => t, staff: null };
  return {
    constant: null,
    render: (ctx, r) => {
      let s = '';
      for (const p of pieces) s += typeof p === 'string' ? p : p(ctx, r);
      return s;
    },
    staff:
      staffPieces.length === 0
        ? null
        : (ctx, r) =>
            staffPieces
              .map((p) => p(ctx, r))
              .filter((x) => x !== '')
              .join(' '),
  };
}

export interface CompiledOutcome {
  outcome: Outcome;
  /** The provisions this outcome rests on: its own (OutcomeSpec.citations), else the rule version's. */
  citation: string;
  routes: readonly Route[];
  redact: boolean;
  respondWithinDays: number | null;
  reviewFromCase: boolean;
  missingFacts: readonly string[];
  applyOrder: boolean;
  /** Requester conditions this outcome depends on (OutcomeSpec.requires). */
  requires: Requirement | null;
  /** OutcomeSpec.passOn: the rule does not decide for this requester; the following rules do. */
  passOn: boolean;
  /** OutcomeSpec.applyDetermination: counsel's determination gives the outcome, redactions and citation. */
  applyDetermination: boolean;
  explain: CompiledTemplate;
  /** Shared reason when the explanation is constant. */
  constReason: Reason | null;
}

export interface CompiledRule {
  id: string;
  title: string;
  citation: string;
  /** The rule's condition, from which the epoch's chain (Epoch.scan) is built; MO-COUNSEL's is no link of it. */
  when: Condition;
  missing: MissingCollector;
  /** Indexed by REQUESTER_INDEX. */
  outcomes: CompiledOutcome[];
  /** The `default` outcome: what applies when a requester does not meet an outcome's `requires`. */
  fallback: CompiledOutcome;
  /** The rule applies counsel's determinations (some outcome has applyDetermination). */
  counsel: boolean;
  /** The rule tests the linked case (CASE_FACTS): what it decides rests on the case link. */
  followsCase: boolean;
  /**
   * The rule's condition with the linked case's facts taken as not holding: whether it holds on the
   * recording alone (counsel session 8, M2: MO-JUVENILE closes on the recording's own juvenile flag,
   * or only through its case). Null when the rule tests no case fact, or holds only through the case.
   */
  alone: Test | null;
  /** The court order the rule applies (closedByOrder, releasedByOrder): a case-scoped one rests on the recording's link to its case. */
  orderScope: 'close' | 'release' | null;
}

export interface CompiledRedaction {
  ruleId: string;
  title: string;
  citation: string;
  test: Test;
  missing: MissingCollector;
  redaction: Redaction;
  reason: Reason;
}

export interface Epoch {
  fromDay: number;
  rules: CompiledRule[];
  /** Index in `rules` of the rule applying counsel's determinations; -1 when none is in force. */
  counselIndex: number;
  /** The chain of `rules` compiled as one function: the first rule from a start whose condition is not FALSE. */
  scan: Scan;
  redactions: CompiledRedaction[];
  params: ParameterVersion | null;
}

export const REQUESTER_INDEX = Object.fromEntries(REQUESTER_KINDS.map((k, i) => [k, i])) as Record<RequesterKind, number>;
const INVOLVED = new Set<RequesterKind>(INVOLVED_REQUESTERS);

const freeze = <T>(x: T): T => Object.freeze(x);

function compileOutcome(
  rule: { id: string; citation: string },
  spec: OutcomeSpec,
  ruleExplain: string,
  params: ParameterVersion | null,
): CompiledOutcome {
  const explain = compileTemplate(spec.explain ?? ruleExplain);
  const r = spec.respondWithinDays;
  const citation = spec.citations ? spec.citations.join('; ') : rule.citation;
  return {
    outcome: spec.outcome,
    citation,
    routes: freeze(ROUTES.filter((x) => spec.routes?.includes(x))),
    redact: spec.redact ?? false,
    respondWithinDays: r === undefined ? null : typeof r === 'number' ? r : (params?.[r.param] ?? null),
    reviewFromCase: spec.reviewAt === 'case_status',
    missingFacts: freeze([...(spec.missingFacts ?? [])].sort()),
    applyOrder: spec.applyOrder === 'release',
    requires: spec.requires ?? null,
    passOn: spec.passOn === true,
    applyDetermination: spec.applyDetermination === true,
    explain,
    constReason: explain.constant === null ? null : freeze({ ruleId: rule.id, citation, text: explain.constant }),
  };
}

function compileDecisionRule(
  file: ReleaseRuleFile,
  v: DecisionRuleVersion,
  params: ParameterVersion | null,
  cache: Map<object, MissingCollector>,
): CompiledRule {
  let missing = cache.get(v);
  if (missing === undefined) {
    missing = compileMissing(v.when);
    cache.set(v, missing);
  }
  const head = { id: file.id, citation: v.citations.join('; ') };
  const byKey = new Map<string, CompiledOutcome>();
  const outcomeFor = (key: keyof typeof v.outcomes): CompiledOutcome | undefined => {
    const spec = v.outcomes[key];
    if (spec === undefined) return undefined;
    let c = byKey.get(key);
    if (c === undefined) {
      c = compileOutcome(head, spec, v.explain, params);
      byKey.set(key, c);
    }
    return c;
  };
  const outcomes = REQUESTER_KINDS.map(
    (k) => outcomeFor(k) ?? (INVOLVED.has(k) ? outcomeFor('involved') : undefined) ?? outcomeFor('default')!,
  );
  return {
    ...head,
    title: file.title,
    when: v.when,
    missing,
    outcomes,
    fallback: outcomeFor('default')!,
    counsel: outcomes.some((o) => o.applyDetermination),
    ...caseDependence(v.when),
  };
}

/**
 * How what the rule decides rests on the recording's case links: through the linked case's facts
 * (CASE_FACTS) or through a court order, which may be scoped to a case (conditions.ts resolveOrders).
 */
function caseDependence(when: Condition): Pick<CompiledRule, 'followsCase' | 'alone' | 'orderScope'> {
  const facts = factsOf(when);
  const alone = withoutCase(when, false);
  return {
    followsCase: alone === false,
    alone: typeof alone === 'boolean' || !facts.some((f) => CASE_FACTS.has(f)) ? null : compileCondition(alone),
    orderScope: facts.includes('closedByOrder') ? 'close' : facts.includes('releasedByOrder') ? 'release' : null,
  };
}

/**
 * The condition with every case fact replaced by `value` (false; true under an odd number of `not`s),
 * simplified: a lower bound, so where it holds the rule holds whatever the linked case says. `false`:
 * the condition can only hold through the case. A condition that may hold on the recording alone
 * (MO-JUVENILE: a juvenile subject, or a juvenile case) is kept as what must hold without the case,
 * so a reason never says a closure rests on a link when it does not, and always when it does.
 */
function withoutCase(c: Condition, value: boolean): Condition | boolean {
  if (c.fact !== undefined) return CASE_FACTS.has(c.fact) ? value : c;
  if (c.not !== undefined) {
    const inner = withoutCase(c.not, !value);
    return typeof inner === 'boolean' ? !inner : { not: inner };
  }
  const parts = (c.all ?? c.any ?? []).map((p) => withoutCase(p, value));
  const conj = c.all !== undefined;
  if (parts.includes(!conj)) return !conj;
  const rest = parts.filter((p): p is Condition => typeof p !== 'boolean');
  if (rest.length === 0) return conj;
  return conj ? { all: rest } : { any: rest };
}

function compileRedactions(file: ReleaseRuleFile, v: RedactionRuleVersion): CompiledRedaction[] {
  const citation = v.citations.join('; ');
  return v.redactions.map((item) => {
    const text = compileTemplate(item.explain).constant;
    if (text === null) throw new Error(`${file.id}: redaction explanations cannot use variables`);
    return {
      ruleId: file.id,
      title: file.title,
      citation,
      test: compileCondition(item.when),
      missing: compileMissing(item.when),
      redaction: freeze({ kind: item.kind, ruleId: file.id, citation, text }),
      reason: freeze({ ruleId: file.id, citation, text }),
    };
  });
}

/** Epochs in day order; the first starts at NO_DAY (before any rule is in force). */
export function compileEpochs(ruleSet: RuleSet): Epoch[] {
  const bounds = new Set<number>();
  const addBounds = (vs: readonly Effective[]): void => {
    for (const v of vs) {
      bounds.add(parseIsoDay(v.effectiveFrom));
      if (v.effectiveTo !== null) bounds.add(parseIsoDay(v.effectiveTo));
    }
  };
  for (const r of ruleSet.release) addBounds(r.versions);
  addBounds(ruleSet.parameters.versions);
  const starts = [NO_DAY, ...[...bounds].sort((a, b) => a - b)];
  const files = [...ruleSet.release].sort((a, b) => a.order - b.order);
  const cache = new Map<object, MissingCollector>();
  return starts.map((fromDay) => {
    // NO_DAY, before every version, reads as the empty day: nothing is in force.
    const day = fromDay === NO_DAY ? '' : formatIsoDay(fromDay);
    const params = inForce(ruleSet.parameters.versions, day);
    const rules: CompiledRule[] = [];
    const redactions: CompiledRedaction[] = [];
    for (const f of files) {
      if (f.kind === 'decision') {
        const v = inForce(f.versions, day);
        if (v !== null) rules.push(compileDecisionRule(f, v, params, cache));
      } else {
        const v = inForce(f.versions, day);
        if (v !== null) redactions.push(...compileRedactions(f, v));
      }
    }
    // MO-COUNSEL is no link of the chain: it resolves the chain's reviews (decide.ts resolveReview).
    const scan = compileChain(rules.map((r) => (r.counsel ? null : r.when)));
    return { fromDay, rules, counselIndex: rules.findIndex((r) => r.counsel), scan, redactions, params };
  });
}
