import Papa from 'papaparse';
import { tooLong, headLines } from './lines';
import { applyMapping, suggestMapping } from './mapping';
import { writeEvent } from './event-sink';
import { compileRowMapping, type RowMapping } from './row-mapping';
import { FieldBounds } from './field-bounds';
import { RowBytesMapping } from './row-bytes';
import type {
  FormatModule, LineBytesOutcome, LineParser, LineSink, ParseOutcome, ParserContext, RecordParser, RecordSplitter, RowOutcome, TextRecord,
} from './types';

const DELIMITERS = [',', '\t', ';', '|'];

/**
 * Cuts CSV text into rows. A newline inside a quoted field belongs to the row, so the splitter
 * tracks quotes across chunks; each row keeps the line number it starts on. Rows are found with
 * indexOf (the engine's fast search), not by looking at every character: most exports quote
 * little or nothing.
 */
export function createCsvSplitter(maxRecordChars: number): RecordSplitter {
  let carry = '';
  let inQuotes = false;
  let scanFrom = 0;
  let line = 1;
  let rowStartLine = 1;
  let newlinesInRow = 0;
  /** Newlines in `text[from, to)`. */
  const newlinesIn = (text: string, from: number, to: number): number => {
    let n = 0;
    for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) n++;
    return n;
  };
  const cut = (text: string, out: TextRecord[]) => {
    let start = 0;
    let i = scanFrom;
    // The next quote at or after i (text.length when there is none), found once per quote.
    let quote = -1;
    const nextQuote = (from: number) => {
      if (quote < from) {
        const q = text.indexOf('"', from);
        quote = q < 0 ? text.length : q;
      }
      return quote;
    };
    while (i < text.length) {
      if (inQuotes) {
        const q = nextQuote(i);
        newlinesInRow += newlinesIn(text, i, q);
        if (q === text.length) break;
        inQuotes = false;
        i = q + 1;
        continue;
      }
      const nl = text.indexOf('\n', i);
      const q = nextQuote(i);
      if (q < (nl < 0 ? text.length : nl)) {
        inQuotes = true;
        i = q + 1;
        continue;
      }
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end - start > maxRecordChars) throw tooLong(rowStartLine, maxRecordChars);
      out.push({ text: text.slice(start, end), line: rowStartLine });
      line = rowStartLine + newlinesInRow + 1;
      rowStartLine = line;
      newlinesInRow = 0;
      start = nl + 1;
      i = start;
    }
    return start;
  };
  return {
    push(chunk) {
      const text = carry + chunk;
      const out: TextRecord[] = [];
      const start = cut(text, out);
      carry = text.slice(start);
      // Everything of the carry has been read (its quotes counted in inQuotes).
      scanFrom = carry.length;
      if (carry.length > maxRecordChars) throw tooLong(rowStartLine, maxRecordChars);
      return out;
    },
    end() {
      if (carry.length === 0) return [];
      const text = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
      carry = '';
      scanFrom = 0;
      return [{ text, line: rowStartLine }];
    },
  };
}

export function detectDelimiter(lines: string[]): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => splitRow(l, d).length);
    const first = counts[0] ?? 0;
    if (first < 2) continue;
    // A real delimiter splits every line into the same number of columns.
    const consistent = counts.filter((c) => c === first).length / counts.length;
    if (consistent >= 0.8 && first > bestCount) { best = d; bestCount = first; }
  }
  return best;
}

function splitRow(text: string, delimiter: string): string[] {
  const r = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  return r.data[0] ?? [];
}

/** What the text form learns from the header, for the byte form to read rows by. */
interface CsvShared {
  /** The byte form of the header's mapping, once the header is read (and where rows can be written from cells). */
  rows?: RowBytesMapping;
  /** The delimiter's byte (every delimiter Tidemark detects is ASCII). */
  delimiter: number;
}

