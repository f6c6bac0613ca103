import { startTestDb, stopTestDb } from './support/db';

/** Starts one embedded database (FerretDB v2 + PostgreSQL, temporary folder) before all tests; stops it after. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await startTestDb();
  },
  async afterAll(this: Mocha.Context) {
    // Stopping waits up to 20 s for each of FerretDB and PostgreSQL before killing it, and
    // PostgreSQL's shutdown checkpoint writes what the whole run left dirty: 30 s was exceeded on
    // a machine loaded by other runs (load average 19 on 2 cores) after 1106 tests had passed.
    this.timeout(60_000);
    await stopTestDb();
  },
};
