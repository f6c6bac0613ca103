/**
 * Retention reports (auditor, admin) and the destruction record (admin). Reports stream:
 * the body is a Readable over the domain's text chunks, so memory stays flat whatever the
 * catalog size. The first database batch is read before the status line is sent, so an
 * outage still answers 503 as problem+json instead of a truncated 200.
 */
import { Readable } from 'node:stream';
import type { Context } from 'koa';
import { renderSummaryHtml } from '../../domain/retention/summary-html';
import { legalIso } from '../../engine/legal-time';
import { RetentionReviewInput } from '../../domain/retention/retention-review.service';
import type { StoredRetentionReview } from '../../domain/catalog/records';
import { AppError } from '../../errors';
import type { AppDeps } from '../../deps';
import { presentRecording } from '../catalog/catalog.presenter';
import { type RouteDef, actorOf, route } from '../route';
import { RecordingView } from '../catalog/catalog.schemas';
import {
  BacklogQuery, BacklogView, ConflictsQuery, ConflictsView, DestructionBody, DestructionParams, DestructionReportQuery, DestructionReportView,
  RetentionReportQuery, RetentionReportView, RetentionReviewList, RetentionReviewView, RetentionSummaryQuery, RetentionSummaryView,
} from './retention.schemas';
import { UnknownCasesQuery, UnknownCasesView } from './unknown-cases.schemas';

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

async function sendReport(ctx: Context, format: 'json' | 'csv', name: string, chunks: AsyncGenerator<string>): Promise<undefined> {
  const body = await primed(chunks);
  ctx.status = 200;
  if (format === 'csv') {
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`${name}.csv`);
  } else {
    ctx.type = 'application/json; charset=utf-8';
  }
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
  return undefined;
}

const day = (d: Date): string => legalIso(d).slice(0, 10);

export function retentionRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services.retention;
  return [
    route({
      method: 'get', path: '/api/v1/reports/retention', tag: 'retention',
      summary: 'Retention status and retain-until of every recording as of a date, with counts by status × category and by unit (streamed JSON or CSV)',
      query: RetentionReportQuery, response: RetentionReportView, produces: ['text/csv'],
      handler: async ({ query, ctx }) => {
        const now = deps.now();
        return sendReport(ctx, query.format, `retention-${day(query.asOf ?? now)}`, s.report.render(query.format, query, now));
      },
    }),
    route({
      method: 'get', path: '/api/v1/reports/retention/summary', tag: 'retention',
      summary: 'Retention summary: recordings by status and destruction eligibility over the coming 12 months (HTML with inline SVG charts, or JSON)',
      query: RetentionSummaryQuery, response: RetentionSummaryView, produces: ['text/html'],
      handler: async ({ query, ctx }) => {
        const summary = await s.report.summary(query, deps.now());
        if (query.format === 'json') return summary;
        ctx.type = 'text/html; charset=utf-8';
        ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        ctx.set('Cache-Control', 'no-store');
        ctx.body = renderSummaryHtml(summary);
        return undefined;
      },
    }),
    route({
      method: 'get', path: '/api/v1/reports/retention/conflicts', tag: 'retention',
      summary: 'Recordings whose schedule has run but that are blocked (case, hold, request, order), and stored-eligible recordings linked to anything open (integrity alarm)',
      query: ConflictsQuery, response: ConflictsView, produces: ['text/csv'],
      handler: async ({ query, ctx }) => {
        const now = deps.now();
        return sendReport(ctx, query.format, `retention-conflicts-${day(query.asOf ?? now)}`, s.conflicts.render(query.format, query, now));
      },
    }),
    route({
      method: 'get', path: '/api/v1/reports/classification-backlog', tag: 'retention',
      summary: 'Unclassified recordings older than the schedule allows (30 days), by unit and officer',
      query: BacklogQuery, response: BacklogView, produces: ['text/csv'],
      handler: async ({ query, ctx }) => {
        const now = deps.now();
        return sendReport(ctx, query.format, `classification-backlog-${day(query.asOf ?? now)}`, s.backlog.render(query.format, query, now));
      },
    }),
    route({
      method: 'get', path: '/api/v1/reports/destruction', tag: 'retention',
      summary: 'Recordings destroyed between from and to, under which rule and authority, and whether the schedule allowed it then',
      query: DestructionReportQuery, response: DestructionReportView, produces: ['text/csv'],
      handler: async ({ query, ctx }) => {
        if (query.from && query.to && query.from >= query.to) {
          throw new AppError('VALIDATION_FAILED', 'query.from: must be before to', [{ path: 'query.from', message: 'must be before to' }]);
        }
        const name = `destruction-${query.from ? day(query.from) : 'start'}-${query.to ? day(new Date(query.to.getTime() - 1)) : 'now'}`;
        return sendReport(ctx, query.format, name, s.destructions.render(query.format, query));
      },
    }),
    route({
      method: 'get', path: '/api/v1/reports/unknown-cases', tag: 'retention',
      summary: 'Recordings linked to case numbers the catalog does not hold (their release needs legal review and they are kept until the case is entered), streamed JSON or CSV',
      query: UnknownCasesQuery, response: UnknownCasesView, produces: ['text/csv'],
      handler: async ({ query, ctx }) => {
        const now = deps.now();
        return sendReport(ctx, query.format, `unknown-cases-${day(now)}`, s.unknownCases.render(query.format, query, now));
      },
    }),
    route({
      method: 'post', path: '/api/v1/recordings/:recordingId/retention-reviews', tag: 'retention',
      summary:
        'Record a manual review releasing a closed record (610.105, a closure order, 610.205 or 211.321) to its normal retention under the RSMo 610.124 procedure (RSMo 610.120.1); a Local Records Board authority is refused (400, body.authority) unless the opt-in localRecordsBoard is on; ' +
        'refused (409) unless the recording is retained as a closed record now',
      params: DestructionParams, body: RetentionReviewInput, response: RetentionReviewView, successStatus: 201,
      handler: async (input) => presentReview(await deps.services.retentionReviews.create(input.params.recordingId, input.body, actorOf(input), deps.now())),
    }),
    route({
      method: 'get', path: '/api/v1/recordings/:recordingId/retention-reviews', tag: 'retention',
      summary: 'The manual reviews recorded for a recording (closed records released to their normal retention)',
      params: DestructionParams, response: RetentionReviewList,
      handler: async ({ params }) => ({ items: (await deps.services.retentionReviews.list(params.recordingId)).map(presentReview) }),
    }),
    route({
      method: 'post', path: '/api/v1/recordings/:recordingId/destruction', tag: 'retention',
      summary: 'Record that the evidence system destroyed the media; refused (409 with the blocking reasons) unless the recording is eligible for destruction',
      params: DestructionParams, body: DestructionBody, response: RecordingView, successStatus: 201,
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
