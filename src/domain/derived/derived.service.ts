/**
 * Keeps each recording's derived state current: the public release decision and the
 * retention status with retain-until, computed by the pure engine from gathered facts and
 * stored on the document (so reports and the sweep read one collection). Called by every
 * write that can change them, before that write is acknowledged, and by the sweep for
 * recordings whose reviewAt has passed.
 */
import { DateTime } from 'luxon';
import { LEGAL_ZONE, type Decision, type RetentionResult } from '../../engine/facts';
import { retain } from '../../engine/retention';
import type { Models } from '../../persistence/models';
import { type KeyedSerializer, RECORDINGS } from '../../persistence/serializer';
import type { RecordingDoc } from '../../persistence/models/catalog.model';
import type { Rules } from '../../rules';
import type { FactsGatherer, RecordingFactBundle } from './facts.gatherer';
import type { DerivedRefresher } from './refresher';

export interface DerivedState {
  decision: Decision;
  retention: RetentionResult;
  reviewAt: Date | null;
}

const BATCH = 500;

function minFuture(now: Date, ...isos: (string | null | undefined)[]): Date | null {
  let best: number | null = null;
  for (const s of isos) {
    if (!s) continue;
    const t = DateTime.fromISO(s).toMillis();
    if (Number.isFinite(t) && t > now.getTime() && (best === null || t < best)) best = t;
  }
  return best === null ? null : new Date(best);
}

export class DerivedService implements DerivedRefresher {
  constructor(
    private readonly models: Models,
    private readonly gatherer: FactsGatherer,
    private rules: Rules,
    private readonly locks: KeyedSerializer,
  ) {}

  get rulesVersion(): string {
    return this.rules.rulesVersion;
  }

  /** Pure computation for one recording at `now` (also used by the impact preview with other rules). */
  static compute(rules: Rules, b: RecordingFactBundle, now: Date): DerivedState {
    const asOf = DateTime.fromJSDate(now, { zone: LEGAL_ZONE });
    const decision = rules.release.decide(b.recording, b.cases, b.orders, 'public', asOf);
    const linked = b.cases.map((facts) => ({ facts, status: rules.release.deriveCaseStatus(facts, asOf) }));
    const retention = retain(rules.retention, rules.rulesVersion, b.recording, linked, b.holds, b.requests, b.orders, asOf);
    const unclassifiedFlagAt = b.recording.category === 'unclassified' ? DateTime.fromISO(b.recording.recordedAt).plus({ days: 30 }).toISO() : null;
    const reviewAt = minFuture(
      now,
      decision.reviewAt,
      decision.availableFrom,
      retention.retainUntil,
      unclassifiedFlagAt,
      ...linked.map((l) => (l.status.reviewAt ? DateTime.fromISO(l.status.reviewAt, { zone: LEGAL_ZONE }).toISO() : null)),
    );
    return { decision, retention, reviewAt };
  }

  /** The stored form of a derived state ($set payload). */
  toSet(state: DerivedState, now: Date) {
    const { decision, retention } = state;
    return {
      release: {
        outcome: decision.outcome,
        ruleIds: [...new Set(decision.reasons.map((r) => r.ruleId))],
        reviewAt: decision.reviewAt ? new Date(decision.reviewAt) : null,
        rulesVersion: decision.rulesVersion,
        decidedAt: now,
      },
      retention: {
        status: retention.status,
        retainUntil: retention.retainUntil ? new Date(retention.retainUntil) : null,
        blockers: [...new Set(retention.blockers.map((r) => r.ruleId))],
        ruleIds: [...new Set(retention.reasons.map((r) => r.ruleId))],
        rulesVersion: retention.rulesVersion,
        decidedAt: now,
      },
      reviewAt: state.reviewAt,
    };
  }

  /** Derived state for documents not yet stored (an import batch): computed before the insert, so no second write. */
  async deriveFor(docs: readonly (RecordingDoc & { _id: string })[], now: Date): Promise<Map<string, ReturnType<DerivedService['toSet']>>> {
    const bundles = await this.gatherer.forDocs(docs);
    const out = new Map<string, ReturnType<DerivedService['toSet']>>();
    for (const d of docs) {
      const b = bundles.get(d._id);
      if (b) out.set(d._id, this.toSet(DerivedService.compute(this.rules, b, now), now));
    }
    return out;
  }

  /** Writes derived state for documents already read; the caller holds the recordings lock. */
  async refreshDocsLocked(docs: readonly (RecordingDoc & { _id: string })[], now: Date): Promise<number> {
    let n = 0;
    for (let i = 0; i < docs.length; i += BATCH) {
      const slice = docs.slice(i, i + BATCH);
      const derived = await this.deriveFor(slice, now);
      // Recordings with the same derived state are written with one updateMany: FerretDB v1
      // scans the table for every _id update, so a few grouped writes beat hundreds of point
      // writes there; on MongoDB both use the _id index.
      const groups = new Map<string, { set: ReturnType<DerivedService['toSet']>; ids: string[] }>();
      for (const [id, set] of derived) {
        const key = JSON.stringify(set);
        const g = groups.get(key);
        if (g) g.ids.push(id);
        else groups.set(key, { set, ids: [id] });
      }
      const ops = [...groups.values()].map((g) =>
        g.ids.length === 1
          ? { updateOne: { filter: { _id: g.ids[0] }, update: { $set: g.set } } }
          : { updateMany: { filter: { _id: { $in: g.ids } }, update: { $set: g.set } } },
      );
      if (ops.length) await this.models.Recording.collection.bulkWrite(ops as never[], { ordered: false });
      n += derived.size;
    }
    return n;
  }

  /** Re-reads the documents under the recordings lock, so a concurrent write is never overwritten by stale state. */
  async refreshDocs(docs: readonly (RecordingDoc & { _id: string })[], now: Date): Promise<number> {
    let n = 0;
    for (let i = 0; i < docs.length; i += BATCH) {
      await this.refreshRecordings(docs.slice(i, i + BATCH).map((d) => d._id), now);
      n += Math.min(BATCH, docs.length - i);
    }
    return n;
  }

  async refreshRecordings(ids: readonly string[], now: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const slice = ids.slice(i, i + BATCH);
      await this.locks.run(RECORDINGS, async () => {
        const docs = await this.models.Recording.find(slice.length === 1 ? { _id: slice[0] } : { _id: { $in: [...slice] } }).lean<(RecordingDoc & { _id: string })[]>();
        await this.refreshDocsLocked(docs, now);
      });
    }
  }

  async refreshCase(caseNumber: string, now: Date): Promise<void> {
    await this.locks.run(RECORDINGS, async () => {
      const docs = await this.models.Recording.find({ caseNumbers: caseNumber }).lean<(RecordingDoc & { _id: string })[]>();
      await this.refreshDocsLocked(docs, now);
    });
  }

  /** Recordings whose reviewAt has passed, or decided under another rules version. */
  async sweep(now: Date, limit = 100_000): Promise<number> {
    const due = await this.models.Recording.find({
      $or: [{ reviewAt: { $lte: now } }, { 'release.rulesVersion': { $ne: this.rules.rulesVersion } }, { release: null }],
    })
      .limit(limit)
      .lean<(RecordingDoc & { _id: string })[]>();
    await this.refreshRecordings(due.map((d) => d._id), now);
    return due.length;
  }
}
