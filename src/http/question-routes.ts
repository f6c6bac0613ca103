/**
 * Every question in questions.yaml names the API route its form posts to (`form.api`) and the body
 * fields that carry the answer (`form.fields`). This checks them against the service's route table,
 * so a question cannot send staff to a route that does not exist or cannot take the answer (counsel
 * review, session 4, finding 14: eight questions linked to determinations routes before they existed).
 * Run by `npm run rules:check` over the routes the app mounts, and by test/http/question-routes.test.ts.
 */
import { z } from 'zod';
import type { Question } from '../engine/question-schema';
import { type RouteDef, routeKey } from './route';

/** A route as the check sees it: its method, its path template and its body schema. */
export type DeclaredRoute = Pick<RouteDef, 'method' | 'path' | 'body'>;

/** A path template with its placeholder names left out: `/a/{x}` and `/a/:y` are the same route. */
const templateShape = (path: string): string => path.replace(/\{[A-Za-z][A-Za-z0-9]*\}|:[A-Za-z]\w*/g, '{}');

/** The schemas a value of `schema` may be read by once wrappers (optional, default, a transform's input…) are taken off. */
function unwrapped(schema: z.core.$ZodType): z.core.$ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault)
    return unwrapped(schema.unwrap());
  if (schema instanceof z.ZodPrefault || schema instanceof z.ZodReadonly || schema instanceof z.ZodCatch) return unwrapped(schema.unwrap());
  if (schema instanceof z.ZodPipe) return unwrapped(schema.in);
  if (schema instanceof z.ZodUnion) return schema.options.flatMap((o) => unwrapped(o));
  if (schema instanceof z.ZodIntersection) return [...unwrapped(schema.def.left), ...unwrapped(schema.def.right)];
  if (schema instanceof z.ZodArray) return unwrapped(schema.element);
  return [schema];
}

/** Whether a body of `schema` has a field at `path` (dotted): some object along some branch declares each step. */
export function acceptsField(schema: z.core.$ZodType, path: readonly string[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  return unwrapped(schema).some((s) => {
    if (!(s instanceof z.ZodObject)) return false;
    const shape: Record<string, z.core.$ZodType | undefined> = s.shape;
    const next = Object.hasOwn(shape, head) ? shape[head] : undefined;
    return next !== undefined && acceptsField(next, rest);
  });
}

/** One line per problem: the question, its route, and what does not fit. Empty when every question's route takes its answer. */
export function questionRouteProblems(questions: readonly Question[], routes: readonly DeclaredRoute[]): string[] {
  const byShape = new Map(routes.map((r) => [routeKey(r.method, templateShape(r.path)), r]));
  const problems: string[] = [];
  for (const q of questions) {
    const [method = '', path = ''] = q.form.api.split(' ');
    const r = byShape.get(routeKey(method, templateShape(path)));
    if (!r) {
      problems.push(`questions.yaml: ${q.id}: form.api ${q.form.api} is not a route of the service`);
      continue;
    }
    if (!r.body) {
      problems.push(
        `questions.yaml: ${q.id}: form.api ${q.form.api} takes no body, so no form can send the answer (${q.form.fields.join(', ')})`,
      );
      continue;
    }
    for (const f of q.form.fields)
      if (!acceptsField(r.body, f.split('.')))
        problems.push(`questions.yaml: ${q.id}: form.api ${q.form.api} has no body field ${f} (form.fields)`);
  }
  return problems;
}
