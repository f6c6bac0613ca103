/**
 * Gathers, for a batch of recordings, every fact the engine needs: linked cases, court
 * orders and holds that cover them, Sunshine requests that name them, manual retention
 * reviews and counsel's determinations. One read per batch (LinkedFactReader; six side by side
 * without it), never one per recording, so refreshes and reports stay cheap.
 */
import type { CounselDeterminationFacts } from '../../engine/counsel';
import type { CaseFacts, CourtOrderFacts, HoldFacts, RecordingFacts, RequestFacts, RetentionReviewFacts } from '../../engine/facts';
import { concerns, determinationFacts } from '../counsel/determination-facts';
import type { DeterminationStore, StoredDetermination } from '../counsel/ports';
import type { CaseStore, CourtOrderStore, HoldStore, RecordingRevisionStore, RecordingStore, RetentionReviewStore } from '../catalog/ports';
import type { StoredCase, StoredHold, StoredOrder, StoredRecording, StoredRetentionReview } from '../catalog/records';
import type { RequestFactsRow } from '../requests/ports';
import type { LinkedFactReader } from './ports';
import { chainOf, revisionAt } from '../catalog/revisions';
import { inferredSources } from '../catalog/reviewfacts';
import { type RecordingFactFields, caseFacts, courtOrderFacts, holdFacts, recordingFacts, retentionReviewFacts } from './fact-mappers';

export interface RecordingFactBundle {
  recording: RecordingFacts;
  cases: CaseFacts[];
  orders: CourtOrderFacts[];
  holds: HoldFacts[];
  requests: RequestFacts[];
  /** Manual reviews releasing the recording as a closed record (A17); empty when none. */
  reviews: RetentionReviewFacts[];
  /**
   * Counsel's determinations concerning the recording (its own, its requests', its cases'), every
   * one ever entered: the engine picks those in force at the decision's knownAt (MO-COUNSEL).
   * Absent on decision-log entries made before determinations existed.
   */
  determinations?: CounselDeterminationFacts[];
}

/** Sunshine requests naming recordings (provided by the requests module). */
export interface RequestFactsSource {
  forRecordings(recordingIds: readonly string[]): Promise<Map<string, RequestFacts[]>>;
  /**
   * The same from request rows read with the other facts (LinkedFactReader); without it the
   * requests are read by `forRecordings`, alongside.
   */
  fromRows?(rows: readonly RequestFactsRow[], recordingIds: readonly string[]): Map<string, RequestFacts[]>;
}
export const NO_REQUESTS: RequestFactsSource = { forRecordings: () => Promise.resolve(new Map()), fromRows: () => new Map() };

export interface GathererStores {
  recordings: Pick<RecordingStore, 'getMany'>;
  cases: Pick<CaseStore, 'getMany'>;
  orders: Pick<CourtOrderStore, 'covering'>;
  holds: Pick<HoldStore, 'covering'>;
  /** Without it no manual review is seen, so a closed record stays retained (the safe side). */
  retentionReviews?: Pick<RetentionReviewStore, 'forRecordings'>;
  /** Without it, `knownAt` cannot hide later edits of a recording (the current content is used). */
  revisions?: Pick<RecordingRevisionStore, 'ofRecordings'>;
  /** Without it, the fact documents are read by five queries side by side (one per collection) instead of one. */
  facts?: LinkedFactReader;
  /** Without it no counsel determination is seen: the questions stay open (the safe side). */
  determinations?: Pick<DeterminationStore, 'covering'>;
}

/** The documents a batch's facts come from, besides the recordings themselves. */
interface Related {
  cases: readonly StoredCase[];
  orders: readonly StoredOrder[];
  holds: readonly StoredHold[];
  requests: Map<string, RequestFacts[]>;
  reviews: readonly StoredRetentionReview[];
  determinations: readonly StoredDetermination[];
}

