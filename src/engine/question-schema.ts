/**
 * Schema of rules/<jurisdiction>/questions.yaml: the plain-language question behind every missing
 * or contradictory fact the engine can name, who answers it and the form where it is answered.
 * `npm run rules:check` exports it as rules/schema/questions.schema.json and checks that every
 * missing-fact name the engine and the rules can produce (src/engine/missing-facts.ts) has one.
 *
 * A `fact` is a pattern over missing-fact names: literal text with named placeholders in braces,
 * e.g. `cases.{caseNumber}.events.disposition[{defendant}]`. The question, the form's web-app route
 * and its API route may use the fact's placeholders and the built-in ones (QUESTION_CONTEXT_VARS).
 */
import { z } from 'zod';

/** Who answers a question: the prosecutor (case facts), a records clerk (the recording and the request), counsel (the law). */
export const ANSWERED_BY = ['prosecutor', 'clerk', 'counsel'] as const;
export const AnsweredBy = z.enum(ANSWERED_BY);
export type AnsweredBy = z.infer<typeof AnsweredBy>;

/**
 * Placeholders every question may use besides its fact's own: `fact` is the missing-fact name
 * itself; `recordingId` and `requester` come from the decision the fact was named in (empty when
 * the caller has none, and an empty query parameter is then left out of the link).
 */
export const QUESTION_CONTEXT_VARS = ['fact', 'recordingId', 'requester'] as const;
export type QuestionContextVar = (typeof QUESTION_CONTEXT_VARS)[number];

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
/** The placeholder names of a pattern or template, in order of appearance. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Braces that are not a well-formed `{name}`: a typo the matcher would otherwise read as literal text. */
const strayBraces = (text: string): boolean => /[{}]/.test(text.replace(PLACEHOLDER, ''));

const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Question = z
  .object({
    /** Stable kebab-case id (stored with derived state and review items: never reuse one for another question). */
    id: z.string().regex(QUESTION_ID, 'kebab-case: lower-case letters, digits and single hyphens'),
    /** Pattern over missing-fact names, e.g. `orders.{orderNumber}.juvenileCourt`. */
    fact: z.string().min(1),
    /** The question in plain words, as staff read it; placeholders are filled from the fact. */
    question: z.string().min(1),
    answeredBy: AnsweredBy,
    /**
     * What remains to be established, in words the requester may read (counsel session 8, L3): a
     * decision's reason and the letter print it where they would otherwise name the engine's fact. A
     * noun phrase ("the date of the offense in case {caseNumber}"); no staff, form or route names. It
     * may use the fact's placeholders other than a defendant's id.
     */
    publicText: z.string().min(1),
    /**
     * The outcomes a counsel determination may give when it answers this question (listed in its
     * `answers`); absent: no determination answers it. Only counsel's questions may have it
     * (counsel review, session 4, findings 1-2): a prosecutor's or clerk's fact is never settled by
     * counsel's opinion, and a question whose answer must carry a court order's terms (which court
     * made it, which order governs, an expungement's reach) takes only `[withhold]` until that
     * answer feeds the order's rule as a typed fact; a release there would drop the order's terms.
     */
    determination: z
      .array(z.enum(['release', 'withhold']))
      .min(1)
      .optional(),
    form: z
      .object({
        /** The web app's hash route of the form that answers it, pre-filled from the placeholders. */
        href: z.string().regex(/^#\//, 'a hash route of the web app, e.g. #/cases/{caseNumber}'),
        /** The API route that form posts to, as `METHOD /path`. */
        api: z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'METHOD /path, e.g. POST /api/v1/cases/{caseNumber}/events'),
        /**
         * The fields of that route's body that carry the answer, as dotted paths (`claim.writtenRequest`,
         * `location.nonpublic`). `npm run rules:check` checks that the route exists in the service's route
         * table and that its body accepts each one, so a question cannot send staff to a form that cannot take the answer.
         */
        fields: z
          .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, 'a dotted field path, e.g. claim.writtenRequest'))
          .min(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const own = placeholdersOf(q.fact);
    if (q.determination !== undefined && q.answeredBy !== 'counsel')
      ctx.addIssue({ code: 'custom', path: ['determination'], message: "only counsel's questions are answered by a determination" });
    if (strayBraces(q.fact)) ctx.addIssue({ code: 'custom', path: ['fact'], message: 'a brace that is not part of a {placeholder}' });
    if (new Set(own).size !== own.length) ctx.addIssue({ code: 'custom', path: ['fact'], message: 'a placeholder appears twice' });
    if (/\}\{/.test(q.fact))
      ctx.addIssue({
        code: 'custom',
        path: ['fact'],
        message: 'two placeholders side by side cannot be told apart: put literal text between them',
      });
    const known = new Set<string>([...own, ...QUESTION_CONTEXT_VARS]);
    const texts: Array<[string[], string]> = [
      [['question'], q.question],
      [['form', 'href'], q.form.href],
      [['form', 'api'], q.form.api],
    ];
    for (const p of placeholdersOf(q.publicText))
      if (!own.includes(p) || p === 'defendant')
        ctx.addIssue({
          code: 'custom',
          path: ['publicText'],
          message: `{${p}} cannot be printed for the requester: use the fact's case or order numbers`,
        });
    if (strayBraces(q.publicText))
      ctx.addIssue({ code: 'custom', path: ['publicText'], message: 'a brace that is not part of a {placeholder}' });
    for (const [path, text] of texts) {
      if (strayBraces(text)) ctx.addIssue({ code: 'custom', path, message: 'a brace that is not part of a {placeholder}' });
      for (const p of placeholdersOf(text))
        if (!known.has(p))
          ctx.addIssue({
            code: 'custom',
            path,
            message: `{${p}} is neither a placeholder of the fact (${own.join(', ') || 'none'}) nor one of ${QUESTION_CONTEXT_VARS.join(', ')}`,
          });
    }
  });
export type Question = z.infer<typeof Question>;

export const QuestionsFile = z
  .object({ questions: z.array(Question).min(1) })
  .strict()
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    const facts = new Map<string, string>();
    f.questions.forEach((q, i) => {
      if (ids.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate id ${q.id}` });
      ids.add(q.id);
      // Placeholder names do not change what a pattern matches: `a.{x}` and `a.{y}` are the same pattern.
      const shape = q.fact.replace(PLACEHOLDER, '{}');
      const other = facts.get(shape);
      if (other !== undefined)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'fact'], message: `matches the same names as question ${other}` });
      facts.set(shape, q.id);
    });
  });
export type QuestionsFile = z.infer<typeof QuestionsFile>;
