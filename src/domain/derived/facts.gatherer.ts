/**
 * Gathers, for a batch of recordings, every fact the engine needs: linked cases, court
 * orders and holds that cover them, and Sunshine requests that name them. A few queries
 * per batch (never one per recording), so refreshes and reports stay cheap.
 */
import type { CaseFacts, CourtOrderFacts, HoldFacts, RecordingFacts, RequestFacts } from '../../engine/facts';
import type { CaseStore, CourtOrderStore, HoldStore, RecordingStore } from '../catalog/ports';
import { type RecordingFactFields, caseFacts, courtOrderFacts, holdFacts, recordingFacts } from './fact-mappers';

export interface RecordingFactBundle {
  recording: RecordingFacts;
  cases: CaseFacts[];
  orders: CourtOrderFacts[];
  holds: HoldFacts[];
  requests: RequestFacts[];
}

/** Sunshine requests naming recordings (provided by the requests module). */
export interface RequestFactsSource {
  forRecordings(recordingIds: readonly string[]): Promise<Map<string, RequestFacts[]>>;
}
export const NO_REQUESTS: RequestFactsSource = { forRecordings: async () => new Map() };

export interface GathererStores {
  recordings: Pick<RecordingStore, 'getMany'>;
  cases: Pick<CaseStore, 'getMany'>;
  orders: Pick<CourtOrderStore, 'covering'>;
  holds: Pick<HoldStore, 'covering'>;
}

export class FactsGatherer {
  constructor(
    private readonly stores: GathererStores,
    private readonly requests: RequestFactsSource = NO_REQUESTS,
  ) {}

  async forIds(ids: readonly string[]): Promise<Map<string, RecordingFactBundle>> {
    if (ids.length === 0) return new Map();
    return this.forDocs(await this.stores.recordings.getMany(ids));
  }

  async forDocs(docs: readonly RecordingFactFields[]): Promise<Map<string, RecordingFactBundle>> {
    const out = new Map<string, RecordingFactBundle>();
    if (docs.length === 0) return out;
    const ids = docs.map((d) => d._id);
    const caseNumbers = [...new Set(docs.flatMap((d) => d.caseNumbers ?? []))];
    const [caseDocs, orderDocs, holdDocs, requestMap] = await Promise.all([
      this.stores.cases.getMany(caseNumbers),
      this.stores.orders.covering(ids, caseNumbers),
      this.stores.holds.covering(ids, caseNumbers),
      this.requests.forRecordings(ids),
    ]);
    const cases = new Map(caseDocs.map((c) => [c._id, caseFacts(c)]));
    const orders = orderDocs.map(courtOrderFacts).sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
    const holds = holdDocs.map(holdFacts).sort((a, b) => a.id.localeCompare(b.id));
    for (const d of docs) {
      const cns = d.caseNumbers ?? [];
      const covers = (o: { recordingIds: string[]; caseNumber: string | null }) => o.recordingIds.includes(d._id) || (o.caseNumber !== null && cns.includes(o.caseNumber));
      out.set(d._id, {
        recording: recordingFacts(d),
        // A linked case the catalog does not hold is left out, not invented: the engine then names
        // it (`cases.<n>`) as a missing fact and retention keeps the recording indefinitely.
        cases: cns.flatMap((cn) => cases.get(cn) ?? []),
        orders: orders.filter(covers),
        holds: holds.filter(covers),
        requests: requestMap.get(d._id) ?? [],
      });
    }
    return out;
  }
}
