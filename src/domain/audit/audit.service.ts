/**
 * Tamper-evident audit trail (CJIS 5.4: who, what, when, where from, outcome — for
 * successes and failures). Each entry's hash covers its content and the previous hash.
 * Appends are group-committed in-process: entries that arrive while a write is in flight wait,
 * and the next write chains all of them in arrival order and stores them with one ordered
 * insert (one round trip for many requests instead of one each, in sequence). Forks across
 * processes are impossible through the unique sequence `_id`: the insert stops at the first
 * position another writer took, the entries before it are stored, and the rest are re-chained
 * from the re-read head and retried. Each append resolves once its entry is stored. Entries are
 * never updated or deleted.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../errors';
import { ID_ORDER, decodeCursor, page } from '../pagination';
import { GroupCommit } from '../group-commit';
import type { AuditEntry, AuditFilter, AuditInput, AuditStore } from './ports';
export type { AuditEntry, AuditInput } from './ports';

const GENESIS = '0'.repeat(64);

function auditUnavailable(cause: unknown): AppError {
  const err = new AppError(
    'AUDIT_UNAVAILABLE',
    'The request could not be recorded in the audit trail, so it was not answered; try again shortly.',
  );
  err.cause = cause;
  return err;
}
const SEQ_WIDTH = 12;
const seqId = (n: number) => String(n).padStart(SEQ_WIDTH, '0');

/** The canonical text an entry's hash covers (fixed field order, ISO time). */
function canonical(e: AuditInput & { seq: number; prevHash: string }): string {
  return JSON.stringify([
    e.seq,
    e.at.toISOString(),
    e.actor.sub,
    e.actor.role,
    e.action,
    e.targets,
    e.requestId,
    e.source,
    e.outcome.status,
    e.outcome.code,
    e.bodyDigest,
    e.prevHash,
  ]);
}
/** The search keys of an entry's targets: each upper-cased, so a prefix matches in any letter case. */
export const targetKeys = (targets: readonly string[]): string[] => targets.map((t) => t.toUpperCase());

const entryHash = (e: AuditInput & { seq: number; prevHash: string }) => createHash('sha256').update(canonical(e)).digest('hex');

export interface VerifyReport {
  ok: boolean;
  entriesVerified: number;
  head: { seq: number; hash: string } | null;
  firstBroken: { seq: number; id: string; problem: string } | null;
}

/** At most this many entries per insert (a burst larger than that takes several). */
const MAX_GROUP = 500;

export class AuditService {
  private head: { seq: number; hash: string } | null = null;
  private readonly queue = new GroupCommit<AuditInput, AuditEntry>((inputs) => this.writeGroup(inputs), MAX_GROUP);

  constructor(private readonly store: AuditStore) {}

  private async loadHead(): Promise<{ seq: number; hash: string }> {
    let head = (await this.store.last()) ?? { seq: 0, hash: GENESIS };
    // Another process may have appended since: walk forward by _id.
    for (;;) {
      const next = await this.store.at(seqId(head.seq + 1));
      if (!next) return head;
      head = { seq: next.seq, hash: next.hash };
    }
  }

  /**
   * Appends one entry; resolves once it is stored (with others waiting at the same time, in one
   * write). Any failure rejects with AppError AUDIT_UNAVAILABLE (the store's error as its cause):
   * callers fail closed on it, since what they did must not be reported done without its entry.
   */
  async append(input: AuditInput): Promise<AuditEntry> {
    let entry: AuditEntry | undefined;
    try {
      [entry] = await this.queue.add([input]);
    } catch (e) {
      throw auditUnavailable(e);
    }
    if (!entry) throw auditUnavailable(new Error('audit append: entry not stored'));
    return entry;
  }

