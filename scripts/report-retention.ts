/**
 * `npm run report:retention -- --format csv --out retention.csv [--asOf 2027-01-01]
 *   [--status eligible_for_destruction] [--category non_evidentiary] [--unit "Central Patrol"]
 *   [--html summary.html]`
 *
 * The auditors' retention report written to a file with a progress bar, through the same
 * domain code as GET /api/v1/reports/retention (one streamed pass; constant memory). The
 * summary of that same pass is printed and, with --html, written as the HTML summary page.
 * Database: MONGODB_URI, or the embedded FerretDB in DATA_DIR (as `npm start`).
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { RetentionReportService } from '../src/domain/retention/retention-report.service';
import type { RetentionSummary } from '../src/domain/retention/retention-summary';
import { renderSummaryHtml } from '../src/domain/retention/summary-html';
import { RetentionReportQuery } from '../src/http/retention/retention.schemas';
import { runCli, withDeps } from './cli';

const USAGE =
  'usage: npm run report:retention -- --format csv|json --out <file> [--asOf <date>] [--status <s>] [--category <c>] [--unit <u>] [--html <summary.html>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      asOf: { type: 'string' },
      status: { type: 'string' },
      category: { type: 'string' },
      unit: { type: 'string' },
      html: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const out = values.out;
  if (values.help || !out) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // The same schema as the HTTP query, so --asOf, --status ... are validated identically.
  const parsed = RetentionReportQuery.safeParse({
    format: values.format,
    ...(values.asOf ? { asOf: values.asOf } : {}),
    ...(values.status ? { status: values.status } : {}),
    ...(values.category ? { category: values.category } : {}),
    ...(values.unit ? { unit: values.unit } : {}),
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`--${i.path.join('.') || 'option'}: ${i.message}`);
    console.error(USAGE);
    return 2;
  }
  const { format, ...query } = parsed.data;

  return withDeps(async (deps) => {
    const report = new RetentionReportService(deps.services.stores.scans, deps.services.gatherer, () => deps.services.rules);
    const total = await report.countScanned(query);
    const bar = new cliProgress.SingleBar(
      {
        format: 'retention report |{bar}| {percentage}% | {value}/{total} recordings | {rate}/s | ETA {eta_formatted}',
        hideCursor: true,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = performance.now();
    bar.start(total, 0, { rate: 0 });
    const got: { summary: RetentionSummary | null } = { summary: null };
    await pipeline(
      Readable.from(
        report.render(format, query, deps.now(), {
          onBatch: (n) => bar.update(Math.min(n, total), { rate: Math.round(n / ((performance.now() - started) / 1000)) }),
          onSummary: (s) => (got.summary = s),
        }),
        { objectMode: true, highWaterMark: 2 },
      ),
      createWriteStream(out),
    );
    bar.stop();
    const s = got.summary;
    if (!s) throw new Error('the report ended without a summary');
    const seconds = (performance.now() - started) / 1000;
    console.error(`wrote ${s.total} rows to ${out} in ${seconds.toFixed(1)} s (as of ${s.asOf}; ${s.recomputed} computed for this report)`);
    console.error(
      Object.entries(s.byStatus)
        .map(([k, v]) => `  ${k.padEnd(26)} ${v}`)
        .join('\n'),
    );
    if (values.html) {
      writeFileSync(values.html, renderSummaryHtml(s));
      console.error(`wrote the HTML summary to ${values.html}`);
    }
    return 0;
  });
}

runCli(main);
