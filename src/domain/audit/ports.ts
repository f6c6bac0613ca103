/** The audit trail's storage: append-only, one entry per sequence number. */

/** What a caller records: who did what to which targets, and how it ended. */
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

/** A stored entry: the input, its position in the chain and the hashes that link it. */
export interface AuditEntry extends AuditInput {
  /** The zero-padded sequence number: unique, so two writers cannot take the same position. */
  _id: string;
  seq: number;
  prevHash: string;
  hash: string;
  /**
   * The targets upper-cased, for the search by id prefix in any letter case through an index.
   * Derived from `targets` (which the hash covers), so verify() checks it rather than hashing it:
   * entries written before it existed still verify, and a doctored key shows as an edit.
   */
  targetKeys?: string[];
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  /** A prefix of a target (recording, case, request id…), in any letter case. */
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Newest first: only entries before this `_id` (the previous page's last). */
  before?: string | null | undefined;
}

export interface AuditStore {
  /** The entry with the highest sequence number. */
  last(): Promise<{ seq: number; hash: string } | null>;
  at(id: string): Promise<{ seq: number; hash: string } | null>;
  /**
   * Inserts consecutive entries in order with one write and stops at the first position already
   * taken (another writer appended first); returns how many went in (a prefix of `entries`).
   */
  insertChain(entries: readonly AuditEntry[]): Promise<number>;
  /** Every entry in sequence order. */
  inOrder(): AsyncIterable<AuditEntry>;
  /** Matching entries, newest first. */
  search(f: AuditFilter, limit: number): Promise<AuditEntry[]>;
}
