/** The Sunshine due-date calculator: the deadline intake would set for any receipt instant. */
import { legalIso, parseLegalMoment } from '../../engine/legal-time';
import type { AppDeps } from '../../deps';
import { type RouteDef, route } from '../route';
import { DueDateQuery, DueDateView } from './sunshine.schemas';

export function sunshineRoutes(deps: AppDeps): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/sunshine/due-date',
      tag: 'requests',
      summary:
        'When a request received at receivedAt must be acted on (RSMo 610.023.3): days counted and skipped, the rules applied and the versions; the same code path as request intake',
      query: DueDateQuery,
      response: DueDateView,
      handler: ({ query }) => {
        const d = deps.services.requests.dueDate(query.receivedAt, { closeOfBusiness: deps.config.CLOSE_OF_BUSINESS });
        return {
          ...d,
          receivedAt: legalIso(parseLegalMoment(query.receivedAt)),
          dueBy: legalIso(d.dueBy),
        };
      },
    }),
  ];
}
