/**
 * Starts the service in its own process (serve.ts) for the HTTP benchmarks, so the load
 * generator does not share its heap and the process's RSS can be read from /proc:
 * VmHWM is the peak resident set, VmRSS the current one.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0000';

export interface ServiceProcess {
  port: number;
  pid: number;
  /** Resident set now and its peak so far, MiB (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * The V8 heap flags `npm start` runs the service with (package.json), so the measured process
 * collects garbage as the deployed one does: without a cap V8 sizes the old space from the
 * machine's memory and lets a streamed report's garbage pile up to the peak RSS.
 */
function startHeapFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return (pkg.scripts?.start ?? '').split(/\s+/).filter((a) => /^--max-(old|semi)-space-size=\d+$/.test(a));
}

export async function startService(mongoUri: string, dbName: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...startHeapFlags(), '--import', 'tsx', path.join(__dirname, 'serve.ts')], {
    env: { ...process.env, MONGODB_URI: mongoUri, MONGODB_DB: dbName, JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench service exited with ${code} before listening`)));
    if (!child.stdout) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    memory: () => ({ rssMiB: statusKiB(pid, 'VmRSS') / 1024, peakMiB: statusKiB(pid, 'VmHWM') / 1024 }),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
