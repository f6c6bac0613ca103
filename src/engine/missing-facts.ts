/**
 * The inventory of every missing-fact name the engine and the rules can produce, as patterns with
 * `{placeholders}` (questions.yaml's syntax), gathered from the declarations next to each producer:
 * the fact tests (conditions.ts FACTS[...].emits), the requester conditions (REQUIREMENT_MISSING),
 * the case status (case-status.ts, case-events.ts), decide.ts's own (no rule in force, the content
 * review gate) and each rule's literal `missingFacts`. `npm run rules:check` fails when one has no
 * question; the rule-case test checks that every name a case produces matches a declared pattern.
 */
import { REQUIREMENT_MISSING, REVIEW_MISSING, factMissingPatterns } from './conditions';
import { CASE_STATUS_MISSING } from './case-status';
import { NO_RULE_MISSING } from './decide';
import type { OutcomeSpec, ReleaseRuleFile } from './rule-schema';

export interface MissingFactSource {
  /** Who produces the names, in words (`fact caseInactive`, `rule MO-UNCLASSIFIED from 2016-08-28`). */
  source: string;
  patterns: readonly string[];
}

/** Every producer of missing-fact names and its patterns; `release` gives the rules' literal missingFacts. */
export function missingFactSources(release: readonly ReleaseRuleFile[]): MissingFactSource[] {
  const out: MissingFactSource[] = [];
  for (const [fact, patterns] of Object.entries(factMissingPatterns()))
    if (patterns.length > 0) out.push({ source: `fact ${fact}`, patterns });
  out.push({ source: 'requester conditions (requirementMet)', patterns: REQUIREMENT_MISSING });
  out.push({ source: 'no rule in force (decide.ts)', patterns: NO_RULE_MISSING });
  out.push({ source: 'content review gate (decide.ts)', patterns: REVIEW_MISSING });
  // A case's status as shown on its own (case views): its names are relative to the case.
  out.push({ source: 'case status', patterns: CASE_STATUS_MISSING.map((m) => `cases.{caseNumber}.${m}`) });
  for (const r of release) {
    if (r.kind !== 'decision') continue;
    for (const v of r.versions) {
      const specs = Object.values(v.outcomes).filter((o): o is OutcomeSpec => o !== undefined);
      const literal = [...new Set(specs.flatMap((o) => o.missingFacts ?? []))];
      if (literal.length > 0) out.push({ source: `rule ${r.id} from ${v.effectiveFrom}`, patterns: literal });
    }
  }
  return out;
}

/** The distinct patterns of all sources. */
export const missingFactPatterns = (release: readonly ReleaseRuleFile[]): string[] => [
  ...new Set(missingFactSources(release).flatMap((s) => s.patterns)),
];
