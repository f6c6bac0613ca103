/** The review queue: recordings and cases waiting for legal review, by question; assignment and comments. */
import type { AppDeps } from '../../deps';
import type { StoredReviewItem } from '../../domain/review/ports';
import { type RouteDef, actorOf, route } from '../route';
import {
  AssignInput,
  CommentInput,
  ReviewItemParams,
  ReviewItemView,
  ReviewQueuePage,
  ReviewQueueQuery,
  ReviewSummaryQuery,
  ReviewSummaryView,
} from './review.schemas';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

function presentItem(i: StoredReviewItem) {
  return {
    id: i._id,
    kind: i.kind,
    ref: i.ref,
    assignee: i.assignee,
    assignedAt: iso(i.assignedAt),
    comments: i.comments.map((c) => ({ ...c, at: c.at.toISOString() })),
    steps: i.steps.map((s) => ({ ...s, at: s.at.toISOString() })),
  };
}

export function reviewRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services;
  return [
    route({
      method: 'get',
      path: '/api/v1/review-queue',
      tag: 'review',
      summary:
        'Recordings and cases whose answer is needs_legal_review for some requester, grouped by the question that settles them (who answers it, where), ' +
        'soonest due first (the earliest due date among the open requests waiting for the item), then oldest; ?answeredBy, ?unit, ?case, ?request, ?question',
      query: ReviewQueueQuery,
      response: ReviewQueuePage,
      handler: async ({ query }) => {
        const p = await s.review.queue({
          answeredBy: query.answeredBy,
          unit: query.unit,
          caseNumber: query.case,
          request: query.request,
          questionId: query.question,
          cursor: query.cursor,
          limit: query.limit,
        });
        return {
          groups: p.groups.map((g) => ({ ...g, dueBy: iso(g.dueBy) })),
          items: p.items.map((i) => ({
            ...i,
            id: `${i.kind}:${i.ref}`,
            dueBy: iso(i.dueBy),
            requests: i.requests.map((r) => ({ ...r, dueBy: r.dueBy.toISOString() })),
            oldestRecordedAt: i.oldestRecordedAt.toISOString(),
            comments: i.comments.map((c) => ({ ...c, at: c.at.toISOString() })),
          })),
          nextCursor: p.nextCursor,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/review-queue/summary',
      tag: 'review',
      summary:
        'Counts for the dashboard: recordings and items in review, by who answers, due soon (?soonDays, default 1), overdue, unassigned',
      query: ReviewSummaryQuery,
      response: ReviewSummaryView,
      handler: ({ query }) => s.review.summary(deps.now(), query.soonDays * 86_400_000),
    }),
    route({
      method: 'post',
      path: '/api/v1/review-items/:kind/:ref/assign',
      tag: 'review',
      summary: 'Assign a recording or case in the queue to someone (null unassigns); recorded on the item and in the audit trail',
      params: ReviewItemParams,
      body: AssignInput,
      response: ReviewItemView,
      handler: async (input) =>
        presentItem(await s.review.assign(input.params.kind, input.params.ref, input.body.assignee, actorOf(input), deps.now())),
    }),
    route({
      method: 'post',
      path: '/api/v1/review-items/:kind/:ref/comments',
      tag: 'review',
      summary: 'Comment on a recording or case in the queue (appended, never edited); recorded on the item and in the audit trail',
      params: ReviewItemParams,
      body: CommentInput,
      successStatus: 201,
      response: ReviewItemView,
      handler: async (input) =>
        presentItem(await s.review.comment(input.params.kind, input.params.ref, input.body.text, actorOf(input), deps.now())),
    }),
  ];
}
