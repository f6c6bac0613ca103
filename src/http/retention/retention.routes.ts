/**
 * Retention reports (auditor, admin) and the destruction record (admin). Reports stream:
 * the body is a Readable over the domain's text chunks, so memory stays flat whatever the
 * catalog size. The first database batch is read before the status line is sent, so an
 * outage still answers 503 as problem+json instead of a truncated 200.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { renderSummaryHtml } from '../../domain/retention/summary-html';
import { legalIso } from '../../engine/legal-time';
import { RetentionReviewInput } from '../../domain/retention/retention-review.service';
import type { StoredRetentionReview } from '../../domain/catalog/records';
import { AppError } from '../../errors';
import type { AppDeps } from '../../deps';
import { presentRecording } from '../catalog/catalog.presenter';
import { type QuerySchema, type Reply, type RouteDef, actorOf, reply, route } from '../route';
import { RecordingView } from '../catalog/catalog.schemas';
import {
  BacklogQuery,
  BacklogView,
  BlockedPageView,
  BlockedQuery,
  UnclassifiedPageView,
  UnclassifiedQuery,
  ConflictsQuery,
  ConflictsView,
  DestructionBody,
  DestructionParams,
  DestructionReportQuery,
  DestructionReportView,
  RetentionReportQuery,
  RetentionReportView,
  RetentionReviewList,
  RetentionReviewView,
  RetentionSummaryQuery,
  RetentionSummaryView,
} from './retention.schemas';
import { UnknownCasesQuery, UnknownCasesView } from './unknown-cases.schemas';
import { conflictJson } from '../../domain/retention/conflicts.service';
import { backlogJson } from '../../domain/retention/classification-backlog.service';

/** Pulls the head and the first batch (surfacing errors as problems), then streams the rest. */
async function primed(chunks: AsyncGenerator<string>, ahead = 2): Promise<Readable> {
  const first: string[] = [];
  for (let i = 0; i < ahead; i++) {
    const step = await chunks.next();
    if (step.done) return Readable.from(first, { objectMode: true });
    first.push(step.value);
  }
  async function* all(): AsyncGenerator<string> {
    yield* first;
    yield* chunks;
  }
  return Readable.from(all(), { objectMode: true, highWaterMark: 2 });
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The answer of a streamed report: CSV as an attachment, or JSON; never cached. */
async function streamed(format: 'json' | 'csv', name: string, chunks: AsyncGenerator<string>): Promise<Reply<Readable>> {
  const body = await primed(chunks);
  return format === 'csv'
    ? reply(body, { type: 'text/csv; charset=utf-8', attachment: `${name}.csv`, headers: NO_STORE })
    : reply(body, { type: 'application/json; charset=utf-8', headers: NO_STORE });
}

/** A streamed report route: its query, the file name a CSV download gets, and the domain's chunks. */
interface Report<Q extends { format: 'json' | 'csv' }, R> {
  path: string;
  summary: string;
  query: QuerySchema<Q>;
  response: z.ZodType<R>;
  fileName(query: Q, now: Date): string;
  render(query: Q, now: Date): AsyncGenerator<string>;
}

function reportRoute<Q extends { format: 'json' | 'csv' }, R>(
  deps: AppDeps,
  r: Report<Q, R>,
): RouteDef<Record<string, never>, Q, undefined, R> {
  return route<Record<string, never>, Q, undefined, R>({
    method: 'get',
    path: r.path,
    tag: 'retention',
    summary: r.summary,
    query: r.query,
    response: r.response,
    produces: ['text/csv'],
    handler: async ({ query }) => {
      const now = deps.now();
      return streamed(query.format, r.fileName(query, now), r.render(query, now));
    },
  });
}

const day = (d: Date): string => legalIso(d).slice(0, 10);

export function retentionRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services.retention;
  return [
    reportRoute(deps, {
      path: '/api/v1/reports/retention',
      summary:
        'Retention status and retain-until of every recording as of a date, with counts by status × category and by unit (streamed JSON or CSV)',
      query: RetentionReportQuery,
      response: RetentionReportView,
      fileName: (q, now) => `retention-${day(q.asOf ?? now)}`,
      render: (q, now) => s.report.render(q.format, q, now),
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/retention/summary',
      tag: 'retention',
      summary:
        'Retention summary: recordings by status and destruction eligibility over the coming 12 months (HTML with inline SVG charts, or JSON)',
      query: RetentionSummaryQuery,
      response: RetentionSummaryView,
      produces: ['text/html'],
      handler: async ({ query }) => {
        const summary = await s.report.summary(query, deps.now());
        if (query.format === 'json') return summary;
        return reply(renderSummaryHtml(summary), {
          type: 'text/html; charset=utf-8',
          headers: { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:", ...NO_STORE },
        });
      },
    }),
    reportRoute(deps, {
      path: '/api/v1/reports/retention/conflicts',
      summary:
        'Recordings whose schedule has run but that are blocked (case, hold, request, order), and stored-eligible recordings linked to anything open (integrity alarm)',
      query: ConflictsQuery,
      response: ConflictsView,
      fileName: (q, now) => `retention-conflicts-${day(q.asOf ?? now)}`,
      render: (q, now) => s.conflicts.render(q.format, q, now),
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/retention/blocked',
      tag: 'retention',
      summary:
        'Recordings whose schedule has run but that something blocks (case, hold, request, order), as of now, oldest schedule end first, paged by cursor: read through the keys stored with each derived state, each row checked against the facts now (the integrity check of stored-eligible recordings is in the full conflicts report)',
      query: BlockedQuery,
      response: BlockedPageView,
      handler: async ({ query }) => {
        const p = await s.conflicts.page(query, deps.now());
        return { ...p, items: p.items.map(conflictJson) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/retention/unclassified',
      tag: 'retention',
      summary:
        'The classification backlog (unclassified recordings older than the schedule allows), oldest first, paged by cursor through the partial unclassified index, with its total; the counts by unit and officer are in the full report',
      query: UnclassifiedQuery,
      response: UnclassifiedPageView,
      handler: async ({ query }) => {
        const p = await s.backlog.page(query, deps.now());
        return { ...p, items: p.items.map(backlogJson) };
      },
    }),
    reportRoute(deps, {
      path: '/api/v1/reports/classification-backlog',
      summary: 'Unclassified recordings older than the schedule allows (30 days), by unit and officer',
      query: BacklogQuery,
      response: BacklogView,
      fileName: (q, now) => `classification-backlog-${day(q.asOf ?? now)}`,
      render: (q, now) => s.backlog.render(q.format, q, now),
    }),
    reportRoute(deps, {
      path: '/api/v1/reports/destruction',
      summary: 'Recordings destroyed between from and to, under which rule and authority, and whether the schedule allowed it then',
      query: DestructionReportQuery,
      response: DestructionReportView,
      fileName: (q) => `destruction-${q.from ? day(q.from) : 'start'}-${q.to ? day(new Date(q.to.getTime() - 1)) : 'now'}`,
      render: (q) => {
        if (q.from && q.to && q.from >= q.to) {
          throw new AppError('VALIDATION_FAILED', 'query.from: must be before to', [{ path: 'query.from', message: 'must be before to' }]);
        }
        return s.destructions.render(q.format, q);
      },
    }),
    reportRoute(deps, {
      path: '/api/v1/reports/unknown-cases',
      summary:
        'Recordings linked to case numbers the catalog does not hold (their release needs legal review and they are kept until the case is entered), streamed JSON or CSV',
      query: UnknownCasesQuery,
      response: UnknownCasesView,
      fileName: (_q, now) => `unknown-cases-${day(now)}`,
      render: (q, now) => s.unknownCases.render(q.format, q, now),
    }),
    route({
      method: 'post',
      path: '/api/v1/recordings/:recordingId/retention-reviews',
      tag: 'retention',
      summary:
        'Record a manual review releasing a closed record (610.105, a closure order, 610.205 or 211.321) to its normal retention under the RSMo 610.124 procedure (RSMo 610.120.1); a Local Records Board authority is refused (400, body.authority) unless the opt-in localRecordsBoard is on; ' +
        'refused (409) unless the recording is retained as a closed record now',
      params: DestructionParams,
      body: RetentionReviewInput,
      response: RetentionReviewView,
      successStatus: 201,
      handler: async (input) =>
        presentReview(await deps.services.retentionReviews.create(input.params.recordingId, input.body, actorOf(input), deps.now())),
    }),
    route({
      method: 'get',
      path: '/api/v1/recordings/:recordingId/retention-reviews',
      tag: 'retention',
      summary: 'The manual reviews recorded for a recording (closed records released to their normal retention)',
      params: DestructionParams,
      response: RetentionReviewList,
      handler: async ({ params }) => ({ items: (await deps.services.retentionReviews.list(params.recordingId)).map(presentReview) }),
    }),
    route({
      method: 'post',
      path: '/api/v1/recordings/:recordingId/destruction',
      tag: 'retention',
      summary:
        'Record that the evidence system destroyed the media; refused (409 with the blocking reasons) unless the recording is eligible for destruction',
      params: DestructionParams,
      body: DestructionBody,
      response: RecordingView,
      successStatus: 201,
      handler: async (input) => {
        const recording = await s.destruction.record(
          input.params.recordingId,
          { authority: input.body.authority, performedAt: new Date(input.body.performedAt) },
          actorOf(input),
          deps.now(),
        );
        return presentRecording(recording);
      },
    }),
  ];
}

function presentReview(r: StoredRetentionReview): RetentionReviewView {
  return {
    reviewId: r._id,
    recordingId: r.recordingId,
    authority: r.authority,
    citation: r.citation,
    reason: r.reason,
    reviewedAt: legalIso(r.reviewedAt),
    reviewedBy: r.reviewedBy,
    recordedAt: legalIso(r.recordedAt),
  };
}
