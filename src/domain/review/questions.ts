/**
 * The question behind each missing fact, as the review queue groups and routes by it. The
 * questions table (rules/missouri/questions.yaml, compiled into `rules.questions`) is the source
 * once it is loaded; until then a fact's question is named after its pattern (the case, order,
 * defendant and determination named in it replaced by placeholders) and answered by the role the
 * issue gives: a prosecutor for case facts and court orders, a clerk for the recording's own
 * review, counsel for law.
 */
import type { Rules } from '../../rules';

export const ANSWERED_BY = ['prosecutor', 'clerk', 'counsel'] as const;
export type AnsweredBy = (typeof ANSWERED_BY)[number];

/** A missing fact with its question (the contract of src/engine/questions.ts's QuestionMatch). */
export interface QuestionMatch {
  fact: string;
  questionId: string;
  text: string;
  answeredBy: AnsweredBy;
  form: { href: string | null; api: string | null };
}

/** `cases.KC23-000037.events.sentenced[D1]` -> `cases.{caseNumber}.events.sentenced[{defendant}]`. */
export function factPattern(fact: string): string {
  return fact
    .replace(/^cases\.[^.]+/, 'cases.{caseNumber}')
    .replace(/^orders\.[^.]+/, 'orders.{orderNumber}')
    .replace(/^determinations\.[^.]+/, 'determinations.{number}')
    .replace(/\.defendants\.[^.]+/, '.defendants.{defendant}')
    .replace(/\[[^\]]+\]$/, '[{defendant}]');
}

function fallbackAnsweredBy(fact: string): AnsweredBy {
  if (fact.startsWith('cases.') || fact.startsWith('orders.')) return 'prosecutor';
  if (fact.startsWith('recording.')) return 'clerk';
  return 'counsel';
}

/** The question asking for `fact` (never null: a fact the table lacks still gets one, answered by counsel). */
export function questionOf(_rules: Rules, fact: string): QuestionMatch {
  const pattern = factPattern(fact);
  return {
    fact,
    questionId: pattern,
    text: `What is ${fact}?`,
    answeredBy: fallbackAnsweredBy(fact),
    form: { href: null, api: null },
  };
}

export const questionsOf = (rules: Rules, facts: readonly string[]): QuestionMatch[] => facts.map((f) => questionOf(rules, f));
