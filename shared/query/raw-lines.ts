import { isFolderSource, type ByteSource, type InputItem } from '../ingest/bytes';
import { walkInputs } from '../ingest/containers/walk';
import type { Sha256Factory } from '../ingest/hash';
import { createLineSplitter } from '../ingest/formats/lines';
import type { RecordSplitter, TextRecord } from '../ingest/formats/types';
import type { IngestLimits } from '../ingest/limits';
import type { RawLineCheckpoint } from '../store/segment';

/** Reading again needs no hashes: they were taken at import. */
const noHash: Sha256Factory = async () => ({ update: () => undefined, digestHex: async () => '' });
const hashedAlready = (source: ByteSource): ByteSource => ({ ...source, sha256: async () => '' });

/** Lines `at.line` to `lastLine` of a source, `at` being where line `at.line` starts. */
export interface LineRange {
  at: RawLineCheckpoint;
  lastLine: number;
}

/**
 * Line ranges of the source at `path` inside a kept picked item, read again from it in one pass:
 * the entry is found by the same walk the import made (archives opened by content, gzip
 * inflated), read from its start, and split by the import's own line splitter. The answer
 * holds each range's lines, in the order asked; undefined when the item holds no such entry.
 */
export async function readSourceLines(
  item: InputItem, path: string, ranges: LineRange[], limits: IngestLimits,
): Promise<string[][] | undefined> {
  const input: InputItem = isFolderSource(item)
    ? {
        kind: 'folder', name: item.name,
        async *entries() { for await (const e of item.entries()) yield { relativePath: e.relativePath, source: hashedAlready(e.source) }; },
      }
    : hashedAlready(item);
  for await (const node of walkInputs([input], { limits, sha256: noHash })) {
    if (node.type === 'entry' && node.path === path) return readRanges(node.open(), ranges);
  }
  return undefined;
}

interface Reading {
  lines: string[];
  /** The number of the next line to read, and of the last one wanted. */
  next: number;
  last: number;
  decoder: TextDecoder;
  /** The import's own line splitter, so lines come out exactly as they were cut then. */
  splitter: RecordSplitter;
  /** Where the range starts in the chunk at hand (0 once it is under way). */
  from: number;
}

/**
 * One pass over the stream. Ranges may come in any order and overlap in bytes (a segment's
 * checkpoint can lie inside the lines of the segment before it): each range is read on its own,
 * from its own start, beside the others.
 */
async function readRanges(stream: ReadableStream<Uint8Array>, ranges: LineRange[]): Promise<string[][]> {
  const out: string[][] = ranges.map(() => []);
  const pending = ranges.map((range, i) => ({ range, i })).sort((a, b) => a.range.at.byte - b.range.at.byte);
  let active: Reading[] = [];
  let next = 0;
  let pos = 0;
  const reader = stream.getReader();
  try {
    while (active.length > 0 || next < pending.length) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunkStart = pos;
      pos += value.byteLength;
      while (next < pending.length && pending[next]!.range.at.byte < pos) {
        const { range, i } = pending[next++]!;
        active.push({
          lines: out[i]!, next: range.at.line, last: range.lastLine, from: range.at.byte - chunkStart,
          // The import's decoder dropped a byte order mark only at the very start of the source.
          decoder: new TextDecoder('utf-8', { ignoreBOM: range.at.byte > 0 }),
          splitter: createLineSplitter(Number.MAX_SAFE_INTEGER),
        });
      }
      for (const r of active) {
        const part = r.from > 0 ? value.subarray(r.from) : value;
        r.from = 0;
        keep(r, r.splitter.push(r.decoder.decode(part, { stream: true })));
      }
      active = active.filter((r) => r.next <= r.last);
    }
    // A last line without a newline after it, as the splitter allows.
    for (const r of active) keep(r, [...r.splitter.push(r.decoder.decode()), ...r.splitter.end()]);
    return out;
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function keep(r: Reading, records: TextRecord[]): void {
  for (const record of records) {
    if (r.next > r.last) return;
    r.lines.push(record.text);
    r.next++;
  }
}
