/**
 * Bulk import of recording metadata (NDJSON or the evidence system's CSV), streamed in
 * constant memory: the body is read chunk by chunk, framed into lines, validated per line
 * with the same zod schema as PUT, and stored in batches through RecordingsService.
 * Good lines are stored even when others are rejected; the import is idempotent (a re-sent
 * file is all "unchanged"), so a client whose import failed part-way re-sends the file.
 *
 * Backpressure: at most one batch is in the database while the next is being read and
 * validated; reading stops until the earlier batch is acknowledged.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/roles';
import { AppError } from '../../errors';
import { RecordingImportLine } from './catalog.schemas';
import { CsvReader } from './import-csv';
import { type FormatReader, type ImportIssue, LineSplitter, type LineRecord, WHOLE_LINE } from './import-lines';
import { NdjsonReader } from './import-ndjson';
import type { BatchItem, BatchOutcome, RecordingsService } from './recordings.service';

export const IMPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const DEFAULT_BATCH_SIZE = 1000;
/** A batch is also sent when its text reaches this size (bounds memory for long lines). */
const MAX_BATCH_CHARS = 8 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 1000;

const ImportErrorEntry = z.object({
  line: z.number().int().min(1).describe('1-based physical line of the file (CSV: the header is line 1)'),
  field: z.string().describe(`API name of the field, e.g. location.nonpublic; ${WHOLE_LINE} for the line as a whole`),
  message: z.string(),
});
export const ImportSummary = z.object({
  received: z.number().int().min(0).describe('records read (blank lines and the CSV header not counted)'),
  inserted: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  rejected: z.number().int().min(0).describe('records not stored; each has at least one entry in errors'),
  errors: z.array(ImportErrorEntry).max(MAX_REPORTED_ERRORS).describe(`at most ${MAX_REPORTED_ERRORS} entries, in line order`),
  errorsTruncated: z.boolean().describe(`true when more than ${MAX_REPORTED_ERRORS} errors occurred and the rest were left out`),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export interface ImportProgress {
  bytesRead: number;
  /** Every line up to this one has been processed (stored or rejected). */
  lastLine: number;
  summary: Readonly<ImportSummary>;
}

export interface ImportOptions {
  batchSize?: number;
  /** Called after each batch is acknowledged by the database. */
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportDeps {
  recordings: Pick<RecordingsService, 'upsertBatch'>;
}

interface Prepared {
  items: BatchItem[];
  issues: ImportIssue[];
  rejectedLines: number;
  lastLine: number;
}
type Settled = { prepared: Prepared; outcomes: BatchOutcome[] } | { prepared: Prepared; error: unknown };

function zodIssues(line: number, error: z.ZodError): ImportIssue[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map(String);
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({ line, field: [...path, k].join('.'), message: 'is not a known field' }));
    const field = path.length ? path.join('.') : WHOLE_LINE;
    const message = i.code === 'invalid_type' && /received undefined$/.test(i.message) ? `is required (${i.expected})` : i.message;
    return [{ line, field, message }];
  });
}

class ImportTally {
  readonly s: ImportSummary = { received: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [], errorsTruncated: false };
  lastLine = 0;

  addIssues(issues: readonly ImportIssue[]): void {
    for (const issue of issues) {
      if (this.s.errors.length < MAX_REPORTED_ERRORS) this.s.errors.push(issue);
      else this.s.errorsTruncated = true;
    }
  }

  settle(p: Prepared, outcomes: readonly BatchOutcome[]): void {
    const issues = [...p.issues];
    for (const o of outcomes) {
      if (o.result === 'rejected') {
        issues.push({ line: o.ref, field: o.field, message: o.message });
        this.s.rejected += 1;
      } else {
        this.s[o.result] += 1;
      }
    }
    this.s.rejected += p.rejectedLines;
    this.s.received += p.rejectedLines + outcomes.length;
    this.addIssues(issues.sort((a, b) => a.line - b.line));
    this.lastLine = Math.max(this.lastLine, p.lastLine);
  }

