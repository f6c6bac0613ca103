/** Sunshine Law requests: intake, lifecycle, the clerk's queue and the response letter. */
import { renderLetterPdf, renderLetterText } from '../../domain/requests/letter-render';
import { DelayInput, FurtherDelayInput, PartialResponseInput, RequestInput, RespondInput, ReviewInput, SuitInput, WithdrawInput } from '../../domain/requests/requests.schemas';
import { notFound } from '../../errors';
import type { AppDeps } from '../../deps';
import { decodeRequestCursor, encodeRequestCursor, presentRequest } from './requests.presenter';
import { type RouteDef, actorOf, route } from '../route';
import { LetterQuery, RequestPage, RequestParams, RequestQuery, RequestView } from './requests.schemas';

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
