/** Cameras, recordings, cases and events, court orders, holds: validate -> one service call -> present. */
import {
  CameraInput,
  CaseEventInput,
  CaseInput,
  CourtOrderInput,
  HoldInput,
  JuvenileCourtInput,
  HoldReleaseInput,
  RecordingInput,
  RecordingReviewFactsInput,
  NoInvestigationConfirmationInput,
  ReviewFactsConfirmationInput,
  ReviewFactsCorrectionInput,
} from '../../domain/catalog/catalog.schemas';
import { notFound } from '../../errors';
import type { AppDeps } from '../../deps';
import { presentHistory } from './history.presenter';
import { presentCamera, presentCase, presentCaseEvent, presentHold, presentOrder, presentRecording } from './catalog.presenter';
import { type RouteDef, actorOf, reply, route } from '../route';
import {
  CameraQuery,
  CameraView,
  CaseEventView,
  CaseParams,
  CaseView,
  HoldQuery,
  HoldView,
  IdParams,
  OrderParams,
  OrderView,
  PageOf,
  RecordingParams,
  RecordingQuery,
  RecordingView,
  SerialParams,
  UnitList,
  UpcomingChangesCsvQuery,
  UpcomingChangesQuery,
  UpcomingChangesView,
} from './catalog.schemas';
import { Readable } from 'node:stream';
import { legalIso } from '../../engine/legal-time';
import { RecordingHistoryView } from './history.responses';

