/**
 * `npm run import -- --file recordings.ndjson|export.csv [--format ndjson|csv] [--sub jdoe] [--json]`
 *
 * Runs the same streamed import as POST /api/v1/recordings/import directly against the
 * configured database (MONGODB_URI, or the embedded FerretDB in DATA_DIR), with a progress
 * bar by bytes read. Prints the summary (`--json`: the API's JSON summary on stdout).
 * Exit code: 0 all lines stored, 2 some lines rejected, 1 the import failed (re-run it:
 * lines already stored come back "unchanged").
 */
import { createReadStream, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { IMPORT_FORMATS, type ImportFormat, type ImportSummary, importRecordings } from '../src/domain/catalog/import.service';
import { runCli, withDeps } from './cli';

const EXTENSIONS: Record<string, ImportFormat> = { '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };

function formatFor(file: string, given: string | undefined): ImportFormat {
  if (given !== undefined) {
    const f = IMPORT_FORMATS.find((x) => x === given);
    if (!f) throw new Error(`--format must be one of ${IMPORT_FORMATS.join(', ')} (got ${given})`);
    return f;
  }
  const f = EXTENSIONS[path.extname(file).toLowerCase()];
  if (!f) throw new Error(`cannot tell the format of ${file} from its extension; pass --format ndjson or --format csv`);
  return f;
}

const mib = (n: number) => (n / 2 ** 20).toFixed(1);

function printSummary(s: ImportSummary, seconds: number): void {
  console.log(
    `received ${s.received}: inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected} (${seconds.toFixed(1)} s, ${Math.round(s.received / Math.max(seconds, 1e-3))} lines/s)`,
  );
  const shown = s.errors.slice(0, 50);
  for (const e of shown) console.log(`  line ${e.line}: ${e.field}: ${e.message}`);
  const more = s.errors.length - shown.length;
  if (more > 0 || s.errorsTruncated)
    console.log(`  ... ${more > 0 ? `${more} more listed with --json` : ''}${s.errorsTruncated ? ' (the list stops at 1000 errors)' : ''}`);
}

runCli(async () => {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      format: { type: 'string' },
      sub: { type: 'string', default: `cli:${os.userInfo().username}` },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.file) {
    console.error('usage: npm run import -- --file <recordings.ndjson|export.csv> [--format ndjson|csv] [--sub <user id>] [--json]');
    return 2;
  }
  const file = values.file;
  const format = formatFor(file, values.format);
  const total = statSync(file).size;
  return withDeps(async (deps) => {
    const bar = new cliProgress.SingleBar(
      {
        format: 'import |{bar}| {percentage}% | {done}/{size} MiB | line {line} | stored {stored}, rejected {rejected}',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 10_000,
      },
      cliProgress.Presets.shades_classic,
    );
    let read = 0;
    const payload = { done: '0.0', size: mib(total), line: 0, stored: 0, rejected: 0 };
    bar.start(total, 0, payload);
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
        const buf = chunk as Buffer;
        read += buf.length;
        bar.update(read, { ...payload, done: mib(read) });
        yield buf;
      }
    }
    const t0 = performance.now();
    let summary: ImportSummary;
    try {
      summary = await importRecordings(counted(), format, deps.services, { sub: values.sub ?? 'cli', role: 'ingest' }, deps.now(), {
        onProgress: (p) => {
          Object.assign(payload, {
            line: p.lastLine,
            stored: p.summary.inserted + p.summary.updated + p.summary.unchanged,
            rejected: p.summary.rejected,
          });
          bar.update(read, { ...payload, done: mib(read) });
        },
      });
    } finally {
      bar.stop();
    }
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else printSummary(summary, (performance.now() - t0) / 1000);
    return summary.rejected > 0 ? 2 : 0;
  });
});
