/**
 * Gathers, for a batch of recordings, every fact the engine needs: linked cases, court
 * orders and holds that cover them, and Sunshine requests that name them. A few queries
 * per batch (never one per recording), so refreshes and reports stay cheap.
 */
import type { CaseFacts, CourtOrderFacts, HoldFacts, RecordingFacts, RequestFacts } from '../../engine/facts';
import { caseFacts, courtOrderFacts, holdFacts, recordingFacts, unknownCase } from '../../persistence/mappers';
import type { Models } from '../../persistence/models';
import type { RecordingDoc } from '../../persistence/models/catalog.model';

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

const idFilter = (ids: readonly string[]) => (ids.length === 1 ? { _id: ids[0] } : { _id: { $in: [...ids] } });

export class FactsGatherer {
  constructor(
    private readonly models: Models,
    private requests: RequestFactsSource = NO_REQUESTS,
  ) {}

  setRequestSource(source: RequestFactsSource): void {
    this.requests = source;
  }

  async forIds(ids: readonly string[]): Promise<Map<string, RecordingFactBundle>> {
    if (ids.length === 0) return new Map();
    const docs = await this.models.Recording.find(idFilter(ids)).lean<(RecordingDoc & { _id: string })[]>();
    return this.forDocs(docs);
  }

  async forDocs(docs: readonly (RecordingDoc & { _id: string })[]): Promise<Map<string, RecordingFactBundle>> {
    const out = new Map<string, RecordingFactBundle>();
    if (docs.length === 0) return out;
    const ids = docs.map((d) => d._id);
    const caseNumbers = [...new Set(docs.flatMap((d) => d.caseNumbers ?? []))];
    const scope = caseNumbers.length ? { $or: [{ recordingIds: { $in: ids } }, { caseNumber: { $in: caseNumbers } }] } : { recordingIds: { $in: ids } };
    const [caseDocs, orderDocs, holdDocs, requestMap] = await Promise.all([
      caseNumbers.length ? this.models.Case.find(idFilter(caseNumbers)).lean() : Promise.resolve([]),
      this.models.CourtOrder.find(scope).lean(),
      this.models.Hold.find(scope).lean(),
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
        cases: cns.map((cn) => cases.get(cn) ?? unknownCase(cn)),
        orders: orders.filter(covers),
        holds: holds.filter(covers),
        requests: requestMap.get(d._id) ?? [],
      });
    }
    return out;
  }
}
