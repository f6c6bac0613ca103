/**
 * The question behind each missing fact, as the review queue groups and routes by it: the questions
 * table (rules/missouri/questions.yaml, compiled into `rules.questions`). rules:check refuses a rule
 * set naming a fact no question matches; a name that still matches none (a stored state from other
 * rules) gets a question for counsel named after its pattern, so the queue never drops an item.
 */
import { type AnsweredBy, ANSWERED_BY } from '../../engine/question-schema';
import { type QuestionMatch, questionFor } from '../../engine/questions';
import type { Rules } from '../../rules';

export { ANSWERED_BY, type AnsweredBy, type QuestionMatch };

/** `cases.KC23-000037.events.sentenced[D1]` -> `cases.{caseNumber}.events.sentenced[{defendant}]`. */
export function factPattern(fact: string): string {
  return fact
    .replace(/^cases\.[^.]+/, 'cases.{caseNumber}')
    .replace(/^orders\.[^.]+/, 'orders.{orderNumber}')
    .replace(/^determinations\.[^.]+/, 'determinations.{number}')
    .replace(/\[[^\]]+\]$/, '[{defendant}]');
}

/** The question asking for `fact` (for `recordingId` when the item is a recording); never null. */
export function questionOf(rules: Pick<Rules, 'questions'>, fact: string, recordingId: string | null = null): QuestionMatch {
  return (
    questionFor(rules.questions, fact, { recordingId }) ?? {
      fact,
      questionId: `unlisted:${factPattern(fact)}`,
      text: `The rules name a missing fact that no question in questions.yaml asks for (${fact}): what is it, and on what authority?`,
      answeredBy: 'counsel',
      form: { href: '', api: '' },
    }
  );
}
