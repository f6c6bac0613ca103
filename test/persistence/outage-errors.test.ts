import { expect } from 'chai';
import { isDbOutage } from '../../src/persistence/errors';

/** A driver error as the driver names it (the classification reads the name, code and message). */
const driverError = (name: string, message: string, code?: number) =>
  Object.assign(new Error(message), { name }, code === undefined ? {} : { code });

describe('database outage classification', () => {
  it('reads an insertMany or bulkWrite cut off by its connection closing as an outage', () => {
    expect(isDbOutage(driverError('MongoBulkWriteError', 'connection 2 to 127.0.0.1:41339 closed'))).to.equal(true);
    expect(isDbOutage(driverError('MongoBulkWriteError', 'connection 5 to 127.0.0.1:41339 timed out'))).to.equal(true);
  });
  it('does not read a bulk write refused for its data as an outage', () => {
    expect(isDbOutage(driverError('MongoBulkWriteError', 'E11000 duplicate key error', 11000))).to.equal(false);
    expect(isDbOutage(driverError('MongoBulkWriteError', 'Document failed validation', 121))).to.equal(false);
  });
});
