/** Recomputes the derived release/retention state stored on recordings after a change. */
export interface DerivedRefresher {
  /** Recompute for these recordings, before the write that changed them is acknowledged. */
  refreshRecordings(ids: readonly string[], now: Date): Promise<void>;
  /** Recompute for every recording linked to the case. */
  refreshCase(caseNumber: string, now: Date): Promise<void>;
}
