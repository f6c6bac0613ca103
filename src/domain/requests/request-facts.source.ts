/**
 * The retention engine's view of Sunshine requests: every request naming a recording keeps
 * it from destruction while open and until two years after the later of the final response and the withdrawal
 * (retention rule RET-REQUEST-2Y). One query per batch of recordings.
 */
import type { RequestFacts } from '../../engine/facts';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import type { RequestFactsSource } from '../derived/facts.gatherer';
import type { RequestStore } from './ports';

export class RequestsFactsSource implements RequestFactsSource {
  constructor(private readonly requests: Pick<RequestStore, 'naming'>) {}

  async forRecordings(recordingIds: readonly string[]): Promise<Map<string, RequestFacts[]>> {
    const out = new Map<string, RequestFacts[]>();
    if (recordingIds.length === 0) return out;
    const wanted = new Set(recordingIds);
    for (const r of await this.requests.naming([...wanted])) {
      const facts: RequestFacts = {
        requestId: r._id,
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