const byId = <T extends { _id: string }>(a: T, b: T) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** Each document once, by `_id`. */
const uniqueById = <T extends { _id: string }>(...lists: readonly (readonly T[])[]): T[] => [
  ...new Map(lists.flatMap((l) => l.map((d): [string, T] => [d._id, d]))).values(),
];

export class FactsGatherer {
  constructor(
    private readonly stores: GathererStores,
    private readonly requests: RequestFactsSource = NO_REQUESTS,
  ) {}

  async forIds(ids: readonly string[]): Promise<Map<string, RecordingFactBundle>> {
    if (ids.length === 0) return new Map();
    const reader = this.stores.facts;
    if (!reader) return this.forDocs(await this.stores.recordings.getMany(ids));
    // The recordings with what names them by id first, then what only their cases lead to: a
    // recording linked to no case (traffic, unclassified) is answered after one read, not two.
    const fromRows = this.requests.fromRows?.bind(this.requests);
    const [first, read] = await Promise.all([reader.withFactsById(ids), fromRows ? null : this.requests.forRecordings(ids)]);
    const caseNumbers = [...new Set(first.recordings.flatMap((d) => d.caseNumbers ?? []))];
    const viaCases = caseNumbers.length ? await reader.linked([], caseNumbers) : null;
    const requests = read ?? fromRows?.(first.requests, ids) ?? new Map<string, RequestFacts[]>();
    // Counsel's determinations come with the rest (by id in the first read, through a case in the second).
    const determinations = this.stores.determinations ? uniqueById(first.determinations, viaCases?.determinations ?? []) : [];
    return this.assemble(first.recordings, {
      cases: viaCases?.cases ?? [],
      // An order or hold naming a recording and also its case is read twice: kept once.
      orders: uniqueById(first.orders, viaCases?.orders ?? []),
      holds: uniqueById(first.holds, viaCases?.holds ?? []),
      requests,
      reviews: this.stores.retentionReviews ? first.reviews : [],
      determinations,
    });
  }

  /**
   * As `forIds`, with each recording's content as it was known at `knownAt`: the revision of its
   * chain current then. A recording first recorded after `knownAt` is left out (nothing was known
   * of it; the caller reports it as not found). One stored before revisions were kept has no
   * chain and is taken as it is now. A destruction recorded after `knownAt` is not known either.
   */
  async forIdsKnownAt(ids: readonly string[], knownAt: Date): Promise<Map<string, RecordingFactBundle>> {
    if (ids.length === 0) return new Map();
    return this.forDocs(await this.asKnownAt(await this.stores.recordings.getMany(ids), knownAt));
  }

  /** The recording's facts from its revision current at `knownAt`; null when it has no revisions or none was current then. */
  async recordingFactsKnownAt(id: string, knownAt: Date): Promise<RecordingFacts | null> {
    const [doc] = await this.stores.recordings.getMany([id]);
    if (!doc?.revision) return null;
    const [known] = await this.asKnownAt([doc], knownAt);
    return known ? recordingFacts(known) : null;
  }

  /** The documents as known at `knownAt` (see forIdsKnownAt). */
  async asKnownAt(docs: readonly StoredRecording[], knownAt: Date): Promise<StoredRecording[]> {
    const source = this.stores.revisions;
    if (!source) return [...docs];
    const revisions = await source.ofRecordings(docs.filter((d) => d.revision).map((d) => d._id));
    const out: StoredRecording[] = [];
    for (const d of docs) {
      const destruction = d.destruction && d.destruction.recordedAt.getTime() <= knownAt.getTime() ? d.destruction : null;
      if (!d.revision) {
        out.push({ ...d, destruction });
        continue;
      }
      const rev = revisionAt(chainOf(d.revision, revisions.get(d._id) ?? []), knownAt);
      // A revision written before review sources were kept has none of its own (the key is absent): its
      // links and category that the recording's overlay gives are read as the clerk's, unconfirmed then
      // (counsel session 8, H1), not as the feed's, nor as the document's current sources.
      if (rev)
        out.push({
          ...d,
          ...rev.content,
          reviewSources:
            rev.content.reviewSources !== undefined
              ? rev.content.reviewSources
              : d.reviewFacts
                ? inferredSources(rev.content, d.reviewFacts, knownAt)
                : null,
          noInvestigation: rev.content.noInvestigation ?? null,
          destruction,
          revision: { id: rev._id, seq: rev.seq },
        });
    }
    return out;
  }