function createParser(ctx: ParserContext): RecordParser {
  let header: string[] | null = null;
  let delimiter = ',';
  let mapping = ctx.mapping;
  /** The mapping compiled for the header, when rows can be written from their cells. */
  let rowMapping: RowMapping | undefined;
  const shared: CsvShared = { delimiter: 44 /* , */ };

  /** A row's cells, a header (null), or why the row is refused. */
  const cellsOf = (record: TextRecord): string[] | null | { reject: string } => {
    if (!header) {
      delimiter = detectDelimiter([record.text]) ?? ',';
      header = splitRow(record.text, delimiter).map((h) => h.trim());
      mapping ??= suggestMapping(header);
      rowMapping = compileRowMapping(mapping, header);
      shared.delimiter = delimiter.charCodeAt(0);
      if (rowMapping && delimiter.length === 1 && shared.delimiter < 0x80) shared.rows = new RowBytesMapping(rowMapping.plan);
      return null;
    }
    let row: string[] | undefined;
    // Without a quote there is nothing to unquote: cutting at the delimiter is the whole parse.
    if (record.text.indexOf('"') < 0) row = record.text.split(delimiter);
    else {
      const parsed = Papa.parse<string[]>(record.text, { delimiter, header: false });
      row = parsed.data[0];
      if (!row || parsed.errors.length > 0) return { reject: `Not a valid CSV row (${parsed.errors[0]?.message ?? 'empty'})` };
    }
    if (row.length !== header.length) return { reject: `Expected ${header.length} columns as in the header, found ${row.length}` };
    return row;
  };
  const recordOf = (cells: string[]): Record<string, string> => {
    const rec: Record<string, string> = {};
    for (let i = 0; i < header!.length; i++) rec[header![i]!] = cells[i]!;
    return rec;
  };

  return {
    bytes: new CsvBytesParser(shared),
    parse(record): ParseOutcome {
      if (record.text.trim().length === 0) return { kind: 'skip' };
      const cells = cellsOf(record);
      if (cells === null) return { kind: 'skip' };
      if (!Array.isArray(cells)) return { kind: 'reject', reason: cells.reject };
      return applyMapping(recordOf(cells), mapping!, ctx.timeZone);
    },
    // The import's form: the row's cells go straight into the segment where the header allows.
    parseInto(record, sink): RowOutcome {
      if (record.text.trim().length === 0) return 'skip';
      const cells = cellsOf(record);
      if (cells === null) return 'skip';
      if (!Array.isArray(cells)) return cells;
      if (rowMapping) return rowMapping.applyInto(cells, ctx.timeZone, sink);
      const outcome = applyMapping(recordOf(cells), mapping!, ctx.timeZone);
      if (outcome.kind === 'reject') return { reject: outcome.reason };
      if (outcome.kind === 'skip') return 'skip';
      writeEvent(sink, outcome.event);
      return 'row';
    },
  };
}

/**
 * The byte form: a row that quotes nothing is its delimiter's cuts, so its cells are found where
 * they lie and written by the header's RowBytesMapping. The header itself, rows that quote,
 * rows of another width and rows that could be blank go to the text form.
 */
class CsvBytesParser extends FieldBounds implements LineParser {
  constructor(private readonly shared: CsvShared) {
    super();
  }

  parseLine(b: Uint8Array, view: DataView, start: number, end: number, sink: LineSink): LineBytesOutcome {
    const rows = this.shared.rows;
    if (!rows || end === start || mayTrim(b[start]!) || mayTrim(b[end - 1]!)) return 'text';
    const delimiter = this.shared.delimiter;
    let n = 0;
    let from = start;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c === delimiter) {
        this.field(n++, from, i);
        from = i + 1;
      } else if (c === 34 /* " */) {
        return 'text';
      }
    }
    this.field(n++, from, end);
    if (n !== rows.columns) return 'text';
    return rows.apply(b, view, this, sink);
  }

}

/** ASCII whitespace, or the first byte of a longer character (which may be a space too). */
function mayTrim(c: number): boolean {
  return c <= 32 || c >= 0x80;
}

export const csv: FormatModule = {
  id: 'csv',
  label: 'CSV / TSV with a header row',
  version: '1',
  sniff(head) {
    const lines = headLines(head, 10);
    if (lines.length < 2) return null;
    const first = lines[0]!.trim();
    if (first.startsWith('{') || first.startsWith('[') || first.startsWith('#')) return null;
    const d = detectDelimiter(lines);
    if (!d) return null;
    const columns = splitRow(lines[0]!, d).map((c) => c.trim());
    // A header names its columns: mostly non-numeric, non-empty cells.
    const named = columns.filter((c) => c && !/^[\d.:\-/ T+Z]+$/.test(c)).length / columns.length;
    if (named < 0.8) return null;
    const mapping = suggestMapping(columns);
    return { format: 'csv', confidence: mapping.ts ? 0.8 : 0.5, columns, mapping };
  },
  createSplitter: createCsvSplitter,
  byteRecords: 'csv-rows',
  createParser,
};
