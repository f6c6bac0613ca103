/**
 * Streams a report (batches of rows, then a summary) as JSON or CSV text chunks. The JSON is
 * written incrementally: `{...head, "rows":[` rows `],"summary":{...}}`, so a client can parse
 * it whole and the server never builds it in memory. The CSV carries the rows only (a
 * spreadsheet has no place for the summary).
 */
import { type CsvColumn, csvHeader, csvRows } from '../../csv';
import { legalIso } from '../../engine/legal-time';
import type { ReportDoc } from '../catalog/ports';

/** The identifying fields every per-recording report row starts with. */
export interface RecordingRowBase {
  recordingId: string;
  unit: string;
  officerId: string;
  cameraSerial: string;
  category: string;
  recordedAt: Date;
  caseNumbers: string[];
}

/** A report row's identifying fields, from the recording as scanned. */
export function rowBaseOf(
  d: Pick<ReportDoc, '_id' | 'unit' | 'officerId' | 'cameraSerial' | 'category' | 'recordedAt'> & { caseNumbers?: string[] | null },
): RecordingRowBase {
  return {
    recordingId: d._id,
    unit: d.unit,
    officerId: d.officerId,
    cameraSerial: d.cameraSerial,
    category: d.category,
    recordedAt: d.recordedAt,
    caseNumbers: [...(d.caseNumbers ?? [])],
  };
}

/** CSV columns for RecordingRowBase, shared by the retention and destruction reports. */
export function recordingColumns<R extends RecordingRowBase>(): CsvColumn<R>[] {
  return [
    { header: 'recordingId', cell: (r) => r.recordingId },
    { header: 'unit', cell: (r) => r.unit },
    { header: 'officerId', cell: (r) => r.officerId },
    { header: 'cameraSerial', cell: (r) => r.cameraSerial },
    { header: 'category', cell: (r) => r.category },
    { header: 'recordedAt', cell: (r) => legalIso(r.recordedAt) },
    { header: 'caseNumbers', cell: (r) => r.caseNumbers.join(';') },
  ];
}

export type ReportFormat = 'json' | 'csv';

export async function* jsonReport<R, S>(
  head: Record<string, unknown>,
  batches: AsyncGenerator<R[], S>,
  toJson: (row: R) => unknown,
): AsyncGenerator<string> {
  const open = JSON.stringify(head);
  yield `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}"rows":[`;
  let first = true;
  for (;;) {
    const step = await batches.next();
    if (step.done) {
      yield `],"summary":${JSON.stringify(step.value)}}\n`;
      return;
    }
    let chunk = '';
    for (const r of step.value) {
      chunk += (first ? '' : ',') + JSON.stringify(toJson(r));
      first = false;
    }
    yield chunk;
  }
}

export async function* csvReport<R, S>(columns: readonly CsvColumn<R>[], batches: AsyncGenerator<R[], S>): AsyncGenerator<string> {
  yield csvHeader(columns);
  for (;;) {
    const step = await batches.next();
    if (step.done) return;
    yield csvRows(columns, step.value);
  }
}

export function formatReport<R, S>(
  format: ReportFormat,
  head: Record<string, unknown>,
  columns: readonly CsvColumn<R>[],
  batches: AsyncGenerator<R[], S>,
  toJson: (row: R) => unknown,
): AsyncGenerator<string> {
  return format === 'csv' ? csvReport(columns, batches) : jsonReport(head, batches, toJson);
}

/** Runs a report's batches to the end for its summary alone. */
export async function drain<R, S>(batches: AsyncGenerator<R[], S>): Promise<S> {
  for (;;) {
    const step = await batches.next();
    if (step.done) return step.value;
  }
}
