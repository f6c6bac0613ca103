/**
 * The retention engine's view of Sunshine requests: every request naming a recording keeps
 * it from destruction while open and until two years after the later of the final response and the withdrawal
 * (retention rule RET-REQUEST-2Y). One query per batch of recordings.
 */
import type { RequestFacts } from '../../engine/facts';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import type { RequestFactsSource } from '../derived/facts.gatherer';
import type { RequestFactsRow, RequestStore } from './ports';

export class RequestsFactsSource implements RequestFactsSource {
  constructor(private readonly requests: Pick<RequestStore, 'naming'>) {}

  async forRecordings(recordingIds: readonly string[]): Promise<Map<string, RequestFacts[]>> {
    if (recordingIds.length === 0) return new Map();
    return this.fromRows(await this.requests.naming([...new Set(recordingIds)]), recordingIds);
  }

  /** The same from request rows read with the other facts (LinkedFactReader), in any order: taken by `_id`, as `naming` answers them. */
  fromRows(rows: readonly RequestFactsRow[], recordingIds: readonly string[]): Map<string, RequestFacts[]> {
    const out = new Map<string, RequestFacts[]>();
    const wanted = new Set(recordingIds);
    for (const r of [...rows].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))) {
      const facts: RequestFacts = {
        requestId: r._id,
        number: r.number ?? null,
        receivedAt: legalIso(r.receivedAt),
        finalResponseAt: legalIsoOrNull(r.finalResponseAt),
        withdrawnAt: legalIsoOrNull(r.withdrawnAt),
      };
      for (const id of r.recordingIds) {
        if (!wanted.has(id)) continue;
        const list = out.get(id);
        if (list) list.push(facts);
        else out.set(id, [facts]);
      }
    }
    return out;
  }
}
