/**
 * Tamper-evident audit trail (CJIS 5.4: who, what, when, where from, outcome — for
 * successes and failures). Each entry's hash covers its content and the previous hash;
 * appends are serialized in-process and made fork-free across processes by the unique
 * sequence `_id`. Entries are never updated or deleted by the service.
 */
import { createHash } from 'node:crypto';
import type { Models } from '../../persistence/models';
import type { AuditDoc } from '../../persistence/models/audit.model';
import { isDuplicateKey } from '../../persistence/errors';

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

export type AuditEntry = AuditDoc & { _id: string };

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

  constructor(private readonly models: Models) {}

  private async loadHead(): Promise<{ seq: number; hash: string }> {
    const last = await this.models.Audit.find({}, { seq: 1, hash: 1 }).sort({ _id: -1 }).limit(1).lean();
    const top = last[0];
    let head = top ? { seq: top.seq, hash: top.hash } : { seq: 0, hash: GENESIS };
    // Another process may have appended since: walk forward by _id.
    for (;;) {
      const next = await this.models.Audit.findById(seqId(head.seq + 1), { seq: 1, hash: 1 }).lean();
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
        const doc = { _id: seqId(seq), ...base, hash: entryHash(base) };
        try {
          await this.models.Audit.collection.insertOne(doc as never);
          this.head = { seq, hash: doc.hash };
          return doc as unknown as AuditEntry;
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          this.head = await this.loadHead();
        }
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
    for await (const raw of this.models.Audit.find({}).sort({ _id: 1 }).lean().cursor({ batchSize: 1000 })) {
      const e = raw as AuditEntry;
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

  async search(f: { actor?: string; action?: string; target?: string; from?: Date; to?: Date; after?: string | null; limit: number }) {
    const q: Record<string, unknown> = {};
    if (f.actor) q['actor.sub'] = f.actor;
    if (f.action) q.action = f.action;
    if (f.target) q.targets = f.target;
    if (f.from || f.to) q.at = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
    if (f.after) q._id = { $gt: f.after };
    return this.models.Audit.find(q).sort({ _id: 1 }).limit(f.limit + 1).lean<AuditEntry[]>();
  }

  /** Current chain head, for periodic anchoring in the log output. */
  async currentHead(): Promise<{ seq: number; hash: string }> {
    this.head = await this.loadHead();
    return this.head;
  }
}
