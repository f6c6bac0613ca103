/**
 * Tamper-evident audit trail (CJIS 5.4: who, what, when, where from, outcome — for
 * successes and failures). Each entry's hash covers its content and the previous hash;
 * appends are queued in-process (keeps this process's entries in order without wasted
 * attempts) and made fork-free across processes by the unique sequence `_id`: a writer that
 * loses a position re-reads the head and retries. Entries are never updated or deleted.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditFilter, AuditStore } from './ports';

export type { AuditEntry } from './ports';

export const GENESIS = '0'.repeat(64);
const SEQ_WIDTH = 12;
export const seqId = (n: number) => String(n).padStart(SEQ_WIDTH, '0');

export interface AuditInput {
  at: Date;
  actor: { sub: string; role: string };
  action: string;
  targets: string[];
  requestId: string;
  source: string;
  outcome: { status: number; code: string | null };
  bodyDigest: string | null;
}

/** The canonical text an entry's hash covers (fixed field order, ISO time). */
export function canonical(e: AuditInput & { seq: number; prevHash: string }): string {
  return JSON.stringify([
    e.seq, e.at.toISOString(), e.actor.sub, e.actor.role, e.action, e.targets, e.requestId, e.source, e.outcome.status, e.outcome.code, e.bodyDigest, e.prevHash,
  ]);
}
export const entryHash = (e: AuditInput & { seq: number; prevHash: string }) => createHash('sha256').update(canonical(e)).digest('hex');

export interface VerifyReport {
  ok: boolean;
  entriesVerified: number;
  head: { seq: number; hash: string } | null;
  firstBroken: { seq: number; id: string; problem: string } | null;
}

export class AuditService {
  private head: { seq: number; hash: string } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

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

  /** Appends one entry; resolves once it is stored. Serialized so the chain never forks. */
  append(input: AuditInput): Promise<AuditEntry> {
    const run = async (): Promise<AuditEntry> => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const head = this.head ?? (await this.loadHead());
        const seq = head.seq + 1;
        const base = { ...input, seq, prevHash: head.hash };
        const doc: AuditEntry = { _id: seqId(seq), ...base, hash: entryHash(base) };
        if (await this.store.insert(doc)) {
          this.head = { seq, hash: doc.hash };
          return doc;
        }
        this.head = await this.loadHead();
      }
      throw new Error('audit append: could not find a free position after 50 attempts');
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Walks the whole chain in order and reports the first broken link, if any. */
  async verify(onProgress?: (n: number) => void): Promise<VerifyReport> {
    let prev = GENESIS;
    let expectedSeq = 1;
    let n = 0;
    for await (const e of this.store.inOrder()) {
      const fail = (problem: string): VerifyReport => ({ ok: false, entriesVerified: n, head: n ? { seq: expectedSeq - 1, hash: prev } : null, firstBroken: { seq: e.seq, id: e._id, problem } });
      if (e.seq !== expectedSeq || e._id !== seqId(expectedSeq)) return fail(`expected entry ${expectedSeq} here: an entry is missing or out of order`);
      if (e.prevHash !== prev) return fail('prevHash does not match the previous entry: the chain was cut or reordered');
      const recomputed = entryHash({
        seq: e.seq, at: e.at, actor: { sub: e.actor?.sub ?? '', role: e.actor?.role ?? '' }, action: e.action, targets: [...e.targets], requestId: e.requestId,
        source: e.source, outcome: { status: e.outcome?.status ?? 0, code: e.outcome?.code ?? null }, bodyDigest: e.bodyDigest ?? null, prevHash: e.prevHash,
      });
      if (recomputed !== e.hash) return fail('content does not match its hash: the entry was edited');
      prev = e.hash;
      expectedSeq += 1;
      n += 1;
      if (onProgress && n % 1000 === 0) onProgress(n);
    }
    return { ok: true, entriesVerified: n, head: n ? { seq: n, hash: prev } : null, firstBroken: null };
  }

  search(f: AuditFilter & { limit: number }): Promise<AuditEntry[]> {
    return this.store.search(f, f.limit + 1);
  }

  /** Current chain head, for periodic anchoring in the log output. */
  async currentHead(): Promise<{ seq: number; hash: string }> {
    this.head = await this.loadHead();
    return this.head;
  }
}
