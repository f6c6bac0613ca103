/**
 * Keeps each recording's derived state current: the public release decision and the
 * retention status with retain-until, computed by the pure engine from gathered facts and
 * stored on the document (so reports and the sweep read one collection).
 *
 * Concurrency (several service processes share one database; no transactions). The rule:
 * whoever changes something that derived state depends on writes it first, then re-reads and
 * refreshes the affected recordings, each write conditional on the recording's `rev` as read
 * (and incrementing it). A write that loses means someone else wrote in between: re-read,
 * recompute, retry (bounded, then CONFLICT). The last successful write read the recording
 * after every earlier write and the facts after that, so the stored state equals a fresh
 * recomputation whatever the interleaving.
 * - Fact changes (case fields and events, court orders, holds placed/released, requests opened,
 *   reviewed, answered, withdrawn) run through `change`: open an intent in the refresh journal,
 *   write the fact, refresh the recordings in scope, close the intent.
 * - Recording writes (PUT, import batches) carry state computed before the write; `settle` then
 *   re-gathers their facts and refreshes those whose facts moved meanwhile (a case event that
 *   looked for the case's recordings before this write landed). The batch is journaled too.
 * - Every step is idempotent, so a half-done change is repaired by doing it again: the sweep
 *   takes intents older than STALE_MS (their writer died or gave up), refreshes their scope and
 *   closes them, besides re-deciding recordings whose reviewAt passed or whose rules changed.
 * - After each batch of derived writes (and of recording writes, in `settle`), the follower (the
 *   review queue) recomputes what it keeps of those recordings, before the intent is closed: a
 *   process dying before it is done leaves the intent, and the sweep's refresh syncs them again.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors';
import type { Rules } from '../../rules';
import type { RecordingStore } from '../catalog/ports';
import type { DerivedFields, Scope, StoredRecording } from '../catalog/records';
import type { DerivedWrite, DerivedWrites, RefreshJournal } from './ports';
import type { RecordingFactFields } from './fact-mappers';
import { type DerivedState, computeDerived, factKey, sameDerived, toFields } from './derive';
import type { FactsGatherer, RecordingFactBundle } from './facts.gatherer';
import type { Derivation, DerivedFollower, DerivedRefresher, UnsavedRecording } from './refresher';

const BATCH = 500;
const MAX_ATTEMPTS = 8;
/** An intent older than this was left by a writer that died or gave up mid-change; the sweep repairs its scope. */
export const STALE_MS = 5 * 60_000;

export type { DerivedState } from './derive';

export class DerivedService implements DerivedRefresher {
  /** Pure computation for one recording at `now` (the impact preview uses it with other rules). */
  static compute(rules: Rules, b: RecordingFactBundle, now: Date, opts: { review?: boolean } = {}): DerivedState {
    return computeDerived(rules, b, now, opts);
  }

  constructor(
    private readonly recordings: RecordingStore & DerivedWrites,
    private readonly journal: RefreshJournal,
    private readonly gatherer: FactsGatherer,
    private readonly rules: Rules,
    private readonly follower: DerivedFollower | null = null,
  ) {}

  /** While > 0, the follower is not called (a bulk seed that rebuilds the queue once at its end). */
  private followerPaused = 0;

  /** Runs `work` without keeping the follower current: the caller rebuilds what it keeps afterwards. */
  async withoutFollower<T>(work: () => Promise<T>): Promise<T> {
    this.followerPaused += 1;
    try {
      return await work();
    } finally {
      this.followerPaused -= 1;
    }
  }

  private async follow(ids: readonly string[]): Promise<void> {
    if (this.follower && this.followerPaused === 0 && ids.length) await this.follower.syncRecordings(ids);
  }

  async deriveFor(docs: readonly RecordingFactFields[], now: Date): Promise<Derivation> {
    const bundles = await this.gatherer.forDocs(docs);
    const derived = new Map<string, DerivedFields>();
    const factKeys = new Map<string, string>();
    for (const d of docs) {
      const b = bundles.get(d._id);
      if (!b) continue;
      derived.set(d._id, toFields(computeDerived(this.rules, b, now), now));
      factKeys.set(d._id, factKey(b));
    }
    return { derived, factKeys };
  }

  /** Journals a batch of recording writes (closed by `settle`). */
  async begin(ids: readonly string[], now: Date): Promise<string> {
    const id = `put-${randomUUID()}`;
    await this.journal.open({ _id: id, recordingIds: [...ids], caseNumber: null, at: now });
    return id;
  }

