import type { FieldMapping, FormatId } from '../../model/format';
import type { ParsedEvent } from '../../model/event';

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

/** A stateful parser for one entry (Zeek and CSV learn their columns from header records). */
export interface RecordParser {
  parse(record: TextRecord): ParseOutcome;
}

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
}