  async forDocs(docs: readonly RecordingFactFields[]): Promise<Map<string, RecordingFactBundle>> {
    if (docs.length === 0) return new Map();
    const ids = docs.map((d) => d._id);
    const caseNumbers = [...new Set(docs.flatMap((d) => d.caseNumbers ?? []))];
    const reader = this.stores.facts;
    if (reader) {
      const fromRows = this.requests.fromRows?.bind(this.requests);
      // A source that reads requests itself (no fromRows) does so alongside.
      const [found, read] = await Promise.all([reader.linked(ids, caseNumbers), fromRows ? null : this.requests.forRecordings(ids)]);
      const requests = read ?? fromRows?.(found.requests, ids) ?? new Map<string, RequestFacts[]>();
      return this.assemble(docs, {
        ...found,
        requests,
        reviews: this.stores.retentionReviews ? found.reviews : [],
        determinations: this.stores.determinations ? found.determinations : [],
      });
    }
    const [cases, orders, holds, requests, reviews, determinations] = await Promise.all([
      this.stores.cases.getMany(caseNumbers),
      this.stores.orders.covering(ids, caseNumbers),
      this.stores.holds.covering(ids, caseNumbers),
      this.requests.forRecordings(ids),
      this.stores.retentionReviews?.forRecordings(ids) ?? Promise.resolve([]),
      this.determinationsOf(ids, caseNumbers),
    ]);
    return this.assemble(docs, { cases, orders, holds, requests, reviews, determinations });
  }

  private determinationsOf(ids: readonly string[], caseNumbers: readonly string[]): Promise<StoredDetermination[]> {
    return this.stores.determinations?.covering(ids, caseNumbers) ?? Promise.resolve([]);
  }

  /** Each recording's bundle from the documents read for the batch (in a fixed order, so equal facts compare equal). */
  private assemble(docs: readonly RecordingFactFields[], related: Related): Map<string, RecordingFactBundle> {
    const out = new Map<string, RecordingFactBundle>();
    const reviews = [...related.reviews].sort(byId).map(retentionReviewFacts);
    const cases = new Map(related.cases.map((c) => [c._id, caseFacts(c)]));
    const orders = related.orders.map(courtOrderFacts).sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
    const holds = related.holds.map(holdFacts).sort((a, b) => a.id.localeCompare(b.id));
    const requestMap = related.requests;
    const determinations = [...related.determinations].sort(byId).map((doc) => ({ doc, facts: determinationFacts(doc) }));
    for (const d of docs) {
      const cns = d.caseNumbers ?? [];
      const covers = (o: { recordingIds: string[]; caseNumber: string | null }) =>
        o.recordingIds.includes(d._id) || (o.caseNumber !== null && cns.includes(o.caseNumber));
      out.set(d._id, {
        recording: recordingFacts(d),
        // A linked case the catalog does not hold is left out, not invented: the engine then names
        // it (`cases.<n>`) as a missing fact and retention keeps the recording indefinitely.
        cases: cns.flatMap((cn) => cases.get(cn) ?? []),
        orders: orders.filter(covers),
        holds: holds.filter(covers),
        requests: requestMap.get(d._id) ?? [],
        reviews: reviews.filter((r) => r.recordingId === d._id),
        determinations: determinations.filter((x) => concerns(x.doc, d._id, cns)).map((x) => x.facts),
      });
    }
    return out;
  }
}
