/**
 * Launches the embedded database: FerretDB v1.24.2 on SQLite, on a free loopback port,
 * telemetry and the debug listener off. Waits until it answers a ping; stop() ends it
 * (SIGTERM, then SIGKILL after a grace period). Every started server is also killed when
 * this process exits, so no FerretDB outlives its parent on SIGINT/SIGTERM/exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';

export interface EmbeddedDb {
  uri: string;
  port: number;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  bin: string;
  dataDir: string;
  /** Fixed port (used to restart on the same address); default: a free one. */
  port?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  onLog?: (line: string) => void;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function ping(uri: string, timeoutMs: number): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function startFerretDb(opts: StartOptions): Promise<EmbeddedDb> {
  const bin = path.resolve(opts.bin);
  if (!existsSync(bin)) {
    throw new Error(
      `FerretDB binary not found at ${bin}. Run \`npm install\` (it builds FerretDB v1.24.2 with Go), ` +
        'or set MONGODB_URI to use an existing MongoDB server.',
    );
  }
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    `--log-level=${(opts.logLevel ?? 'warn').toUpperCase()}`,
    '--log-format=json',
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  running.add(child);
  let exited = false;
  let stderrTail = '';
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });
  const onData = (buf: Buffer) => {
    const text = buf.toString('utf8');
    stderrTail = (stderrTail + text).slice(-2000);
    if (opts.onLog) for (const line of text.split('\n')) if (line.trim()) opts.onLog(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const uri = `mongodb://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20_000;
  while (!(await ping(uri, 500))) {
    if (exited) throw new Error(`FerretDB exited during start-up: ${stderrTail.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not answer a ping on port ${port} within 20 s: ${stderrTail.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    uri,
    port,
    dataDir,
    pid: child.pid ?? -1,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
