/**
 * RFC 4180 CSV lines that open cleanly in spreadsheets: quoted when needed, and cells that
 * a spreadsheet would run as a formula (= + - @, tab, CR) are prefixed with a quote.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;
