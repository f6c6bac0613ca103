/**
 * NDJSON import lines: one JSON object per physical line, blank lines skipped. Each line
 * goes through the same safe JSON reader as request bodies, so a `$set` or `__proto__` key,
 * or an absurd nesting depth, rejects that line (never reaches the database).
 */
import { AppError } from '../../errors';
import { parseJsonText } from '../../safe-json';
import {
  type Candidate,
  type FormatReader,
  type ImportIssue,
  type LineRecord,
  type RawLine,
  WHOLE_LINE,
  lineText,
  notUtf8,
  tooLong,
} from './import-lines';

const BLANK = /^\s*$/;
const WHERE = 'line';

function jsonLineIssues(line: number, e: unknown): ImportIssue[] {
  if (!(e instanceof AppError)) throw e;
  if (e.errors.length === 0) return [{ line, field: WHOLE_LINE, message: e.message.replace(/^The line is /, '') }];
  return e.errors.map((fe) => ({
    line,
    field: fe.path === WHERE ? WHOLE_LINE : fe.path.replace(/^line\./, ''),
    message: fe.message,
  }));
}

export class NdjsonReader implements FormatReader {
  accept(raw: RawLine): LineRecord | ImportIssue | null {
    if (!raw.bytes) return tooLong(raw.line);
    const text = lineText(raw.bytes);
    if (text === null) return notUtf8(raw.line);
    if (BLANK.test(text)) return null;
    return { line: raw.line, text };
  }

  finish(): ImportIssue | null {
    return null;
  }

  decode(records: readonly LineRecord[]): Candidate[] {
    return records.map((r) => {
      try {
        return { line: r.line, value: parseJsonText(r.text, WHERE) };
      } catch (e) {
        return { line: r.line, issues: jsonLineIssues(r.line, e) };
      }
    });
  }
}
