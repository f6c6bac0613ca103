/**
 * Keeps each recording's derived state current: the public release decision and the
 * retention status with retain-until, computed by the pure engine from gathered facts and
 * stored on the document (so reports and the sweep read one collection).
 *
 * Concurrency (several service processes share one database; no transactions):
 * - A fact change (case event, case fields, court order, hold placed/released, request opened
 *   or closed) runs through `change`: (1) every recording in scope gets a pending marker
 *   {token, at} (rev bumped), (2) the fact is written, (3) the recordings are re-read and
 *   refreshed, each write conditional on the `rev` read and removing the marker. A conditional
 *   write that loses means someone else wrote: re-read, recompute, retry (bounded, then CONFLICT).
 *   Whoever writes last computed from facts read after every earlier fact write, so the final
 *   state equals a fresh recomputation whatever the interleaving.
 * - Recording content writes (PUT, import) carry the derived state computed before the write
 *   plus their own marker; `settle` then re-reads the facts and refreshes the recordings whose
 *   facts changed meanwhile (a case event that queried the case's recordings before this write
 *   landed), clearing the marker otherwise.
 * - Half-done work (a process died between the steps) leaves a marker behind: the sweep picks up
 *   recordings whose marker is older than STALE_MS, recomputes them and removes those markers.
 *   Destruction is refused while a marker is present (a fact change is in flight).
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { LEGAL_ZONE, type Decision, type RetentionResult } from '../../engine/facts';
import { retain } from '../../engine/retention';
import { AppError } from '../../errors';
import type { Rules } from '../../rules';
import type { RecordingStore } from '../catalog/ports';
import type { DerivedFields, Scope, StoredRecording } from '../catalog/records';
import type { RecordingFactFields } from './fact-mappers';
import type { FactsGatherer, RecordingFactBundle } from './facts.gatherer';
import type { Derivation, DerivedRefresher, UnsavedRecording } from './refresher';

export interface DerivedState {
  decision: Decision;
  retention: RetentionResult;
  reviewAt: Date | null;
}

const BATCH = 500;
const MAX_ATTEMPTS = 8;
/** A marker older than this was left by a writer that died mid-change; the sweep repairs its recordings. */
export const STALE_MS = 5 * 60_000;

function minFuture(now: Date, ...isos: (string | null | undefined)[]): Date | null {
  let best: number | null = null;
  for (const s of isos) {
    if (!s) continue;
    const t = DateTime.fromISO(s).toMillis();
    if (Number.isFinite(t) && t > now.getTime() && (best === null || t < best)) best = t;
  }
  return best === null ? null : new Date(best);
}

/** The facts other than the recording's own content, as a comparable string. */
const factKey = (b: RecordingFactBundle): string => JSON.stringify([b.cases, b.orders, b.holds, b.requests]);

export class DerivedService implements DerivedRefresher {
  constructor(
    private readonly recordings: RecordingStore,
    private readonly gatherer: FactsGatherer,
    private readonly rules: Rules,
  ) {}

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

  /** The stored form of a derived state. */
  static toFields(state: DerivedState, now: Date): DerivedFields {
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

  async deriveFor(docs: readonly RecordingFactFields[], now: Date): Promise<Derivation> {
    const bundles = await this.gatherer.forDocs(docs);
    const derived = new Map<string, DerivedFields>();
    const factKeys = new Map<string, string>();
    for (const d of docs) {
      const b = bundles.get(d._id);
      if (!b) continue;
      derived.set(d._id, DerivedService.toFields(DerivedService.compute(this.rules, b, now), now));
      factKeys.set(d._id, factKey(b));
    }
    return { derived, factKeys };
  }

  async settle(docs: readonly UnsavedRecording[], before: Derivation, token: string, now: Date): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      const slice = docs.slice(i, i + BATCH);
      const bundles = await this.gatherer.forDocs(slice);
      const moved = slice.filter((d) => {
        const b = bundles.get(d._id);
        return !b || factKey(b) !== before.factKeys.get(d._id);
      });
      const movedIds = new Set(moved.map((d) => d._id));
      await this.recordings.clearPending(slice.filter((d) => !movedIds.has(d._id)).map((d) => d._id), token);
      if (moved.length) await this.refreshIds([...movedIds], now, { tokens: [token] });
    }
  }

  async change<T>(scope: Scope, now: Date, write: () => Promise<T>): Promise<T> {
    const token = `chg-${randomUUID()}`;
    await this.recordings.markPending(scope, { token, at: now });
    let result: T;
    try {
      result = await write();
    } catch (e) {
      // The fact was not written (or we cannot tell): recompute anyway, which also removes the marker.
      await this.refresh(scope, now, [token]).catch(() => undefined);
      throw e;
    }
    await this.refresh(scope, now, [token]);
    return result;
  }

  async refresh(scope: Scope, now: Date, tokens: readonly string[] = []): Promise<void> {
    const ids = new Set(scope.recordingIds ?? []);
    if (scope.caseNumber) for (const id of await this.recordings.idsByCase(scope.caseNumber)) ids.add(id);
    await this.refreshIds([...ids], now, { tokens });
  }

  /**
   * Recomputes and writes, conditional on the rev read; losers are re-read and recomputed.
   * Throws CONFLICT when recordings are still changing after MAX_ATTEMPTS (the sweep retries later).
   */
  private async refreshIds(ids: readonly string[], now: Date, opts: { tokens?: readonly string[]; staleBefore?: Date; tolerate?: boolean }): Promise<number> {
    let unsettled = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      let docs: StoredRecording[] = await this.recordings.getMany(ids.slice(i, i + BATCH));
      for (let attempt = 0; docs.length > 0 && attempt < MAX_ATTEMPTS; attempt++) {
        const { derived } = await this.deriveFor(docs, now);
        const lost: string[] = [];
        const sb = opts.staleBefore;
        await Promise.all(
          docs.map(async (d) => {
            const fields = derived.get(d._id);
            if (!fields) return;
            const stale = sb ? (d.pending ?? []).filter((p) => p.at <= sb).map((p) => p.token) : [];
            if (!(await this.recordings.writeDerived(d._id, d.rev ?? 0, fields, [...(opts.tokens ?? []), ...stale]))) lost.push(d._id);
          }),
        );
        docs = lost.length ? await this.recordings.getMany(lost) : [];
      }
      unsettled += docs.length;
      if (docs.length && !opts.tolerate) {
        throw new AppError('CONFLICT', `Recordings ${docs.map((d) => d._id).join(', ')} kept changing while their derived state was refreshed; try again.`);
      }
    }
    return unsettled;
  }

  /** Recordings whose reviewAt has passed, decided under other rules, never decided, or left mid-change. */
  async sweep(now: Date, limit = 100_000): Promise<number> {
    const staleBefore = new Date(now.getTime() - STALE_MS);
    const due = await this.recordings.dueForRefresh(now, this.rules.rulesVersion, staleBefore, limit);
    await this.refreshIds(due, now, { staleBefore, tolerate: true });
    return due.length;
  }
}
