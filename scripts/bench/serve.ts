/**
 * A service process for the HTTP benchmarks (started by server.ts): builds the app over
 * MONGODB_URI / MONGODB_DB with the bench secret, listens on a free loopback port, prints
 * `{"port":N}` on stdout and runs until SIGTERM. Its RSS is what the memory targets measure.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app';
import { buildDeps } from '../../src/deps';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { connectDb } from '../../src/persistence/connection';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const db = await connectDb(config.MONGODB_URI ?? '', config.MONGODB_DB);
  const deps = await buildDeps(config, createLogger('silent'), db);
  const handle = createApp(deps).callback();
  const server = http.createServer((req, res) => void handle(req, res));
  server.requestTimeout = 0;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void db.close().finally(() => process.exit(0)));
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
