/**
 * The real service as a child process (`node --import tsx src/main.ts`), for fault tests that need
 * whole processes: SIGTERM, several service processes on one database, a database killed under
 * load. Node runs the service itself, with tsx only as a loader: the tsx CLI relays a signal to its
 * child and, if the child has not acknowledged it within 30 ms (easily missed on a loaded
 * machine), kills it with SIGKILL and exits 143, which is not the service's shutdown under test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_SECRET } from './app';

const ROOT = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the service with `env` on top of a test environment, and waits until /readyz answers 200. */
export async function startServiceProcess(port: number, env: Record<string, string>): Promise<ServiceProcess> {
  const full: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'warn',
    SWEEP_INTERVAL_SECONDS: '0',
    SHUTDOWN_GRACE_SECONDS: '10',
    ...env,
  };
  if (!env.MONGODB_URI) delete full.MONGODB_URI;
  delete full.JWT_PUBLIC_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => (out = (out + b.toString('utf8')).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (gone) throw new Error(`the service exited during start-up: ${out}`);
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, port, base, output: () => out, exited };
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not become ready within 60 s: ${out}`);
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopServiceProcess(s: ServiceProcess, graceMs = 15_000): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
  await s.exited;
  clearTimeout(timer);
}
