import type { FieldMapping, FormatId } from '../../model/format';
import type {
  EventAddressField, EventKind, EventNumberField, EventStringField, ParsedEvent,
} from '../../model/event';
import type { RepeatedText } from './repeated-text';

/** One record cut out of a text stream: a line, a CSV row, or one JSON object. */
export interface TextRecord {
  text: string;
  /** 1-based line number where the record starts in the entry. */
  line: number;
}

/**
 * Cuts decoded text into records. Chunks arrive in order and may split a record anywhere;
 * `end` flushes whatever is left. Records longer than `maxRecordChars` throw LimitExceededError.
 */
export interface RecordSplitter {
  push(chunk: string): TextRecord[];
  end(): TextRecord[];
}

export type ParseOutcome =
  | { kind: 'event'; event: ParsedEvent }
  /** A header, comment or blank line: not data, not an error. */
  | { kind: 'skip' }
  | { kind: 'reject'; reason: string };

export interface ParserContext {
  /** IANA zone applied to zone-less timestamps (default `UTC`). */
  timeZone: string;
  /** The user's column mapping for CSV/JSON; when absent the parser guesses from names. */
  mapping?: FieldMapping;
}

/**
 * Where a parser writes one event field by field, straight into the columns of a segment (the
 * SegmentBuilder), instead of building an object that is taken apart again. Call `begin` once a
 * record is known to be an event; nothing may reject the record after that.
 */
export interface RowSink {
  begin(ts: number, kind: EventKind, zoneless: boolean): void;
  number(field: EventNumberField, value: number): void;
  string(field: EventStringField, value: string): void;
  address(field: EventAddressField, value: string): void;
  /** A leftover value, kept under its own name in `fields`. */
  extra(name: string, value: string): void;
  /**
   * A leftover value that is a number, kept as one (it reads back as its decimal text). For
   * near-unique numbers: text that repeats is cheaper as `extra`.
   */
  extraNumber(name: string, value: number): void;
}

/**
 * The sink of the parsers' byte form (`parseLine`), which is always a segment builder: values
 * that repeat from line to line arrive as RepeatedText, whose id in the segment the builder
 * remembers on the value itself.
 */
export interface LineSink extends RowSink {
  repeatedString(field: EventStringField, value: RepeatedText): void;
  repeatedAddress(field: EventAddressField, value: RepeatedText): void;
  repeatedExtra(name: string, value: RepeatedText): void;
}

/** What `parseInto` made of a record: a row was written, nothing to keep, or why it was rejected. */
export type RowOutcome = 'row' | 'skip' | { reject: string };

/** A stateful parser for one entry (Zeek and CSV learn their columns from header records). */
export interface RecordParser {
  parse(record: TextRecord): ParseOutcome;
  /** The same parse, written into `sink`. The pipeline prefers it when a parser has it. */
  parseInto?(record: TextRecord, sink: RowSink): RowOutcome;
  /** The byte form, which reads records where they lie in the input (see FormatModule.byteRecords). */
  bytes?: LineParser;
}

/**
 * A parser's byte form: reads a line where it lies in the input bytes, so no string is made for
 * the line, nor for its parts that repeat. It writes the very row the text form would write for
 * the same line, and never begins a row it then hands to the text form.
 *
 * Byte forms are objects of a class, not closures made per source: V8 compiled a closure's code
 * for the one source it served and compiled it again for the next source's closure (about 50 to
 * 100 ms of the compiler's time each, and the line ran slower meanwhile), where one class's
 * methods are compiled once for every source.
 */
export interface LineParser {
  /** `view` is a DataView over exactly `bytes`; the line is `bytes[start, end)` without its newline. */
  parseLine(bytes: Uint8Array, view: DataView, start: number, end: number, sink: LineSink): LineBytesOutcome;
}

/**
 * What a parser's byte form made of a line: a row was written, or the line needs the text form
 * (`text`): anything unusual, and every line that is not a row, so skips and rejects (with their
 * reasons) are exactly the text form's.
 */
export type LineBytesOutcome = 'row' | 'text';

export interface SniffResult {
  format: FormatId;
  /** 0..1; the highest wins. */
  confidence: number;
  /** For CSV/JSON: the column or field names seen, so the UI can offer a mapping. */
  columns?: string[];
  /** For CSV/JSON: the mapping the heuristics would use. */
  mapping?: FieldMapping;
}

export interface FormatModule {
  id: FormatId;
  /** Human label, e.g. "Nginx/Apache combined access log". */
  label: string;
  /** Bumped when parsing changes, and recorded on every evidence row. */
  version: string;
  /** Judges the first few KiB of an entry (already decoded, possibly cut mid-line). */
  sniff(head: string): SniffResult | null;
  createSplitter(maxRecordChars: number): RecordSplitter;
  createParser(ctx: ParserContext): RecordParser;
  /**
   * How the records its parsers' byte form reads are cut from the bytes: as lines, or as CSV rows
   * (lines, joined where a quoted field holds a newline). The same records its splitter cuts from
   * the text. Absent where no parser has a byte form.
   */
  byteRecords?: 'lines' | 'csv-rows';
}