  async settle(docs: readonly UnsavedRecording[], before: Derivation, intentId: string, now: Date): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      const slice = docs.slice(i, i + BATCH);
      const bundles = await this.gatherer.forDocs(slice);
      const moved = slice.filter((d) => {
        const b = bundles.get(d._id);
        return !b || factKey(b) !== before.factKeys.get(d._id);
      });
      if (moved.length)
        await this.refreshIds(
          moved.map((d) => d._id),
          now,
        );
      const refreshed = new Set(moved.map((d) => d._id));
      await this.follow(slice.filter((d) => !refreshed.has(d._id)).map((d) => d._id));
    }
    await this.journal.close(intentId);
  }

  async change<T>(scope: Scope, now: Date, write: () => Promise<T>, follow: readonly string[] = []): Promise<T> {
    const inScope = new Set(scope.recordingIds ?? []);
    const followOnly = [...new Set(follow)].filter((id) => !inScope.has(id));
    if (followOnly.length) {
      // Journaled with the rest: a process dying before the sync leaves the intent, whose refresh syncs them.
      const widened = { ...scope, recordingIds: [...(scope.recordingIds ?? []), ...followOnly] };
      const id = `chg-${randomUUID()}`;
      await this.journal.open({ _id: id, recordingIds: widened.recordingIds, caseNumber: scope.caseNumber ?? null, at: now });
      const result = await this.change(scope, now, write).catch(async (e: unknown) => {
        await this.follow(followOnly)
          .then(() => this.journal.close(id))
          .catch(() => undefined);
        throw e;
      });
      await this.follow(followOnly);
      await this.journal.close(id);
      return result;
    }
    if (!scope.recordingIds?.length && !scope.caseNumber) return write();
    // A case no recording links to yet (a new case, its first events) has nothing to repair if
    // this process dies mid-change, so it skips the journal (an insert and a delete). The refresh
    // after the write still runs: a recording linked between this check and the write is found
    // by it. (The one gap: such a recording, whose own write already settled, AND this process
    // dying between the write and that refresh; a later change of the case repairs it.)
    if (!scope.recordingIds?.length && scope.caseNumber && (await this.recordings.idsByCase(scope.caseNumber)).length === 0) {
      let result: T;
      try {
        result = await write();
      } catch (e) {
        await this.refresh(scope, now).catch(() => undefined);
        throw e;
      }
      await this.refresh(scope, now);
      return result;
    }
    const id = `chg-${randomUUID()}`;
    await this.journal.open({ _id: id, recordingIds: [...(scope.recordingIds ?? [])], caseNumber: scope.caseNumber ?? null, at: now });
    let result: T;
    try {
      result = await write();
    } catch (e) {
      // The fact may or may not have been written: refresh anyway (idempotent), then report the failure.
      await this.refresh(scope, now)
        .then(() => this.journal.close(id))
        .catch(() => undefined);
      throw e;
    }
    await this.refresh(scope, now);
    await this.journal.close(id);
    return result;
  }

  async refresh(scope: Scope, now: Date): Promise<void> {
    // A case's recordings are read whole (one query), the named ones not among them by id.
    const linked = scope.caseNumber ? await this.recordings.byCase(scope.caseNumber) : [];
    const seen = new Set(linked.map((d) => d._id));
    for (let i = 0; i < linked.length; i += BATCH) await this.refreshDocs(linked.slice(i, i + BATCH), now, false);
    await this.refreshIds(
      (scope.recordingIds ?? []).filter((id) => !seen.has(id)),
      now,
    );
  }

  /**
   * Recomputes and writes, conditional on the rev read; losers are re-read and recomputed.
   * Throws CONFLICT when recordings are still changing after MAX_ATTEMPTS (the intent stays
   * open, so the sweep finishes the job), unless `tolerate` (the sweep itself).
   */
  private async refreshIds(ids: readonly string[], now: Date, tolerate = false): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH)
      await this.refreshDocs(await this.recordings.getMany(ids.slice(i, i + BATCH)), now, tolerate);
  }

  /**
   * One batch of documents just read (see refreshIds): every conditional write goes in one
   * unordered bulk write. When all matched, done; otherwise one read of the batch tells the
   * writes that landed (rev moved by exactly one and the stored state is the one written) from
   * the ones that lost, and only those are recomputed from the documents just read.
   */
  private async refreshDocs(read: StoredRecording[], now: Date, tolerate: boolean): Promise<void> {
    await this.writeDocs(read, now, tolerate);
    await this.follow(read.map((d) => d._id));
  }

  private async writeDocs(read: StoredRecording[], now: Date, tolerate: boolean): Promise<void> {
    let docs = read;
    for (let attempt = 0; docs.length > 0 && attempt < MAX_ATTEMPTS; attempt++) {
      const { derived } = await this.deriveFor(docs, now);
      const writes: DerivedWrite[] = [];
      for (const d of docs) {
        const fields = derived.get(d._id);
        if (fields) writes.push({ id: d._id, rev: d.rev ?? 0, derived: fields });
      }
      if (writes.length === 0 || (await this.recordings.writeDerivedMany(writes)) === writes.length) return;
      const fresh = new Map((await this.recordings.getMany(writes.map((w) => w.id))).map((d) => [d._id, d]));
      docs = writes.flatMap((w) => {
        const cur = fresh.get(w.id);
        return cur && !((cur.rev ?? 0) === w.rev + 1 && sameDerived(cur, w.derived)) ? [cur] : [];
      });
    }
    if (docs.length && !tolerate) {
      throw new AppError(
        'CONFLICT',
        `Recordings ${docs.map((d) => d._id).join(', ')} kept changing while their derived state was refreshed; try again.`,
      );
    }
  }

  /** Intents left behind (half-done changes), then recordings whose reviewAt passed, decided under other rules, or never. */
  async sweep(now: Date, limit = 100_000): Promise<number> {
    let n = 0;
    for (const intent of await this.journal.openedBefore(new Date(now.getTime() - STALE_MS), 1000)) {
      const scope = { recordingIds: intent.recordingIds, caseNumber: intent.caseNumber };
      await this.refresh(scope, now).then(
        () => this.journal.close(intent._id),
        () => undefined, // still contended: the next sweep tries again
      );
      n += intent.recordingIds.length;
    }
    const due = await this.recordings.dueForRefresh(
      now,
      { rulesVersion: this.rules.rulesVersion, engineVersion: this.rules.engineVersion },
      limit,
    );
    await this.refreshIds(due, now, true);
    return n + due.length;
  }
}
