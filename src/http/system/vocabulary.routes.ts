/** The API's vocabularies in one answer, so the web app (and any client) reads them rather than retyping them. */
import { type RouteDef, route } from '../route';
import { VOCABULARY, VocabularyView } from '../vocabulary';

export function vocabularyRoutes(): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/vocabulary',
      tag: 'system',
      summary:
        'Every enumeration the API speaks (requester kinds, outcomes, statuses, event types, order kinds…), in order, with the words staff read for each code, and the zone dates are shown in',
      response: VocabularyView,
      handler: () => Promise.resolve(VOCABULARY),
    }),
  ];
}