  private async writeGroup(inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
    const stored: AuditEntry[] = [];
    let rest = inputs;
    for (let attempt = 0; attempt < 50; attempt++) {
      let head = this.head ?? (await this.loadHead());
      const docs: AuditEntry[] = [];
      for (const input of rest) {
        const seq = head.seq + 1;
        const base = { ...input, seq, prevHash: head.hash };
        const doc: AuditEntry = { _id: seqId(seq), ...base, hash: entryHash(base), targetKeys: targetKeys(base.targets) };
        docs.push(doc);
        head = { seq, hash: doc.hash };
      }
      const n = await this.store.insertChain(docs);
      const last = docs[n - 1];
      if (last) {
        stored.push(...docs.slice(0, n));
        this.head = { seq: last.seq, hash: last.hash };
      }
      rest = rest.slice(n);
      if (rest.length === 0) return stored;
      // Another process took the next position: continue from its entries.
      this.head = await this.loadHead();
    }
    throw new Error('audit append: could not find a free position after 50 attempts');
  }

  /** Walks the whole chain in order and reports the first broken link, if any. */
  async verify(onProgress?: (n: number) => void): Promise<VerifyReport> {
    let prev = GENESIS;
    let expectedSeq = 1;
    let n = 0;
    for await (const e of this.store.inOrder()) {
      const fail = (problem: string): VerifyReport => ({
        ok: false,
        entriesVerified: n,
        head: n ? { seq: expectedSeq - 1, hash: prev } : null,
        firstBroken: { seq: e.seq, id: e._id, problem },
      });
      if (e.seq !== expectedSeq || e._id !== seqId(expectedSeq))
        return fail(`expected entry ${expectedSeq} here: an entry is missing or out of order`);
      if (e.prevHash !== prev) return fail('prevHash does not match the previous entry: the chain was cut or reordered');
      const recomputed = entryHash({
        seq: e.seq,
        at: e.at,
        actor: { sub: e.actor?.sub ?? '', role: e.actor?.role ?? '' },
        action: e.action,
        targets: [...e.targets],
        requestId: e.requestId,
        source: e.source,
        outcome: { status: e.outcome?.status ?? 0, code: e.outcome?.code ?? null },
        bodyDigest: e.bodyDigest ?? null,
        prevHash: e.prevHash,
      });
      if (recomputed !== e.hash) return fail('content does not match its hash: the entry was edited');
      if (e.targetKeys && JSON.stringify(e.targetKeys) !== JSON.stringify(targetKeys(e.targets)))
        return fail('search keys do not match its targets: the entry was edited');
      prev = e.hash;
      expectedSeq += 1;
      n += 1;
      if (onProgress && n % 1000 === 0) onProgress(n);
    }
    return { ok: true, entriesVerified: n, head: n ? { seq: n, hash: prev } : null, firstBroken: null };
  }

  /** One page of the entries matching `f`, newest first; `target` matches a prefix of any target in any letter case. */
  async list(f: AuditFilter & { cursor?: string | undefined; limit: number }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    return page(await this.search({ ...f, before: decodeCursor(f.cursor, ID_ORDER) }, f.limit + 1), f.limit, ID_ORDER);
  }

  /** Every entry matching `f`, newest first, read a batch at a time (the CSV export). */
  async *matching(f: AuditFilter, batchSize = 1000): AsyncGenerator<AuditEntry> {
    let before: string | null = null;
    for (;;) {
      const batch = await this.search({ ...f, before }, batchSize + 1);
      yield* batch.slice(0, batchSize);
      const last = batch[batchSize - 1];
      if (batch.length <= batchSize || !last) return;
      before = last._id;
    }
  }

  private search(f: AuditFilter, limit: number): Promise<AuditEntry[]> {
    return this.store.search({ ...f, target: f.target ? f.target.toUpperCase() : undefined }, limit);
  }

  /** Current chain head, for periodic anchoring in the log output. */
  async currentHead(): Promise<{ seq: number; hash: string }> {
    this.head = await this.loadHead();
    return this.head;
  }
}
