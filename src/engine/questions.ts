/**
 * The question behind a missing fact: matches a missing-fact name the engine produced
 * (`cases.KC23-000037.events.disposition[D2]`) against questions.yaml's patterns and fills the
 * question, the form's link and its API route from the placeholders. Pure: the table is compiled
 * once with the rules (`Rules.questions`); presenters and the review queue call the matcher.
 */
import { type AnsweredBy, type Question, type QuestionsFile, placeholdersOf } from './question-schema';

export interface QuestionMatch {
  /** The missing-fact name, as the decision names it. */
  fact: string;
  questionId: string;
  /** The question in plain words, placeholders filled. */
  text: string;
  answeredBy: AnsweredBy;
  /** `href`: the web app's pre-filled form; `api`: `METHOD /path` it posts to. */
  form: { href: string; api: string };
}

/** What the caller knows beyond the fact name: the decision's recording and requester kind. */
export interface QuestionContext {
  recordingId?: string | null;
  requester?: string | null;
}

interface CompiledQuestion {
  q: Question;
  re: RegExp;
  names: string[];
  /** Literal characters of the pattern: the more, the more specific (it wins over a looser pattern). */
  literal: number;
}

export interface Questions {
  readonly list: readonly Question[];
  readonly compiled: readonly CompiledQuestion[];
  readonly byId: ReadonlyMap<string, Question>;
  /**
   * publicPhrases' answers by their missing facts (joined): every review reason names what is still
   * being established, and matching each name against the patterns was an eighth of a decision's
   * time on the engine benchmark's mix. A pure function's memo, bounded by PHRASE_MEMO_SIZE.
   */
  readonly phrases: Map<string, string>;
}

/** Entries kept in Questions.phrases before it starts afresh (fact names carry case numbers, so the keys are unbounded). */
export const PHRASE_MEMO_SIZE = 4096;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Compiles a pattern: each `{name}` matches one or more characters; the rest is literal. */
function compilePattern(fact: string): { re: RegExp; names: string[]; literal: number } {
  const names = placeholdersOf(fact);
  const parts = fact.split(/\{[A-Za-z][A-Za-z0-9]*\}/);
  const re = new RegExp(`^${parts.map(escape).join('(.+?)')}$`, 's');
  return { re, names, literal: parts.reduce((n, p) => n + p.length, 0) };
}

/** Whether a missing-fact name is one a pattern describes (the inventory check of the rule-case tests). */
export function matchesPattern(pattern: string, name: string): boolean {
  return compilePattern(pattern).re.test(name);
}

export function compileQuestions(file: QuestionsFile): Questions {
  const compiled = file.questions.map((q) => ({ q, ...compilePattern(q.fact) }));
  // Most specific first, then file order: `cases.{n}.limitation` beats `cases.{n}` for `cases.X.limitation`.
  const ordered = compiled.map((c, i) => ({ c, i })).sort((a, b) => b.c.literal - a.c.literal || a.i - b.i);
  return {
    list: file.questions,
    compiled: ordered.map((x) => x.c),
    byId: new Map(file.questions.map((q) => [q.id, q])),
    phrases: new Map(),
  };
}

/** The placeholders a missing-fact name fills in the most specific pattern it matches, or null. */
function matchFact(questions: Questions, fact: string): { c: CompiledQuestion; values: Record<string, string> } | null {
  for (const c of questions.compiled) {
    const m = c.re.exec(fact);
    if (m === null) continue;
    const values: Record<string, string> = {};
    c.names.forEach((n, i) => (values[n] = m[i + 1]!));
    return { c, values };
  }
  return null;
}

const fill = (template: string, values: Readonly<Record<string, string>>, encode: (s: string) => string): string =>
  template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, name: string) => encode(values[name] ?? ''));

/** A link's query parameters left empty (a context value the caller did not have) are dropped. */
function dropEmptyParams(href: string): string {
  const at = href.indexOf('?');
  if (at < 0) return href;
  const kept = href
    .slice(at + 1)
    .split('&')
    .filter((p) => p !== '' && !p.endsWith('='));
  return kept.length > 0 ? `${href.slice(0, at)}?${kept.join('&')}` : href.slice(0, at);
}

/** The question for one missing-fact name, filled; null when no question matches (rules:check prevents it for the engine's names). */
export function questionFor(questions: Questions, missingFact: string, context: QuestionContext = {}): QuestionMatch | null {
  const hit = matchFact(questions, missingFact);
  if (hit === null) return null;
  const q = hit.c.q;
  const values: Record<string, string> = {
    recordingId: context.recordingId ?? '',
    requester: context.requester ?? '',
    ...hit.values,
    fact: missingFact,
  };
  return {
    fact: missingFact,
    questionId: q.id,
    text: fill(q.question, values, (s) => s),
    answeredBy: q.answeredBy,
    form: { href: dropEmptyParams(fill(q.form.href, values, encodeURIComponent)), api: fill(q.form.api, values, encodeURIComponent) },
  };
}