export function catalogRoutes(deps: AppDeps): RouteDef[] {
  const s = deps.services;
  return [
    route({
      method: 'put',
      path: '/api/v1/cameras/:serial',
      tag: 'cameras',
      summary: 'Register or update a camera (idempotent)',
      params: SerialParams,
      body: CameraInput,
      response: CameraView,
      handler: async (input) => {
        const { created, camera } = await s.cameras.put(input.params.serial, input.body, actorOf(input), deps.now());
        return reply(presentCamera(camera), { status: created ? 201 : 200 });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/cameras',
      tag: 'cameras',
      summary: 'List cameras by assignment, unit, status',
      query: CameraQuery,
      response: PageOf(CameraView),
      handler: async ({ query }) => {
        const p = await s.cameras.list(query);
        return { items: p.items.map(presentCamera), nextCursor: p.nextCursor };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/units',
      tag: 'cameras',
      summary: 'The known units (those of the registered cameras), sorted: what unit filters are picked from',
      response: UnitList,
      handler: async () => ({ items: await s.cameras.units() }),
    }),
    route({
      method: 'get',
      path: '/api/v1/cameras/:serial',
      tag: 'cameras',
      summary: 'One camera',
      params: SerialParams,
      response: CameraView,
      handler: async ({ params }) => {
        const c = await s.cameras.get(params.serial);
        if (!c) throw notFound('Camera', params.serial);
        return presentCamera(c);
      },
    }),
    route({
      method: 'put',
      path: '/api/v1/recordings/:recordingId',
      tag: 'recordings',
      summary: 'Upsert a recording (idempotent; a different sha256 for an existing id is refused with 409)',
      params: RecordingParams,
      body: RecordingInput,
      response: RecordingView,
      handler: async (input) => {
        const { result, recording } = await s.recordings.put(input.params.recordingId, input.body, actorOf(input), deps.now());
        return reply(presentRecording(recording), { status: result === 'inserted' ? 201 : 200, headers: { 'X-Upsert-Result': result } });
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/recordings/:recordingId/review-facts',
      tag: 'recordings',
      summary:
        "A records clerk's answers to the recording's review questions (its category, its cases, whether its place is nonpublic and of what kind): a new revision of its content, audited; the recording is decided again",
      params: RecordingParams,
      body: RecordingReviewFactsInput,
      response: RecordingView,
      handler: async (input) => {
        const { result, recording } = await s.recordings.reviseReviewFacts(
          input.params.recordingId,
          input.body,
          actorOf(input),
          deps.now(),
        );
        return reply(presentRecording(recording), { headers: { 'X-Upsert-Result': result } });
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/recordings/:recordingId/review-facts/confirmations',
      tag: 'recordings',
      summary:
        'A prosecutor confirms a case link or category a records clerk entered on the review-facts route, or removes it as wrong, with the basis: until then the link opens nothing and neither starts a destruction clock; a new revision (source confirmation), audited; the recording is decided again',
      params: RecordingParams,
      body: ReviewFactsConfirmationInput,
      response: RecordingView,
      handler: async (input) => {
        const { result, recording } = await s.recordings.confirmReviewFacts(
          input.params.recordingId,
          input.body,
          actorOf(input),
          deps.now(),
        );
        return reply(presentRecording(recording), { headers: { 'X-Upsert-Result': result } });
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/recordings/:recordingId/no-investigation',
      tag: 'recordings',
      summary:
        "A prosecutor confirms that no investigation concerns the recording, with the reference: it is classified non-evidentiary with the prosecutor's confirmation (its 180 days run from the later of the confirmation and the day recorded here); refused for a recording linked to a case (409) and for a date after today (422); a new revision (source confirmation), audited; the recording is decided again",
      params: RecordingParams,
      body: NoInvestigationConfirmationInput,
      response: RecordingView,
      handler: async (input) => {
        const { result, recording } = await s.recordings.confirmNoInvestigation(
          input.params.recordingId,
          input.body,
          actorOf(input),
          deps.now(),
        );
        return reply(presentRecording(recording), { headers: { 'X-Upsert-Result': result } });
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/recordings/:recordingId/review-facts/corrections',
      tag: 'recordings',
      summary:
        "A prosecutor or an administrator corrects a wrong answer a records clerk gave on the review-facts route, with the basis: the clerk's nonpublic mark lifted, or the clerk's kind of place replaced (the evidence system's own mark or private kind is refused, 409); a new revision (source correction), audited; the recording is decided again. A clerk's case link is removed by the prosecutor's confirmation route",
      params: RecordingParams,
      body: ReviewFactsCorrectionInput,
      response: RecordingView,
      handler: async (input) => {
        const { result, recording } = await s.recordings.correctReviewFacts(
          input.params.recordingId,
          input.body,
          actorOf(input),
          deps.now(),
        );
        return reply(presentRecording(recording), { headers: { 'X-Upsert-Result': result } });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/recordings/:recordingId',
      tag: 'recordings',
      summary: 'One recording with its current derived state',
      params: RecordingParams,
      response: RecordingView,
      handler: async ({ params }) => {
        const r = await s.recordings.get(params.recordingId);
        if (!r) throw notFound('Recording', params.recordingId);
        return presentRecording(r);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/recordings/:recordingId/history',
      tag: 'recordings',
      summary:
        "A recording's content revisions, oldest first: when each was recorded, by whom, and what changed (what knownAt replays from)",
      params: RecordingParams,
      response: RecordingHistoryView,
      handler: async ({ params }) => {
        const h = await s.recordings.history(params.recordingId);
        if (!h) throw notFound('Recording', params.recordingId);
        return presentHistory(h.recording, h.revisions);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/recordings',
      tag: 'recordings',
      summary:
        'Search recordings by id prefix, case, camera, officer, unit, category, date range, current retention status and public release status; in id or date order, paged by cursor',
      query: RecordingQuery,
      response: PageOf(RecordingView),
      handler: async ({ query }) => {
        const p = await s.recordings.list(query, deps.now());
        return { items: p.items.map(presentRecording), nextCursor: p.nextCursor };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/upcoming-changes',
      tag: 'recordings',
      summary:
        'Recordings whose answer or retention changes by itself in a window (default the next 30 days): their stored review date, soonest first, with the reasons in words; by unit; paged by cursor',
      query: UpcomingChangesQuery,
      response: UpcomingChangesView,
      handler: async ({ query }) => {
        const p = await s.recordings.upcoming(query, deps.now());
        return {
          from: legalIso(p.from),
          to: legalIso(p.to),
          items: p.items.map((x) => ({
            reviewAt: legalIso(x.recording.reviewAt ?? p.from),
            reasons: x.reasons,
            recording: presentRecording(x.recording),
          })),
          nextCursor: p.nextCursor,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/upcoming-changes/csv',
      tag: 'recordings',
      summary:
        'The whole window of upcoming changes as CSV (same window, unit and order as the list; the reasons in words), streamed a page at a time',
      query: UpcomingChangesCsvQuery,
      produces: ['text/csv'],
      handler: async ({ query }) => {
        const now = deps.now();
        const chunks = s.recordings.upcomingCsv(query, now);
        // The header and the first page are read before the status line, so a refused window
        // or an outage answers as problem+json instead of a truncated 200.
        const first: string[] = [];
        for (let i = 0; i < 2; i++) {
          const step = await chunks.next();
          if (step.done) break;
          first.push(step.value);
        }
        async function* all(): AsyncGenerator<string> {
          yield* first;
          yield* chunks;
        }
        const from = legalIso(query.from ?? now).slice(0, 10);
        return reply(Readable.from(all(), { objectMode: true, highWaterMark: 2 }), {
          type: 'text/csv; charset=utf-8',
          attachment: `upcoming-changes-${from}.csv`,
          headers: { 'Cache-Control': 'no-store' },
        });
      },
    }),
    route({
      method: 'put',
      path: '/api/v1/cases/:caseNumber',
      tag: 'cases',
      summary: 'Create or update a case (offense class and date decide limitation periods)',
      params: CaseParams,
      body: CaseInput,
      response: CaseView,
      handler: async (input) => {
        const { created, case: c } = await s.cases.put(input.params.caseNumber, input.body, actorOf(input), deps.now());
        return reply(presentCase(c), { status: created ? 201 : 200 });
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/cases/:caseNumber/events',
      tag: 'cases',
      summary: 'Append a case event (corrections supersede, never edit); linked recordings are re-decided before the answer',
      params: CaseParams,
      body: CaseEventInput,
      successStatus: 201,
      response: CaseEventView,
      handler: async (input) => presentCaseEvent(await s.cases.addEvent(input.params.caseNumber, input.body, actorOf(input), deps.now())),
    }),
    route({
      method: 'get',
      path: '/api/v1/cases/:caseNumber',
      tag: 'cases',
      summary: 'A case, its events and its linked recordings',
      params: CaseParams,
      response: CaseView,
      handler: async ({ params }) => {
        const c = await s.cases.get(params.caseNumber);
        if (!c) throw notFound('Case', params.caseNumber);
        return presentCase(c, await s.cases.linkedRecordings(params.caseNumber));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/court-orders',
      tag: 'court-orders',
      summary: 'Record a court order (release, closure, expungement)',
      body: CourtOrderInput,
      successStatus: 201,
      response: OrderView,
      handler: async (input) => presentOrder(await s.orders.create(input.body, actorOf(input), deps.now())),
    }),
    route({
      method: 'get',
      path: '/api/v1/court-orders/:orderNumber',
      tag: 'court-orders',
      summary: 'One court order',
      params: OrderParams,
      response: OrderView,
      handler: async ({ params }) => {
        const o = await s.orders.get(params.orderNumber);
        if (!o) throw notFound('Court order', params.orderNumber);
        return presentOrder(o);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/court-orders/:orderNumber/juvenile-court',
      tag: 'court-orders',
      summary: 'Record whether the juvenile court made an order (RSMo 211.321); covered recordings are re-decided',
      params: OrderParams,
      body: JuvenileCourtInput,
      response: OrderView,
      handler: async (input) =>
        presentOrder(await s.orders.recordJuvenileCourt(input.params.orderNumber, input.body.juvenileCourt, actorOf(input), deps.now())),
    }),
    route({
      method: 'post',
      path: '/api/v1/holds',
      tag: 'holds',
      summary: 'Place a legal hold (blocks destruction until released)',
      body: HoldInput,
      successStatus: 201,
      response: HoldView,
      handler: async (input) => presentHold(await s.holds.create(input.body, actorOf(input), deps.now())),
    }),
    route({
      method: 'post',
      path: '/api/v1/holds/:id/release',
      tag: 'holds',
      summary: 'Release a hold, saying why (kept on the hold and in the audit trail)',
      params: IdParams,
      body: HoldReleaseInput,
      response: HoldView,
      handler: async (input) => presentHold(await s.holds.release(input.params.id, input.body.reason, actorOf(input), deps.now())),
    }),
    route({
      method: 'get',
      path: '/api/v1/holds',
      tag: 'holds',
      summary: 'List holds (?active=true for active ones)',
      query: HoldQuery,
      response: PageOf(HoldView),
      handler: async ({ query }) => {
        const p = await s.holds.list(query);
        return { items: p.items.map(presentHold), nextCursor: p.nextCursor };
      },
    }),
  ];
}
