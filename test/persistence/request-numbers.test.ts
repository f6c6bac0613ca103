/**
 * Request numbers are allocated by the database's counter, so two service processes (two
 * connections here, each with its own models and store) never hand out the same number, even
 * when both create the year's counter at the same moment (the upsert race ends in a duplicate
 * key that is retried).
 */
import { expect } from 'chai';
import { connectDb, type DbHandle } from '../../src/persistence/connection';
import { createModels, ensureSchema } from '../../src/persistence/models';
import { requestStore } from '../../src/persistence/stores/requests.store';
import { freshDatabase, testDb } from '../support/db';

describe('request number counters on the embedded engine', () => {
  let a: DbHandle;
  let b: DbHandle;

  before(async () => {
    a = await freshDatabase('request_numbers');
    const name = a.connection.db?.databaseName;
    if (!name) throw new Error('not connected');
    b = await connectDb(testDb().uri, name);
    await ensureSchema(createModels(a.connection));
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  it('gives 60 concurrent allocations from two processes 60 different numbers, 1 to 60, on counters that did not exist (five years in a row)', async () => {
    const one = requestStore(createModels(a.connection));
    const two = requestStore(createModels(b.connection));
    for (const year of [2031, 2033, 2034, 2035, 2036]) {
      const got = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).nextSeq(`SR-${year}`)));
      expect(
        [...got].sort((x, y) => x - y),
        `SR-${year}`,
      ).to.deep.equal(Array.from({ length: 60 }, (_, i) => i + 1));
    }
  });

  it('keeps one sequence per key: another year starts again at 1', async () => {
    const one = requestStore(createModels(a.connection));
    expect(await one.nextSeq('SR-2032')).to.equal(1);
    expect(await one.nextSeq('SR-2031')).to.equal(61);
  });
});
