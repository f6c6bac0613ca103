/** The decision log and the rules in force -> API JSON. */
import type { DecisionLogEntry } from '../../domain/eligibility/ports';
import type { Decision } from '../../engine/facts';
import { type Questions, questionsFor } from '../../engine/questions';
import type { Rules } from '../../rules';
import type { DecisionLogView, MissingFactQuestion, RulesView } from './eligibility.schemas';

/** The question behind each of a decision's missing facts, with its form pre-filled for this recording and requester. */
export const questionsOf = (d: Pick<Decision, 'missingFacts' | 'recordingId' | 'requester'>, questions: Questions): MissingFactQuestion[] =>
  questionsFor(questions, d.missingFacts, { recordingId: d.recordingId, requester: d.requester });

/** A logged decision as the API shows it: with the questions behind its missing facts. */
export function presentDecision<D extends Decision>(d: D, questions: Questions): D & { questions: MissingFactQuestion[] } {
  return { ...d, questions: questionsOf(d, questions) };
}

export function presentDecisionLogEntry(d: DecisionLogEntry, questions: Questions): DecisionLogView {
  return {
    decisionId: d._id,
    recordingId: d.recordingId,
    actor: d.actor,
    requester: d.requester,
    claim: d.claim ?? null,
    requestNumber: d.requestNumber ?? null,
    asOf: d.asOf,
    knownAt: d.knownAt,
    outcome: d.outcome,
    rulesVersion: d.rulesVersion,
    engineVersion: d.engineVersion ?? null,
    createdAt: d.createdAt.toISOString(),
    facts: d.facts,
    decision: d.decision,
    questions: questionsOf(d.decision, questions),
  };
}

export function presentRules(rules: Pick<Rules, 'rulesVersion' | 'engineVersion' | 'ruleSet'>): RulesView {
  return {
    rulesVersion: rules.rulesVersion,
    engineVersion: rules.engineVersion,
    release: rules.ruleSet.release.map((r) => ({
      id: r.id,
      order: r.order,
      versions: r.versions.map((v) => ({ effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo, citations: v.citations })),
    })),
  };
}
