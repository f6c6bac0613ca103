/** The decision log and the rules in force -> API JSON. */
import type { DecisionLogEntry } from '../../domain/eligibility/ports';
import type { Rules } from '../../rules';
import type { DecisionLogView, RulesView } from './eligibility.schemas';

export function presentDecisionLogEntry(d: DecisionLogEntry): DecisionLogView {
  return {
    decisionId: d._id,
    recordingId: d.recordingId,
    actor: d.actor,
    requester: d.requester,
    claim: d.claim ?? null,
    asOf: d.asOf,
    knownAt: d.knownAt,
    outcome: d.outcome,
    rulesVersion: d.rulesVersion,
    engineVersion: d.engineVersion ?? null,
    createdAt: d.createdAt.toISOString(),
    facts: d.facts,
    decision: d.decision,
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
