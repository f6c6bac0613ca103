import { startTestDb, stopTestDb } from './support/db';

/** Starts one embedded database (FerretDB v2 + PostgreSQL, temporary folder) before all tests; stops it after. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await startTestDb();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestDb();
  },
};