/**
 * What remains to be established, in words a requester may read (questions.yaml publicText; counsel
 * session 8, L3): each missing fact's phrase once, in the facts' order, joined for a sentence. A fact
 * no question matches (rules:check prevents it for the engine's names) reads "a fact still being established".
 */
export function publicPhrases(questions: Questions | null, missing: readonly string[]): string {
  if (questions === null) return phrasesOf(null, missing);
  const key = missing.join('\n');
  let text = questions.phrases.get(key);
  if (text === undefined) {
    text = phrasesOf(questions, missing);
    if (questions.phrases.size >= PHRASE_MEMO_SIZE) questions.phrases.clear();
    questions.phrases.set(key, text);
  }
  return text;
}

function phrasesOf(questions: Questions | null, missing: readonly string[]): string {
  const out: string[] = [];
  for (const m of missing) {
    const hit = questions === null ? null : matchFact(questions, m);
    const text = hit === null ? 'a fact still being established' : fill(hit.c.q.publicText, hit.values, (x) => x);
    if (!out.includes(text)) out.push(text);
  }
  return out.length <= 1 ? (out[0] ?? '') : `${out.slice(0, -1).join('; ')}; and ${out.at(-1)!}`;
}

/** The questions of a decision's missing facts, in their order; a name with no question is left out. */
export function questionsFor(questions: Questions, missing: readonly string[], context: QuestionContext = {}): QuestionMatch[] {
  const out: QuestionMatch[] = [];
  for (const m of missing) {
    const q = questionFor(questions, m, context);
    if (q !== null) out.push(q);
  }
  return out;
}

/** The question id of a missing-fact name, or null: what the review queue stores and groups by. */
export function questionIdFor(questions: Questions, missingFact: string): string | null {
  return matchFact(questions, missingFact)?.c.q.id ?? null;
}

/**
 * Patterns of missing-fact names no question answers: the static check of `npm run rules:check`
 * over every name the engine and the rules can produce. Each placeholder is filled with a sample
 * word, and the most specific question the result matches must take each of its own placeholders
 * from a single word: `cases.{caseNumber}` does not answer `cases.{caseNumber}.offenseDate` by
 * reading `X.offenseDate` as a case number.
 */
export function unansweredPatterns(questions: Questions, patterns: readonly string[]): string[] {
  return patterns.filter((p) => {
    const hit = matchFact(questions, samplePattern(p));
    return hit === null || Object.values(hit.values).some((v) => !/^[A-Za-z0-9_-]+$/.test(v));
  });
}

/** A pattern with each placeholder filled by a sample word (letters and digits only). */
export function samplePattern(pattern: string): string {
  return pattern.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, name: string) => `X${name}9`);
}

/**
 * What a counsel determination may do with one missing-fact name (decide.ts's MO-COUNSEL): the
 * outcomes it may give and the question id it may name the fact by, or null when no determination
 * answers it (a prosecutor's or clerk's question, or a counsel question that needs a fact, not an opinion).
 */
export function determinationFor(
  questions: Questions,
  missingFact: string,
): { questionId: string; outcomes: readonly ('release' | 'withhold')[] } | null {
  const hit = matchFact(questions, missingFact);
  if (hit === null || hit.c.q.answeredBy !== 'counsel' || hit.c.q.determination === undefined) return null;
  return { questionId: hit.c.q.id, outcomes: hit.c.q.determination };
}

/**
 * The entries of a determination's `answers` that it may not give (empty = all valid): each must be
 * a question id, or a missing-fact name matching a question, that counsel answers and that a
 * determination may answer with this outcome (questions.yaml `determination`). The service refuses
 * a determination naming any other (counsel review, session 4, finding 1: never a prosecutor's or
 * clerk's question; a court order's question by a withhold only).
 */
export function invalidAnswers(questions: Questions, answers: readonly string[], outcome: 'release' | 'withhold'): string[] {
  return answers.filter((a) => {
    const byId = questions.byId.get(a);
    if (byId !== undefined) return byId.answeredBy !== 'counsel' || !(byId.determination ?? []).includes(outcome);
    const q = determinationFor(questions, a);
    return q === null || !q.outcomes.includes(outcome);
  });
}
