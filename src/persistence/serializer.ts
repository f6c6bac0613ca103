/**
 * In-process write serialization by key. FerretDB v1 applies every update as a
 * read-modify-write of the whole document, and conditional updates are not atomic, so two
 * concurrent writers to one document can lose an update (measured: 20 concurrent $push kept
 * 5). Writers that touch the same documents queue on the same key. This covers one service
 * process; several processes need MongoDB, where single-document updates are atomic.
 * Lock order, to stay deadlock-free: `case:<n>` / `hold:<id>` before `recordings`; never
 * the reverse, and never a key twice in one chain.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}

/** The key under which every write to recording documents (content or derived state) runs. */
export const RECORDINGS = 'recordings';
