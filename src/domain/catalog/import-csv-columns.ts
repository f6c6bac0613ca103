/**
 * The evidence system's CSV export columns, mapped onto the import line (RecordingImportLine)
 * so CSV and NDJSON are validated by the same zod schema and errors name the same API
 * fields (`location.nonpublic`, `sha256`, ...). Only the conversions CSV needs happen here:
 * lists, booleans, numbers, durations; everything else is left to the schema.
 */
import { AppError } from '../../errors';
import { FLAG_NAMES, LEGACY_FLAG_NAMES } from '../../engine/facts';

export const CSV_COLUMNS = [
  { key: 'id', header: 'ID', field: 'recordingId', required: true },
  { key: 'title', header: 'Title', field: 'title', required: false },
  { key: 'category', header: 'Category', field: 'category', required: false },
  { key: 'recordedon', header: 'Recorded On', field: 'recordedAt', required: true },
  { key: 'duration', header: 'Duration', field: 'durationSeconds', required: true },
  { key: 'deviceserial', header: 'Device Serial', field: 'cameraSerial', required: true },
  { key: 'officerid', header: 'Officer ID', field: 'officerId', required: true },
  { key: 'sha256', header: 'SHA-256', field: 'sha256', required: true },
  { key: 'casenumbers', header: 'Case Numbers', field: 'caseNumbers', required: false },
  { key: 'nonpublic', header: 'Nonpublic', field: 'location.nonpublic', required: true },
  { key: 'locationkind', header: 'Location Kind', field: 'location.kind', required: false },
  { key: 'address', header: 'Address', field: 'location.address', required: false },
  { key: 'latitude', header: 'Latitude', field: 'location.lat', required: false },
  { key: 'longitude', header: 'Longitude', field: 'location.lon', required: false },
  { key: 'flags', header: 'Flags', field: 'flags', required: false },
  // Who reviewed the recording for redactions and when (both, or neither): until then its redaction flags count as unknown.
  { key: 'redactionreviewedby', header: 'Redaction Reviewed By', field: 'redactionReview.reviewedBy', required: false },
  { key: 'redactionreviewedat', header: 'Redaction Reviewed At', field: 'redactionReview.reviewedAt', required: false },
  { key: 'protectedvictimkind', header: 'Protected Victim Kind', field: 'protectedVictimKind', required: false },
  { key: 'crimescene', header: 'Crime Scene', field: 'crimeScene', required: false },
  { key: 'tags', header: 'Tags', field: 'tags', required: false },
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number]['key'];

/** Header cells compare case- and punctuation-insensitively: "SHA-256" = "sha256". */
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_KEY = new Map(CSV_COLUMNS.map((c) => [c.key as string, c]));

/** Column keys in file order; unknown, duplicate or missing required columns fail the whole import (400). */
export function headerColumns(cells: string[]): CsvColumn[] {
  const errors: { path: string; message: string }[] = [];
  const out: CsvColumn[] = [];
  for (const cell of cells) {
    const col = BY_KEY.get(norm(cell));
    if (!col) errors.push({ path: `header.${cell}`, message: `unknown column; expected: ${CSV_COLUMNS.map((c) => c.header).join(', ')}` });
    else if (out.includes(col.key)) errors.push({ path: `header.${cell}`, message: 'column appears twice' });
    else out.push(col.key);
  }
  for (const c of CSV_COLUMNS)
    if (c.required && !out.includes(c.key)) errors.push({ path: `header.${c.header}`, message: 'required column is missing' });
  const first = errors[0];
  if (first) throw new AppError('VALIDATION_FAILED', `CSV header: ${first.path.slice('header.'.length)}: ${first.message}`, errors);
  return out;
}

const FLAG_BY_NORM = new Map([...FLAG_NAMES, ...Object.keys(LEGACY_FLAG_NAMES)].map((f) => [norm(f), f]));
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

const list = (v: string) =>
  v
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const enumish = (v: string) => v.toLowerCase().replace(/[\s-]+/g, '_');

function durationSeconds(v: string): number | null {
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(v);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

export interface MappedRow {
  value: Record<string, unknown>;
  issues: { field: string; message: string }[];
}

/** One CSV row (already split, same length as the header) as an import line. Empty cells are absent. */
export function csvRowToLine(columns: readonly CsvColumn[], row: readonly string[]): MappedRow {
  const issues: MappedRow['issues'] = [];
  const value: Record<string, unknown> = {};
  const location: Record<string, unknown> = {};
  value.location = location;
  const review: Record<string, unknown> = {};
  columns.forEach((key, i) => {
    const cell = (row[i] ?? '').trim();
    if (cell === '') return;
    switch (key) {
      case 'id':
        value.recordingId = cell;
        break;
      case 'title':
        value.title = cell;
        break;
      case 'category':
        value.category = enumish(cell);
        break;
      case 'recordedon':
        value.recordedAt = cell;
        break;
      case 'deviceserial':
        value.cameraSerial = cell;
        break;
      case 'officerid':
        value.officerId = cell;
        break;
      case 'sha256':
        value.sha256 = cell;
        break;
      case 'casenumbers':
        value.caseNumbers = list(cell);
        break;
      case 'tags':
        value.tags = list(cell);
        break;
      case 'locationkind':
        location.kind = enumish(cell);
        break;
      case 'address':
        location.address = cell;
        break;
      case 'duration': {
        const d = durationSeconds(cell);
        if (d === null) issues.push({ field: 'durationSeconds', message: `${JSON.stringify(cell)} is not whole seconds or HH:MM:SS` });
        else value.durationSeconds = d;
        break;
      }
      case 'nonpublic': {
        const b = cell.toLowerCase();
        if (TRUE.has(b)) location.nonpublic = true;
        else if (FALSE.has(b)) location.nonpublic = false;
        else issues.push({ field: 'location.nonpublic', message: `${JSON.stringify(cell)} is not true/false, yes/no or 1/0` });
        break;
      }
      case 'latitude':
      case 'longitude': {
        const n = Number(cell);
        const field = key === 'latitude' ? 'lat' : 'lon';
        if (Number.isFinite(n)) location[field] = n;
        else issues.push({ field: `location.${field}`, message: `${JSON.stringify(cell)} is not a number` });
        break;
      }
      case 'flags':
        // Unknown flag names are kept as given so the schema rejects them by name.
        value.flags = Object.fromEntries(list(cell).map((f) => [FLAG_BY_NORM.get(norm(f)) ?? f, true]));
        break;
      case 'redactionreviewedby':
        review.reviewedBy = cell;
        break;
      case 'redactionreviewedat':
        review.reviewedAt = cell;
        break;
      case 'protectedvictimkind':
        value.protectedVictimKind = enumish(cell);
        break;
      case 'crimescene': {
        const b = cell.toLowerCase();
        if (TRUE.has(b)) value.crimeScene = true;
        else if (FALSE.has(b)) value.crimeScene = false;
        else issues.push({ field: 'crimeScene', message: `${JSON.stringify(cell)} is not true/false, yes/no or 1/0` });
        break;
      }
    }
  });
  // Half a review is kept as given, so the schema names the missing half.
  if (Object.keys(review).length > 0) value.redactionReview = review;
  return { value, issues };
}
