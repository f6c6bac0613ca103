/**
 * Physical lines of an import body, read chunk by chunk in constant memory. Lines are
 * split on the byte 0x0A (which never occurs inside a multi-byte UTF-8 sequence), so each
 * line can be decoded on its own with a fatal decoder: a bad byte rejects that line only.
 * A line longer than the cap is reported as `bytes: null` and its bytes are dropped as
 * they arrive, never buffered.
 */

export const MAX_LINE_BYTES = 64 * 1024;

/** One physical line (1-based number); `bytes` is null when the line exceeded the cap. */
export interface RawLine {
  line: number;
  bytes: Buffer | null;
}

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside an over-long line: drop bytes until its newline. */
  private skipping = false;
  private lineNo = 0;

  constructor(private readonly maxBytes: number = MAX_LINE_BYTES) {}

  /** The complete lines this chunk ends (views into the chunk where possible, not copies). */
  push(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      out.push(this.finish(chunk.subarray(start, nl)));
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) {
      const rest = chunk.subarray(start);
      if (this.carryBytes + rest.length > this.maxBytes) {
        this.skipping = true;
        this.carry = [];
        this.carryBytes = 0;
      } else {
        // A copy: the tail must not pin the whole chunk while the next one arrives.
        this.carry.push(Buffer.from(rest));
        this.carryBytes += rest.length;
      }
    }
    return out;
  }

  /** The last line when the body does not end with a newline. */
  end(): RawLine[] {
    if (!this.skipping && this.carryBytes === 0) return [];
    return [this.finish(Buffer.alloc(0))];
  }

  private finish(piece: Buffer): RawLine {
    this.lineNo += 1;
    const line = this.lineNo;
    if (this.skipping) {
      this.skipping = false;
      return { line, bytes: null };
    }
    if (this.carryBytes + piece.length > this.maxBytes) {
      this.carry = [];
      this.carryBytes = 0;
      return { line, bytes: null };
    }
    if (this.carryBytes === 0) return { line, bytes: piece };
    const bytes = Buffer.concat([...this.carry, piece]);
    this.carry = [];
    this.carryBytes = 0;
    return { line, bytes };
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 text of a line without its trailing CR (CRLF files); null when not UTF-8. */
export function lineText(bytes: Buffer): string | null {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end -= 1;
  try {
    return decoder.decode(bytes.subarray(0, end));
  } catch {
    return null;
  }
}

/** A rejected line (or field of a line), reported with the field's API name. */
export interface ImportIssue {
  line: number;
  field: string;
  message: string;
}
/** Field name used for problems with a line as a whole (not JSON, too long, not UTF-8). */
export const WHOLE_LINE = '(line)';

/** One logical record: its first physical line and its text. */
export interface LineRecord {
  line: number;
  text: string;
}
/** A record turned into a plain value for the zod schema, or the reasons it could not be. */
export type Candidate = { line: number; value: unknown } | { line: number; issues: ImportIssue[] };

/** What differs between NDJSON and CSV: framing physical lines into records, and decoding them. */
export interface FormatReader {
  /** Returns a complete record, a rejection, or null (blank line, header, record continues). */
  accept(raw: RawLine): LineRecord | ImportIssue | null;
  /** At the end of the body: a record left open is a rejection. */
  finish(): ImportIssue | null;
  /** Decodes a batch of records (in order) into candidates, one per record. */
  decode(records: readonly LineRecord[]): Candidate[];
}

export const tooLong = (line: number, what = 'line'): ImportIssue => ({
  line,
  field: WHOLE_LINE,
  message: `the ${what} is longer than ${MAX_LINE_BYTES / 1024} KiB`,
});
export const notUtf8 = (line: number): ImportIssue => ({ line, field: WHOLE_LINE, message: 'the line is not valid UTF-8' });
