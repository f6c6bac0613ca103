/**
 * CSV output for spreadsheets (reports, audit export): RFC 4180 (CRLF line ends, fields with a comma, quote,
 * CR or LF are quoted, quotes doubled), a UTF-8 byte-order mark so Excel reads accents and
 * unit names correctly, and a formula-injection guard (OWASP "CSV injection"): a cell that
 * starts with = + - @ (or TAB/CR) is prefixed with a single quote, so a unit or title typed as
 * `=HYPERLINK(...)` shows as text instead of running.
 */
export const BOM = '\uFEFF';
const CRLF = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let s = value;
  if (FORMULA_START.test(s)) s = `'${s}`;
  if (NEEDS_QUOTES.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(cells[i]);
  }
  return line + CRLF;
}

/** A column: header name and how to read the cell from a row. */
export interface CsvColumn<R> {
  header: string;
  cell(row: R): string | number | boolean | null | undefined;
}

export function csvHeader<R>(columns: readonly CsvColumn<R>[], withBom = true): string {
  return (withBom ? BOM : '') + csvLine(columns.map((c) => c.header));
}

export function csvRows<R>(columns: readonly CsvColumn<R>[], rows: readonly R[]): string {
  let out = '';
  for (const r of rows) out += csvLine(columns.map((c) => c.cell(r)));
  return out;
}
