/**
 * The embedded database: FerretDB v2.5.0 on PostgreSQL 15 with the DocumentDB extension, installed
 * by `npm install` (scripts/install-embedded-db.sh).
 *
 * - The PostgreSQL cluster lives under DATA_DIR/postgres and is created on first start (initdb,
 *   the preload libraries DocumentDB needs, `CREATE EXTENSION documentdb`); later starts reuse it.
 *   PostgreSQL refuses to run as root, so a root service runs it as the `postgres` system user. If
 *   that user cannot reach DATA_DIR (a checkout under /root, mode 700), the cluster goes to
 *   /var/lib/footage-release/<hash of DATA_DIR> instead, and the start-up log says where; no
 *   folder's permissions are changed behind the user's back.
 * - PostgreSQL listens on a free loopback port with trust authentication and no unix socket;
 *   FerretDB listens on another free loopback port, with authentication and telemetry off. Both
 *   are reachable only from this machine.
 * - Supervision: if either child dies, `health()` says so at once (so /readyz answers 503) and the
 *   child is restarted on the same port; after repeated failures `onFatal` is called and the
 *   service exits non-zero. `stop()` ends FerretDB, then PostgreSQL (fast shutdown).
 * - A run file records the owner and the children's pids: a start after the service was killed
 *   with SIGKILL stops the orphans; a start while another live service owns DATA_DIR is refused.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { type RunAs, freePort, isAlive, postgresUser, runChecked, sleep, spawnChild, userCanWrite, waitForExit } from './processes';

export interface EmbeddedDbOptions {
  ferretdbBin: string;
  dataDir: string;
  pgBinDir?: string;
  /** FerretDB's port; default a free one. Tests restart on the same port to simulate an outage. */
  port?: number;
  onLog?: (source: 'postgres' | 'ferretdb' | 'launcher', line: string) => void;
  /** Called when a child cannot be restarted; the service should exit non-zero. */
  onFatal?: (err: Error) => void;
}

export type ChildState = 'up' | 'down' | 'stopped';

export interface EmbeddedDb {
  uri: string;
  port: number;
  /** Where the PostgreSQL cluster lives (DATA_DIR/postgres, or the fallback for a root service). */
  clusterDir: string;
  health(): { postgres: ChildState; ferretdb: ChildState };
  healthy(): boolean;
  postgresPid(): number | null;
  ferretdbPid(): number | null;
  /**
   * Refreshes PostgreSQL's planner statistics on every table (ANALYZE), which autovacuum does on
   * its own within a minute or two of a bulk load. Tests that assert a query plan call it first, so
   * the plan is the one a loaded database gets, not the one chosen while statistics are missing.
   */
  analyze(): void;
  stop(): Promise<void>;
}

/**
 * Server settings, passed on the command line at every start (not written into postgresql.conf at
 * initdb), so a cluster created by an older version of the service gets the current ones.
 */
const PG_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  shared_preload_libraries: 'pg_cron,pg_documentdb_core,pg_documentdb',
  'cron.database_name': 'postgres',
  // pg_cron connects with libpq: point it at the loopback listener (there is no socket).
  'cron.host': '127.0.0.1',
  // Debian 12 ships pg_cron 1.4.2, which rejects sub-minute schedules (CREATE EXTENSION would fail);
  // FerretDB 2.5 builds indexes synchronously, so this background schedule does not matter to it.
  'documentdb.indexBuildScheduleInSec': '60',
  'documentdb.enableSortbyIdPushDownToPrimaryKey': 'true',
  'documentdb.enableSchemaValidation': 'true',
  'documentdb.enableBypassDocumentValidation': 'true',
  // Without file-based persisted cursors, FerretDB takes a PostgreSQL connection out of its pool for
  // every query with a sort, a limit or a count, and closes it afterwards: measured 24 ms per sorted
  // find (a new backend each time) against 1.4 ms with these on.
  'documentdb.enableFileBasedPersistedCursors': 'true',
  'documentdb.useFileBasedPersistedCursors': 'true',
  logging_collector: 'off',
  log_min_messages: 'warning',
};
const pgSettingArgs = () => Object.entries(PG_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);

interface RunFile {
  owner: number;
  postgres?: number;
  ferretdb?: number;
}