  get stored(): number {
    return this.s.inserted + this.s.updated + this.s.unchanged;
  }
}

export async function importRecordings(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  format: ImportFormat,
  deps: ImportDeps,
  actor: Actor,
  now: Date,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const reader: FormatReader = format === 'csv' ? new CsvReader() : new NdjsonReader();
  const splitter = new LineSplitter();
  const acc = new ImportTally();
  let bytesRead = 0;
  let records: LineRecord[] = [];
  let recordChars = 0;
  let lineIssues: ImportIssue[] = [];
  let lastLine = 0;
  let inflight: Promise<Settled> | null = null;

  const prepare = (): Prepared => {
    const items: BatchItem[] = [];
    const issues: ImportIssue[] = [...lineIssues];
    const rejected = new Set(lineIssues.map((i) => i.line));
    for (const c of reader.decode(records)) {
      if ('issues' in c) {
        issues.push(...c.issues);
        rejected.add(c.line);
        continue;
      }
      const r = RecordingImportLine.safeParse(c.value);
      if (!r.success) {
        issues.push(...zodIssues(c.line, r.error));
        rejected.add(c.line);
        continue;
      }
      const { recordingId, ...input } = r.data;
      items.push({ recordingId, input, ref: c.line });
    }
    const prepared = { items, issues, rejectedLines: rejected.size, lastLine };
    records = [];
    recordChars = 0;
    lineIssues = [];
    return prepared;
  };

  const settle = async (): Promise<void> => {
    if (!inflight) return;
    const done = await inflight;
    inflight = null;
    if ('error' in done) throw done.error;
    acc.settle(done.prepared, done.outcomes);
    opts.onProgress?.({ bytesRead, lastLine: acc.lastLine, summary: acc.s });
  };

  const flush = async (): Promise<void> => {
    if (records.length === 0 && lineIssues.length === 0) return;
    const prepared = prepare();
    await settle();
    const call = prepared.items.length
      ? deps.recordings.upsertBatch(prepared.items, actor, now, { source: 'import' })
      : Promise.resolve([]);
    // Settled, never rejected: a failure is seen when this batch is awaited, not as an unhandled rejection meanwhile.
    inflight = call.then(
      (outcomes) => ({ prepared, outcomes }),
      (error: unknown) => ({ prepared, error }),
    );
  };

  const take = async (x: LineRecord | ImportIssue | null): Promise<void> => {
    if (x === null) return;
    if ('text' in x) {
      records.push(x);
      recordChars += x.text.length;
    } else {
      lineIssues.push(x);
    }
    if (records.length + lineIssues.length >= batchSize || recordChars >= MAX_BATCH_CHARS) await flush();
  };

  try {
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytesRead += buf.length;
      for (const raw of splitter.push(buf)) {
        lastLine = raw.line;
        const x = reader.accept(raw);
        if (x !== null) await take(x);
      }
    }
    for (const raw of splitter.end()) {
      lastLine = raw.line;
      await take(reader.accept(raw));
    }
    await take(reader.finish());
    await flush();
    await settle();
  } catch (e) {
    // Let the batch already sent finish, so the progress reported is exact.
    await settle().catch(() => undefined);
    throw withProgress(e, acc);
  }
  return acc.s;
}

function withProgress(e: unknown, acc: ImportTally): unknown {
  const progress = { stored: acc.stored, lastLine: acc.lastLine, summary: acc.s };
  const hint = `Lines 1-${acc.lastLine} were processed (${acc.stored} stored); re-send the file to complete it: stored lines come back "unchanged".`;
  // Stores report an outage as DB_UNAVAILABLE; say what was stored and how to complete the import.
  if (e instanceof AppError && e.code === 'DB_UNAVAILABLE')
    return new AppError('DB_UNAVAILABLE', `The database failed during the import. ${hint}`, [], progress);
  if (e instanceof AppError) return new AppError(e.code, e.message, e.errors, { ...e.extra, ...progress });
  return e;
}
