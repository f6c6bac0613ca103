/**
 * Group commit for append-only writes: callers that arrive while a write is in flight wait, and
 * the next write takes all of them at once (one round trip for many concurrent requests instead
 * of one each). Each caller's promise settles when the write holding its items has finished:
 * resolved with what the write returned for its items once they are stored, rejected with that
 * write's error otherwise. One write at a time. Used by the decision log and the audit trail,
 * and by eligibility for its fact reads (the "write" is then a read made for all waiting callers).
 */
export class GroupCommit<T, R = void> {
  private waiting: { items: readonly T[]; resolve: (r: R[]) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(
    /** Stores the items in order; returns one result per item (for `void`, return nothing). */
    private readonly write: (items: T[]) => Promise<R[] | void>,
    /** Items per write at most (a caller's items are never split). */
    private readonly maxItems = 1000,
  ) {}

  /** Resolves with the results for `items` once they are stored. */
  add(items: readonly T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length) {
        let n = 0;
        let count = 0;
        while (n < this.waiting.length && (n === 0 || count + (this.waiting[n]?.items.length ?? 0) <= this.maxItems)) {
          count += this.waiting[n]?.items.length ?? 0;
          n += 1;
        }
        const group = this.waiting.splice(0, n);
        try {
          const results = (await this.write(group.flatMap((g) => [...g.items]))) ?? [];
          let at = 0;
          for (const g of group) {
            g.resolve(results.slice(at, at + g.items.length));
            at += g.items.length;
          }
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
