/** Sunshine Law requests: intake, lifecycle, the clerk's queue and the response letter. */
import { renderLetterPdf, renderLetterText } from '../../domain/requests/letter-render';
import {
  AddRecordingsInput, DelayInput, FurtherDelayInput, NotResponsiveInput, PartialResponseInput, RequestInput, RespondInput, ReviewInput, SuitInput, WithdrawInput,
} from '../../domain/requests/requests.schemas';
import { notFound } from '../../errors';
import type { AppDeps } from '../../deps';
import { decodeOffsetCursor, decodeRequestCursor, encodeOffsetCursor, encodeRequestCursor, presentRecordingRows, presentRequest } from './requests.presenter';
import { type RouteDef, actorOf, route } from '../route';
import { LetterQuery, RequestPage, RequestParams, RequestQuery, RequestRecordingsPage, RequestRecordingsQuery, RequestView } from './requests.schemas';

export function requestsRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services;
  return [
    route({
      method: 'post', path: '/api/v1/requests', tag: 'requests',
      summary: 'Log a Sunshine request: due date (RSMo 610.023.3) and a decision for every recording in scope for this requester',
      body: RequestInput, successStatus: 201, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        const r = await s.requests.create(input.body, actorOf(input), now, { closeOfBusiness: deps.config.CLOSE_OF_BUSINESS });
        return presentRequest(r, now);
      },
    }),
    route({
      method: 'get', path: '/api/v1/requests', tag: 'requests', summary: "The clerk's queue, soonest due first (?status, ?dueBefore, ?overdue=true)",
      query: RequestQuery, response: RequestPage,
      handler: async ({ query }) => {
        const now = deps.now();
        const p = await s.requests.list({ status: query.status, dueBefore: query.dueBefore, overdue: query.overdue, cursor: decodeRequestCursor(query.cursor), limit: query.limit }, now);
        return { items: p.items.map((r) => presentRequest(r, now)), nextCursor: encodeRequestCursor(p.nextCursor) };
      },
    }),
    route({
      method: 'get', path: '/api/v1/requests/:id', tag: 'requests', summary: 'One request with its due-date reasons, decisions and history',
      params: RequestParams, response: RequestView,
      handler: async ({ params }) => {
        const r = await s.requests.get(params.id);
        if (!r) throw notFound('Request', params.id);
        return presentRequest(r, deps.now());
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/review', tag: 'requests', summary: 'Start the review (received -> in_review); may add recordings identified as responsive',
      params: RequestParams, body: ReviewInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.review(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/respond', tag: 'requests',
      summary: 'Final response: every recording not yet answered is re-decided now; the outcome (released, partially_released, denied) follows from the decisions of the whole request',
      params: RequestParams, body: RespondInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.respond(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/partial-response', tag: 'requests',
      summary:
        'Partial or supplemental response (in_review | delayed | partially_responded -> partially_responded): the recordings not yet answered are decided now; ' +
        'the decided ones are answered, the rest is delayed with the cause and earliest availability (RSMo 610.023.3); the due date still runs on the whole request',
      params: RequestParams, body: PartialResponseInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.partial(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/delay', tag: 'requests',
      summary: 'Delay with the cause and the earliest date and time the records will be available (RSMo 610.023.3)',
      params: RequestParams, body: DelayInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.delay(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/further-delay', tag: 'requests',
      summary:
        'Further delay (delayed -> delayed, partially_responded -> partially_responded): the stated availability cannot be kept, so a new cause and the place and ' +
        'earliest date and time are given (RSMo 610.023.3); recorded in the history, the letter follows; the due date does not move',
      params: RequestParams, body: FurtherDelayInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.furtherDelay(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/suit', tag: 'requests',
      summary: 'A suit about the request was served (RSMo 610.027): places a litigation hold on every recording in scope at once; a repeat with the same reference changes nothing',
      params: RequestParams, body: SuitInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.suitServed(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/withdraw', tag: 'requests', summary: 'The requester withdrew the request',
      params: RequestParams, body: WithdrawInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.withdraw(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/recordings', tag: 'requests',
      summary:
        'Add recordings found responsive (by id, or every recording linked to a case, its number in any letter case; an unknown case is refused with the nearest known numbers); ' +
        'they are decided for this requester now, and one marked not responsive is responsive again; the status does not change',
      params: RequestParams, body: AddRecordingsInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.addRecordings(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/not-responsive', tag: 'requests',
      summary:
        'Mark recordings in scope not responsive, with the reason: they are no longer decided, answered, listed in the letter or billed, ' +
        'and the request still protects them from destruction; one already answered by a partial response is refused',
      params: RequestParams, body: NotResponsiveInput, response: RequestView,
      handler: async (input) => {
        const now = deps.now();
        return presentRequest(await s.requests.markNotResponsive(input.params.id, input.body, actorOf(input), now), now);
      },
    }),
    route({
      method: 'get', path: '/api/v1/requests/:id/recordings', tag: 'requests',
      summary:
        "The request's recordings (the bulk check): category, recorded time, officer, title and place with each one's answer for this requester, totals by answer; " +
        'paged (?cursor, ?limit, ?answer), or every row as CSV (?format=csv)',
      params: RequestParams, query: RequestRecordingsQuery, response: RequestRecordingsPage, produces: ['text/csv'],
      handler: async ({ params, query, ctx, shows }) => {
        if (query.format === 'csv') {
          const { csv } = await s.requests.bulkCheck(params.id, deps.now());
          shows({ recordingIds: csv.recordingIds });
          ctx.type = 'text/csv; charset=utf-8';
          ctx.attachment(csv.name);
          ctx.set('Cache-Control', 'no-store');
          ctx.body = csv.text;
          ctx.status = 200;
          return undefined;
        }
        const t = await s.requests.recordingTable(params.id, { answer: query.answer, offset: decodeOffsetCursor(query.cursor), limit: query.limit });
        return {
          requestId: t.request._id, number: t.request.number ?? null, requester: t.request.requester.kind,
          totals: t.totals, total: t.total, items: presentRecordingRows(t.items), nextCursor: encodeOffsetCursor(t.nextOffset),
        };
      },
    }),
    route({
      method: 'post', path: '/api/v1/requests/:id/recordings/attachments', tag: 'requests',
      summary:
        'Export the bulk check as CSV and attach it to the request: its SHA-256, size, rows, totals and the request version are recorded on the request (attachments); ' +
        'the CSV is the answer (the file is filed with the correspondence, not stored)',
      params: RequestParams, successStatus: 201, produces: ['text/csv'],
      handler: async (input) => {
        const { csv } = await s.requests.attachBulkCheck(input.params.id, actorOf(input), deps.now());
        input.shows({ recordingIds: csv.recordingIds });
        const { ctx } = input;
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment(csv.name);
        ctx.set('Cache-Control', 'no-store');
        ctx.set('Digest', `sha-256=${Buffer.from(csv.sha256, 'hex').toString('base64')}`);
        ctx.body = csv.text;
        ctx.status = 201;
        return undefined;
      },
    }),
    route({
      method: 'get', path: '/api/v1/requests/:id/letter', tag: 'requests',
      summary: 'The response letter (?format=text|pdf): released and withheld recordings with cited provisions, redactions, routes, delay, fee estimate',
      params: RequestParams, query: LetterQuery, produces: ['text/plain', 'application/pdf'],
      handler: async ({ params, query, ctx, shows }) => {
        const letter = await s.requests.letter(params.id, deps.now());
        shows(letter);
        if (query.format === 'pdf') {
          ctx.type = 'application/pdf';
          ctx.set('Content-Disposition', `inline; filename="${letter.number}-${letter.kind}.pdf"`);
          ctx.body = await renderLetterPdf(letter);
        } else {
          ctx.type = 'text/plain; charset=utf-8';
          ctx.body = renderLetterText(letter);
        }
        ctx.status = 200;
        return undefined;
      },
    }),
  ];
}
