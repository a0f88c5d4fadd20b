import { tooLong } from './lines';
import { decodeUtf8 } from '../bytes';

/**
 * Takes each complete line where it lies: `bytes[start, end)`, without its `\n` or `\r\n`.
 * `view` is a DataView over exactly `bytes`; `line` is the 1-based line number. An object, not a
 * function: the pipeline's is one class for every source, so the reader's code that calls it is
 * compiled once (a closure per source made V8 compile the reader again for each).
 */
export interface LineVisitor {
  line(bytes: Uint8Array, view: DataView, start: number, end: number, line: number): void;
}

/** The first `"` in `chunk` at or after `from`; the chunk's length when there is none. */
function nextQuote(chunk: Uint8Array, from: number): number {
  const q = chunk.indexOf(34, from);
  return q < 0 ? chunk.length : q;
}

/**
 * Cuts a byte stream into lines without decoding it: the byte twin of `createLineSplitter`, with
 * the same rules (`\n` or `\r\n`, a last line without newline included, a leading UTF-8 byte
 * order mark dropped as TextDecoder drops it, lines longer than `maxRecordChars` characters
 * refused). A line split across chunks is joined in a buffer of its own; every other line is
 * visited in the chunk it arrived in, so nothing is copied.
 *
 * With `quotedNewlines` it is the byte twin of `createCsvSplitter` instead: a newline after an odd
 * number of `"` in the record so far lies inside a quoted field, so it belongs to the record, and
 * the record is visited whole, numbered by the line it starts on.
 */
export class LineBytesReader {
  private carry = new Uint8Array(4096);
  private carryView = new DataView(this.carry.buffer);
  private carryLength = 0;
  /** The number of the line being read (the line the record being read starts on). */
  nextLine = 1;
  /** The record read so far has an odd number of quotes (quotedNewlines only). */
  private inQuotes = false;
  /** Newlines inside the quoted fields of the record read so far. */
  private quotedLines = 0;

  constructor(private readonly maxRecordChars: number, private readonly quotedNewlines = false) {}

  push(chunk: Uint8Array, visit: LineVisitor): void {
    if (this.quotedNewlines) {
      this.pushQuoted(chunk, visit);
      return;
    }
    let start = 0;
    let nl = chunk.indexOf(10, start);
    if (this.carryLength > 0 || nl < 0) {
      // The line begun in an earlier chunk (or this whole chunk) goes to the carry.
      const upTo = nl < 0 ? chunk.length : nl;
      this.append(chunk, start, upTo);
      if (nl < 0) return;
      this.emit(this.carry, this.carryView, 0, this.carryLength, visit);
      this.carryLength = 0;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (nl >= 0) {
      this.emit(chunk, view, start, nl, visit);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    this.append(chunk, start, chunk.length);
  }

  /**
   * `push` for records whose quoted fields may hold newlines. Quotes are found once each, by the
   * engine's search, so a chunk of rows that quote nothing costs one search for a quote.
   */
  private pushQuoted(chunk: Uint8Array, visit: LineVisitor): void {
    let view: DataView | undefined;
    /** Where this chunk's part of the record being read starts. */
    let start = 0;
    let quote = nextQuote(chunk, 0);
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, nl + 1)) {
      for (; quote < nl; quote = nextQuote(chunk, quote + 1)) this.inQuotes = !this.inQuotes;
      if (this.inQuotes) {
        this.quotedLines++;
        continue;
      }
      if (this.carryLength > 0) {
        this.append(chunk, start, nl);
        this.emit(this.carry, this.carryView, 0, this.carryLength, visit);
        this.carryLength = 0;
      } else {
        view ??= new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        this.emit(chunk, view, start, nl, visit);
      }
      start = nl + 1;
    }
    // Quotes after the last record's end open or close fields of the record that goes on.
    for (; quote < chunk.length; quote = nextQuote(chunk, quote + 1)) this.inQuotes = !this.inQuotes;
    this.append(chunk, start, chunk.length);
  }

  /** The last line, when the stream does not end with a newline. */
  end(visit: LineVisitor): void {
    // A quote left open runs to the end of the stream, as in the text splitter.
    this.inQuotes = false;
    if (this.carryLength === 0) return;
    const length = this.carryLength;
    this.carryLength = 0;
    this.emit(this.carry, this.carryView, 0, length, visit);
  }

  private emit(bytes: Uint8Array, view: DataView, start: number, nl: number, visit: LineVisitor): void {
    // The mark may arrive split across chunks, so it is looked for in the first line whole.
    if (this.nextLine === 1 && nl - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    const end = nl > start && bytes[nl - 1] === 13 ? nl - 1 : nl;
    if (end - start > this.maxRecordChars) this.checkLength(bytes, start, end);
    const line = this.nextLine;
    this.nextLine += 1 + this.quotedLines;
    this.quotedLines = 0;
    visit.line(bytes, view, start, end, line);
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const length = to - from;
    if (length === 0) return;
    const needed = this.carryLength + length;
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
      this.carryView = new DataView(grown.buffer);
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = needed;
    if (needed > this.maxRecordChars) this.checkLength(this.carry, 0, needed);
  }

  /**
   * The limit counts characters (UTF-16 units, as the text splitter does); bytes can only
   * overstate them, so a line is decoded to be sure, unless its bytes are beyond any doubt.
   */
  private checkLength(bytes: Uint8Array, start: number, end: number): void {
    const max = this.maxRecordChars;
    // A UTF-16 unit takes at most three bytes of UTF-8.
    if (end - start > 3 * max) throw tooLong(this.nextLine, max);
    const text = decodeUtf8(bytes.subarray(start, end));
    // A byte order mark opening the stream is no character of its first line.
    const marked = this.nextLine === 1 && text.charCodeAt(0) === 0xfeff;
    if (text.length - (marked ? 1 : 0) > max) throw tooLong(this.nextLine, max);
  }
}
