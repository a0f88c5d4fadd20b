import { isFolderSource, type ByteSource, type InputItem } from '../ingest/bytes';
import { walkInputs } from '../ingest/containers/walk';
import type { Sha256Factory } from '../ingest/hash';
import type { IngestLimits } from '../ingest/limits';
import type { RawLineCheckpoint } from '../store/segment';

/** Reading again needs no hashes: they were taken at import. */
const noHash: Sha256Factory = async () => ({ update: () => undefined, digestHex: async () => '' });
const hashedAlready = (source: ByteSource): ByteSource => ({ ...source, sha256: async () => '' });

/**
 * Lines `at.line` to `lastLine` of the source at `path` inside a kept picked item, read again
 * from it: the entry is found by the same walk the import made (archives opened by content,
 * gzip inflated), read from the start up to byte `at.byte`, and split as the import's line
 * splitter split it (`\n`, a `\r` before it dropped). Undefined when the item holds no such
 * entry.
 */
export async function readSourceLines(
  item: InputItem, path: string, at: RawLineCheckpoint, lastLine: number, limits: IngestLimits,
): Promise<string[] | undefined> {
  const input: InputItem = isFolderSource(item)
    ? {
        kind: 'folder', name: item.name,
        async *entries() { for await (const e of item.entries()) yield { relativePath: e.relativePath, source: hashedAlready(e.source) }; },
      }
    : hashedAlready(item);
  for await (const node of walkInputs([input], { limits, sha256: noHash })) {
    if (node.type === 'entry' && node.path === path) return readLines(node.open(), at, lastLine);
  }
  return undefined;
}

async function readLines(stream: ReadableStream<Uint8Array>, at: RawLineCheckpoint, lastLine: number): Promise<string[]> {
  const reader = stream.getReader();
  // The import's decoder dropped a byte order mark only at the very start of the source.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: at.byte > 0 });
  const wanted = lastLine - at.line + 1;
  const lines: string[] = [];
  let skip = at.byte;
  let carry = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      if (skip > 0) {
        if (chunk.byteLength <= skip) { skip -= chunk.byteLength; continue; }
        chunk = chunk.subarray(skip);
        skip = 0;
      }
      const text = carry + decoder.decode(chunk, { stream: true });
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        lines.push(withoutCr(text.slice(start, nl)));
        start = nl + 1;
        if (lines.length >= wanted) return lines;
      }
      carry = text.slice(start);
    }
    carry += decoder.decode();
    if (carry.length > 0) lines.push(withoutCr(carry));
    return lines;
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