function clusterLocation(dataDir: string, user: RunAs | null, log: (l: string) => void): string {
  const preferred = path.join(dataDir, 'postgres');
  mkdirSync(preferred, { recursive: true, mode: 0o700 });
  if (!user) return preferred;
  chownSync(preferred, user.uid, user.gid);
  if (userCanWrite(user, preferred)) return preferred;
  rmSync(preferred, { recursive: true, force: true });
  const fallback = path.join('/var/lib/footage-release', createHash('sha256').update(dataDir).digest('hex').slice(0, 16), 'postgres');
  mkdirSync(fallback, { recursive: true, mode: 0o755 });
  chownSync(fallback, user.uid, user.gid);
  chmodSync(fallback, 0o700);
  log(`the postgres user cannot reach ${dataDir}; the PostgreSQL cluster for it lives in ${fallback}`);
  return fallback;
}

async function stopOrphans(runFilePath: string, log: (l: string) => void): Promise<void> {
  if (!existsSync(runFilePath)) return;
  const run = JSON.parse(readFileSync(runFilePath, 'utf8')) as RunFile;
  if (run.owner !== process.pid && isAlive(run.owner)) {
    throw new Error(`The embedded database in this DATA_DIR is in use by process ${run.owner}. Stop it, or point DATA_DIR elsewhere.`);
  }
  for (const [name, pid, signal] of [
    ['ferretdb', run.ferretdb, 'SIGTERM'],
    ['postgres', run.postgres, 'SIGINT'],
  ] as const) {
    if (pid && isAlive(pid)) {
      log(`stopping ${name} (pid ${pid}) left running by an earlier service that did not stop cleanly`);
      process.kill(pid, signal);
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
    }
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, dead: () => string | null, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    const why = dead();
    if (why) throw new Error(`${what} exited during start-up: ${why}`);
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

async function mongoPing(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
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

/** A supervised child: started by `launch`, restarted on unexpected exit, stopped with `signal`. */
class Supervised {
  child: ChildProcess | null = null;
  state: ChildState = 'down';
  private tail = '';
  private failures: number[] = [];

  constructor(
    readonly name: 'postgres' | 'ferretdb',
    private readonly launch: () => ChildProcess,
    private readonly ready: () => Promise<boolean>,
    private readonly stopSignal: NodeJS.Signals,
    private readonly opts: EmbeddedDbOptions,
    private readonly isStopping: () => boolean,
    private readonly onPid: () => void,
  ) {}

  async start(): Promise<void> {
    const child = this.launch();
    this.child = child;
    this.tail = '';
    let exited: string | null = null;
    const onData = (buf: Buffer) => {
      const text = buf.toString('utf8');
      this.tail = (this.tail + text).slice(-3000);
      for (const line of text.split('\n')) if (line.trim()) this.opts.onLog?.(this.name, line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      exited = `exit ${code ?? signal}: ${this.tail.trim().slice(-1500)}`;
      if (this.child === child) this.onExit(exited);
    });
    this.onPid();
    await waitFor(this.ready, 60_000, () => exited, this.name);
    this.state = 'up';
  }

  private onExit(why: string): void {
    this.child = null;
    if (this.isStopping()) {
      this.state = 'stopped';
      return;
    }
    this.state = 'down';
    this.opts.onLog?.('launcher', `${this.name} died (${why.slice(0, 300)}); restarting it`);
    const now = Date.now();
    this.failures = [...this.failures.filter((t) => now - t < 120_000), now];
    void this.restart(1);
  }

  private async restart(attempt: number): Promise<void> {
    if (this.isStopping()) return;
    if (this.failures.length > 5 || attempt > 20) {
      this.opts.onFatal?.(new Error(`${this.name} keeps dying; giving up after ${this.failures.length} restarts`));
      return;
    }
    // After a crash PostgreSQL's old backends may still hold shared memory for a moment.
    await sleep(Math.min(250 * attempt, 2000));
    try {
      await this.start();
      this.opts.onLog?.('launcher', `${this.name} restarted`);
    } catch (err) {
      this.child?.kill('SIGKILL');
      this.child = null;
      this.opts.onLog?.('launcher', `${this.name} restart failed: ${(err as Error).message.slice(0, 300)}`);
      await this.restart(attempt + 1);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(this.stopSignal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    this.state = 'stopped';
  }
}

export async function startEmbeddedDb(opts: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const log = (line: string) => opts.onLog?.('launcher', line);
  const pgBin = opts.pgBinDir ?? '/usr/lib/postgresql/15/bin';
  const ferretdbBin = path.resolve(opts.ferretdbBin);
  for (const bin of [path.join(pgBin, 'postgres'), ferretdbBin]) {
    if (!existsSync(bin)) {
      throw new Error(
        `${bin} not found. Run \`npm install\` (it installs PostgreSQL 15, DocumentDB and FerretDB v2.5.0), or set MONGODB_URI.`,
      );
    }
  }
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const runFilePath = path.join(dataDir, 'embedded-db.run.json');
  await stopOrphans(runFilePath, log);

  const user = postgresUser();
  const clusterDir = clusterLocation(dataDir, user, log);
  const pgdata = path.join(clusterDir, 'data');
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`creating the PostgreSQL cluster in ${pgdata}`);
    rmSync(pgdata, { recursive: true, force: true });
    runChecked(
      path.join(pgBin, 'initdb'),
      ['-D', pgdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
      user,
      'initdb',
    );
  }
  const stateDir = path.join(dataDir, 'ferretdb-state');
  mkdirSync(stateDir, { recursive: true });

  const [pgPort, fdbPort] = [await freePort(), opts.port ?? (await freePort())];
  const uri = `mongodb://127.0.0.1:${fdbPort}/`;
  let stopping = false;
  const run: RunFile = { owner: process.pid };
  const writeRun = () => {
    run.postgres = postgres.child?.pid;
    run.ferretdb = ferretdb.child?.pid;
    writeFileSync(runFilePath, JSON.stringify(run));
  };
  const pgReady = async () =>
    await new Promise<boolean>((resolve) => {
      const c = spawnChild(path.join(pgBin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres'], null, {
        detached: false,
      });
      c.once('exit', (code) => resolve(code === 0));
    });
  const postgres = new Supervised(
    'postgres',
    () => spawnChild(path.join(pgBin, 'postgres'), ['-D', pgdata, '-p', String(pgPort), ...pgSettingArgs()], user),
    pgReady,
    'SIGINT', // fast shutdown: roll back open transactions, checkpoint, exit
    opts,
    () => stopping,
    () => writeRun(),
  );
  const ferretdb = new Supervised(
    'ferretdb',
    () =>
      spawnChild(
        ferretdbBin,
        [
          `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/postgres`,
          `--listen-addr=127.0.0.1:${fdbPort}`,
          '--debug-addr=-',
          `--state-dir=${stateDir}`,
          '--no-auth',
          '--telemetry=disable',
          '--log-level=warn',
          '--log-format=json',
        ],
        null,
      ),
    () => mongoPing(uri),
    'SIGTERM',
    opts,
    () => stopping,
    () => writeRun(),
  );

  try {
    await postgres.start();
    runChecked(
      path.join(pgBin, 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(pgPort),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-qc',
        'CREATE EXTENSION IF NOT EXISTS documentdb CASCADE;',
      ],
      null,
      'CREATE EXTENSION documentdb',
    );
    await ferretdb.start();
  } catch (err) {
    stopping = true;
    await ferretdb.stop();
    await postgres.stop();
    throw err;
  }
  log(`FerretDB v2 on ${uri} over PostgreSQL on 127.0.0.1:${pgPort} (cluster ${pgdata})`);

  return {
    uri,
    port: fdbPort,
    clusterDir,
    health: () => ({ postgres: postgres.state, ferretdb: ferretdb.state }),
    healthy: () => postgres.state === 'up' && ferretdb.state === 'up',
    postgresPid: () => postgres.child?.pid ?? null,
    ferretdbPid: () => ferretdb.child?.pid ?? null,
    analyze: () =>
      runChecked(
        path.join(pgBin, 'psql'),
        ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', 'ANALYZE;'],
        null,
        'ANALYZE',
      ),
    async stop() {
      stopping = true;
      await ferretdb.stop();
      await postgres.stop();
      rmSync(runFilePath, { force: true });
    },
  };
}
