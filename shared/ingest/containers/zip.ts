import { configure, Reader, ZipReader, type FileEntry } from '@zip.js/zip.js';
import type { ByteSource } from '../bytes';
import { InputFormatError, LimitExceededError } from '../limits';

/** Bytes zip.js reads from the archive at a time. */
const ZIP_READ_BYTES = 1 << 20;

// We already run in a worker; zip.js should inflate inline with the native DecompressionStream.
// Entries are read 1 MiB at a time (zip.js reads 256 KiB by default): each read completes as a
// task of the parser's thread, taken in one of the parser's turns (IngestRequest.yieldTurn), and in
// the browser each costs that thread about 10 ms of waiting, whatever its size.
configure({ useWebWorkers: false, useCompressionStream: true, chunkSize: ZIP_READ_BYTES });

const RATIO_FLOOR_BYTES = 1 << 20;

/** zip.js reads the central directory with random access through our ByteSource. */
class ByteSourceReader extends Reader<ByteSource> {
  constructor(private readonly source: ByteSource) {
    super(source);
    this.size = source.size;
  }
  override readUint8Array(index: number, length: number): Promise<Uint8Array> {
    return this.source.read(index, length);
  }
}

export interface ZipFileItem {
  /** Path inside the archive, `/`-separated. */
  name: string;
  size: number;
  compressedSize: number;
  /** Stored deflated (not as is). */
  deflated: boolean;
  /** Why this entry cannot be read, when it cannot (encrypted, unknown method). */
  unreadable?: string;
  open(): ReadableStream<Uint8Array>;
}

/**
 * Lists a zip's file entries from its central directory (zip64 and data descriptors included)
 * and streams each one out without holding it whole. `maxRatio` guards against bombs both by the
 * sizes the archive declares and by what actually comes out.
 */
export async function* readZip(source: ByteSource, label: string, maxRatio: number): AsyncGenerator<ZipFileItem> {
  const reader = new ZipReader(new ByteSourceReader(source));
  let entries;
  try {
    entries = await reader.getEntries();
  } catch (e) {
    throw new InputFormatError(`${label} is not a readable zip archive (${e instanceof Error ? e.message : String(e)}).`);
  }
  try {
    for (const entry of entries) {
      if (entry.directory) continue;
      yield toItem(entry, label, maxRatio);
    }
  } finally {
    await reader.close().catch(() => undefined);
  }
}

function toItem(entry: FileEntry, label: string, maxRatio: number): ZipFileItem {
  const name = entry.filename;
  const size = entry.uncompressedSize ?? 0;
  const compressedSize = entry.compressedSize ?? 0;
  let unreadable: string | undefined;
  if (entry.encrypted) unreadable = `${label}!/${name} is encrypted; Tidemark does not guess passwords. Extract it with the password and import the result.`;
  else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    unreadable = `${label}!/${name} uses zip compression method ${entry.compressionMethod}, which Tidemark cannot read (only stored and deflate).`;
  }
  return {
    name, size, compressedSize, unreadable, deflated: entry.compressionMethod === 8,
    open() {
      if (size > RATIO_FLOOR_BYTES && size > Math.max(1, compressedSize) * maxRatio) {
        return erroredStream(ratioError(`${label}!/${name}`, maxRatio, size / Math.max(1, compressedSize)));
      }
      let produced = 0;
      let controller!: TransformStreamDefaultController<Uint8Array>;
      const out = new TransformStream<Uint8Array, Uint8Array>({
        start(c) { controller = c; },
        transform(chunk, c) {
          produced += chunk.byteLength;
          if (produced > RATIO_FLOOR_BYTES && produced > Math.max(1, compressedSize) * maxRatio) {
            throw ratioError(`${label}!/${name}`, maxRatio, produced / Math.max(1, compressedSize));
          }
          c.enqueue(chunk);
        },
      });
      entry.getData(out.writable).catch((e: unknown) => {
        try {
          controller.error(e instanceof LimitExceededError ? e : new InputFormatError(
            `${label}!/${name} could not be decompressed (${e instanceof Error ? e.message : String(e)}); the archive may be damaged.`));
        } catch {
          // The reader already went away (cancelled); nothing is waiting for this error.
        }
      });
      return out.readable;
    },
  };
}

function ratioError(what: string, maxRatio: number, ratio: number): LimitExceededError {
  return new LimitExceededError(
    'maxExpansionRatio', ratio,
    `${what} expands more than ${maxRatio} times its compressed size (a decompression bomb, or very repetitive data). ` +
      'Raise the expansion ratio limit in the import options to read it anyway.',
  );
}

function erroredStream(e: Error): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start(c) { c.error(e); } });
}
