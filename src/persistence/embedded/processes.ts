/**
 * Child-process plumbing for the embedded database: free ports, running a program as the
 * PostgreSQL system user when the service runs as root (PostgreSQL refuses to run as root),
 * and killing every child when this process exits so nothing outlives the service.
 */
import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

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

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** The postgres system user when running as root (Debian's postgresql package creates it); else null. */
export function postgresUser(): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const parts = line?.split(':');
  if (!parts || parts.length < 4) {
    throw new Error('Running as root, but there is no "postgres" system user to run PostgreSQL as (install postgresql-15).');
  }
  return { name: 'postgres', uid: Number(parts[2]), gid: Number(parts[3]) };
}

/** Whether `user` can reach (traverse to) and write `dir`. */
export function userCanWrite(user: RunAs | null, dir: string): boolean {
  const r = spawnSync('test', ['-w', dir, '-a', '-x', dir], user ? { uid: user.uid, gid: user.gid } : {});
  return r.status === 0;
}

/** Runs a short command (as `user` when given) and throws with its output on failure. */
export function runChecked(cmd: string, args: string[], user: RunAs | null, what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(user ? { uid: user.uid, gid: user.gid } : {}) });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}): ${`${r.stderr}${r.stdout}`.trim().slice(-1500)}`);
  return r.stdout;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns a long-running child in its own process group (a Ctrl-C in the terminal reaches only
 * the service, which then stops its children in order). Every child is killed when this
 * process exits, however it exits short of SIGKILL; after a SIGKILL the next start finds
 * the orphans through the run file and stops them.
 */
export function spawnChild(cmd: string, args: string[], user: RunAs | null, extra: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    ...extra,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      // SIGQUIT is PostgreSQL's immediate shutdown (it also ends its backends); FerretDB exits on it too.
      for (const c of children) c.kill('SIGQUIT');
    });
  }
  return child;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
