/** Sunshine Law requests: intake, lifecycle, the clerk's queue and the response letter. */
import { renderLetterPdf, renderLetterText } from '../../domain/requests/letter-render';
import {
  AddRecordingsInput,
  DelayInput,
  FurtherDelayInput,
  NotResponsiveInput,
  PartialResponseInput,
  RequestInput,
  RespondInput,
  ReviewInput,
  SuitInput,
  WithdrawInput,
  ClaimUpdateInput,
} from '../../domain/requests/requests.schemas';
import { notFound } from '../../errors';
import type { AppDeps } from '../../deps';
import type { z } from 'zod';
import type { Actor } from '../../auth/roles';
import type { StoredRequest } from '../../domain/requests/ports';
import { presentRecordingRows, requestPresenter } from './requests.presenter';
import { type RouteDef, actorOf, reply, route } from '../route';
import {
  LetterQuery,
  RequestPage,
  RequestParams,
  RequestQuery,
  RequestRecordingsPage,
  RequestRecordingsQuery,
  RequestView,
} from './requests.schemas';

export function requestsRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services;
  const presentRequest = requestPresenter(s.rules, deps.config.REVIEW_DUE_SOON_BUSINESS_DAYS);

  /** POST /api/v1/requests/:id/<action>: one lifecycle step, validated by its own body schema. */
  function step<B>(
    action: string,
    summary: string,
    body: z.ZodType<B>,
    apply: (id: string, body: B, actor: Actor, now: Date) => Promise<StoredRequest>,
  ): RouteDef<{ id: string }, Record<string, never>, B, RequestView> {
    return route<{ id: string }, Record<string, never>, B, RequestView>({
      method: 'post',
      path: `/api/v1/requests/:id/${action}`,
      tag: 'requests',
      summary,
      params: RequestParams,
      body,
      response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await apply(input.params.id, input.body, actorOf(input), now), now);
      },
    });
  }

  return [
    route({
      method: 'post',
      path: '/api/v1/requests',
      tag: 'requests',
      summary: 'Log a Sunshine request: due date (RSMo 610.023.3) and a decision for every recording in scope for this requester',
      body: RequestInput,
      successStatus: 201,
      response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        const r = await s.requests.create(input.body, actorOf(input), now, { closeOfBusiness: deps.config.CLOSE_OF_BUSINESS });
        return presentRequest(r, now);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/requests',
      tag: 'requests',
      summary: "The clerk's queue, soonest due first (?status, ?dueBefore, ?overdue=true)",
      query: RequestQuery,
      response: RequestPage,
      handler: async ({ query }) => {
        const now = deps.now();
        const p = await s.requests.list(
          { status: query.status, dueBefore: query.dueBefore, overdue: query.overdue, cursor: query.cursor, limit: query.limit },
          now,
        );
        return { items: p.items.map((r) => presentRequest(r, now)), nextCursor: p.nextCursor };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/requests/:id',
      tag: 'requests',
      summary: 'One request with its due-date reasons, decisions and history',
      params: RequestParams,
      response: RequestView,
      handler: async ({ params }) => {
        const r = await s.requests.get(params.id);
        if (!r) throw notFound('Request', params.id);
        return presentRequest(r, deps.now());
      },
    }),
    // The lifecycle: each step is one service call on the request named in the path, answered with the request as it now stands.
    step(
      'review',
      'Start the review (received -> in_review); may add recordings identified as responsive',
      ReviewInput,
      (id, body, actor, now) => s.requests.review(id, body, actor, now),
    ),
    step(
      'respond',
      'Final response: every recording not yet answered is re-decided now; the outcome (released, partially_released, denied) follows from the decisions of the whole request',
      RespondInput,
      (id, body, actor, now) => s.requests.respond(id, body, actor, now),
    ),
    step(
      'partial-response',
      'Partial or supplemental response (in_review | delayed | partially_responded -> partially_responded): the recordings not yet answered are decided now; ' +
        'the decided ones are answered, the rest is delayed with the cause and earliest availability (RSMo 610.023.3); the due date still runs on the whole request',
      PartialResponseInput,
      (id, body, actor, now) => s.requests.partial(id, body, actor, now),
    ),
    step(
      'delay',
      'Delay with the cause and the earliest date and time the records will be available (RSMo 610.023.3)',
      DelayInput,
      (id, body, actor, now) => s.requests.delay(id, body, actor, now),
    ),
    step(
      'further-delay',
      'Further delay (delayed -> delayed, partially_responded -> partially_responded): the stated availability cannot be kept, so a new cause and the place and ' +
        'earliest date and time are given (RSMo 610.023.3); recorded in the history, the letter follows; the due date does not move',
      FurtherDelayInput,
      (id, body, actor, now) => s.requests.furtherDelay(id, body, actor, now),
    ),
    step(
      'suit',
      'A suit about the request was served (RSMo 610.027): places a litigation hold on every recording in scope at once; a repeat with the same reference changes nothing',
      SuitInput,
      (id, body, actor, now) => s.requests.suitServed(id, body, actor, now),
    ),
    step('withdraw', 'The requester withdrew the request', WithdrawInput, (id, body, actor, now) =>
      s.requests.withdraw(id, body, actor, now),
    ),
    step(
      'claim',
      'What the requester has shown (replacing the claim recorded at intake): the recordings not yet answered are decided again with it; the status does not change',
      ClaimUpdateInput,
      (id, body, actor, now) => s.requests.updateClaim(id, body, actor, now),
    ),
    route({
      method: 'post',
      path: '/api/v1/requests/:id/recordings',
      tag: 'requests',
      summary:
        'Add recordings found responsive (by id, or every recording linked to a case, its number in any letter case; an unknown case is refused with the nearest known numbers); ' +
        'they are decided for this requester now, and one marked not responsive is responsive again; the status does not change',
      params: RequestParams,
      body: AddRecordingsInput,
      response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.addRecordings(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/requests/:id/not-responsive',
      tag: 'requests',
      summary:
        'Mark recordings in scope not responsive, with the reason: they are no longer decided, answered, listed in the letter or billed, ' +
        'and the request still protects them from destruction; one already answered by a partial response is refused',
      params: RequestParams,
      body: NotResponsiveInput,
      response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.markNotResponsive(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/requests/:id/recordings',
      tag: 'requests',
      summary:
        "The request's recordings (the bulk check): category, recorded time, officer, title and place with each one's answer for this requester, totals by answer; " +
        'paged (?cursor, ?limit, ?answer), or every row as CSV (?format=csv)',
      params: RequestParams,
      query: RequestRecordingsQuery,
      response: RequestRecordingsPage,
      produces: ['text/csv'],
      handler: async ({ params, query, shows }) => {
        if (query.format === 'csv') {
          const { csv } = await s.requests.bulkCheck(params.id, deps.now());
          shows({ recordingIds: csv.recordingIds });
          return reply(csv.text, { type: 'text/csv; charset=utf-8', attachment: csv.name, headers: { 'Cache-Control': 'no-store' } });
        }
        const t = await s.requests.recordingTable(params.id, { answer: query.answer, cursor: query.cursor, limit: query.limit });
        return {
          requestId: t.request._id,
          number: t.request.number ?? null,
          requester: t.request.requester.kind,
          totals: t.totals,
          total: t.total,
          items: presentRecordingRows(t.items, s.rules.questions),
          nextCursor: t.nextCursor,
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/requests/:id/recordings/attachments',
      tag: 'requests',
      summary:
        'Export the bulk check as CSV and attach it to the request: its SHA-256, size, rows, totals and the request version are recorded on the request (attachments); ' +
        'the CSV is the answer (the file is filed with the correspondence, not stored)',
      params: RequestParams,
      successStatus: 201,
      produces: ['text/csv'],
      handler: async (input) => {
        const { csv } = await s.requests.attachBulkCheck(input.params.id, actorOf(input), deps.now());
        input.shows({ recordingIds: csv.recordingIds });
        return reply(csv.text, {
          type: 'text/csv; charset=utf-8',
          attachment: csv.name,
          headers: { 'Cache-Control': 'no-store', Digest: `sha-256=${Buffer.from(csv.sha256, 'hex').toString('base64')}` },
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/requests/:id/letter',
      tag: 'requests',
      summary:
        'The response letter (?format=text|pdf): released and withheld recordings with cited provisions, redactions, routes, delay, fee estimate',
      params: RequestParams,
      query: LetterQuery,
      produces: ['text/plain', 'application/pdf'],
      handler: async ({ params, query, shows }) => {
        const letter = await s.requests.letter(params.id, deps.now());
        shows(letter);
        if (query.format === 'text') return reply(renderLetterText(letter), { type: 'text/plain; charset=utf-8' });
        return reply(await renderLetterPdf(letter), {
          type: 'application/pdf',
          headers: { 'Content-Disposition': `inline; filename="${letter.number}-${letter.kind}.pdf"` },
        });
      },
    }),
  ];
}
