/**
 * CSV import (the evidence system's export): a header row, then one recording per record.
 *
 * Records are framed here, not by csv-parse's stream: a quoted field may span physical
 * lines, so lines are joined while the count of `"` is odd, which keeps exact 1-based line
 * numbers, the 64 KiB cap per record (an unterminated quote cannot swallow the file) and
 * per-line UTF-8 checks. csv-parse then splits the fields, a whole batch per call; its own
 * skip-on-error recovery loses the records after a bad one, so a batch with an error is
 * re-parsed record by record to reject only the bad record.
 */
import { type CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../errors';
import {
  type Candidate,
  type FormatReader,
  type ImportIssue,
  type LineRecord,
  MAX_LINE_BYTES,
  type RawLine,
  WHOLE_LINE,
  lineText,
  notUtf8,
  tooLong,
} from './import-lines';
import { type CsvColumn, csvRowToLine, headerColumns } from './import-csv-columns';

const BLANK = /^\s*$/;

function quoteParityOdd(text: string): boolean {
  let odd = false;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) odd = !odd;
  return odd;
}

function parseOne(text: string): string[] | string {
  try {
    const rows = parse(text, { relax_column_count: true });
    const [row] = rows;
    if (rows.length !== 1 || !row) return 'is not exactly one CSV record';
    return row;
  } catch (e) {
    const err = e as CsvError;
    // csv-parse counts lines inside the record; the import reports the file's line instead.
    return `malformed CSV (${err.code ?? 'error'}): ${String(err.message).replace(/\s*at line \d+/g, '')}`;
  }
}

/** A header that cannot be read makes the whole file unreadable (400), never a later line taken as the header. */
const headerError = (line: number, message: string) =>
  new AppError('VALIDATION_FAILED', `CSV header (line ${line}) ${message}`, [{ path: 'header', message }]);

export class CsvReader implements FormatReader {
  private columns: CsvColumn[] | null = null;
  private open: { line: number; parts: string[]; bytes: number } | null = null;

  accept(raw: RawLine): LineRecord | ImportIssue | null {
    const open = this.open;
    if (!raw.bytes) {
      this.open = null;
      if (!this.columns) throw headerError(open?.line ?? raw.line, `is longer than ${MAX_LINE_BYTES} bytes`);
      return tooLong(open?.line ?? raw.line, open ? 'record' : 'line');
    }
    const text = lineText(raw.bytes);
    if (text === null) {
      this.open = null;
      if (!this.columns) throw headerError(open?.line ?? raw.line, 'is not valid UTF-8');
      return notUtf8(open?.line ?? raw.line);
    }
    let record: { line: number; parts: string[]; bytes: number; odd: boolean };
    if (open) {
      // Inside a quoted field: an odd count of quotes on this line closes it.
      record = { line: open.line, parts: [...open.parts, text], bytes: open.bytes + raw.bytes.length + 1, odd: !quoteParityOdd(text) };
    } else {
      if (BLANK.test(text)) return null;
      record = { line: raw.line, parts: [text], bytes: raw.bytes.length, odd: quoteParityOdd(text) };
    }
    if (record.bytes > MAX_LINE_BYTES) {
      this.open = null;
      if (!this.columns) throw headerError(record.line, `is longer than ${MAX_LINE_BYTES} bytes`);
      return tooLong(record.line, 'record');
    }
    if (record.odd) {
      this.open = { line: record.line, parts: record.parts, bytes: record.bytes };
      return null;
    }
    this.open = null;
    const full = { line: record.line, text: record.parts.join('\n') };
    if (this.columns) return full;
    this.columns = this.header(full);
    return null;
  }

  finish(): ImportIssue | null {
    const open = this.open;
    this.open = null;
    if (open && !this.columns) throw headerError(open.line, 'opens a quoted field that is never closed');
    return open ? { line: open.line, field: WHOLE_LINE, message: 'a quoted field is never closed' } : null;
  }

  private header(r: LineRecord): CsvColumn[] {
    const row = parseOne(r.text);
    if (typeof row === 'string')
      throw new AppError('VALIDATION_FAILED', `CSV header (line ${r.line}) ${row}`, [{ path: 'header', message: row }]);
    return headerColumns(row);
  }

  decode(records: readonly LineRecord[]): Candidate[] {
    const columns = this.columns;
    if (!columns) throw new Error('CSV records before the header');
    let rows: (string[] | string)[] | null = null;
    if (records.length > 0) {
      try {
        const all = parse(records.map((r) => r.text).join('\n'), { relax_column_count: true });
        if (all.length === records.length) rows = all;
      } catch {
        rows = null;
      }
    }
    rows ??= records.map((r) => parseOne(r.text));
    return records.map((r, i) => {
      const row = rows[i] ?? 'is not a CSV record';
      if (typeof row === 'string') return { line: r.line, issues: [{ line: r.line, field: WHOLE_LINE, message: row }] };
      if (row.length !== columns.length) {
        return {
          line: r.line,
          issues: [{ line: r.line, field: WHOLE_LINE, message: `has ${row.length} fields; the header has ${columns.length}` }],
        };
      }
      const mapped = csvRowToLine(columns, row);
      if (mapped.issues.length) return { line: r.line, issues: mapped.issues.map((x) => ({ line: r.line, ...x })) };
      return { line: r.line, value: mapped.value };
    });
  }
}
