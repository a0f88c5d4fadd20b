import { configure, Reader, ZipReader, type FileEntry } from '@zip.js/zip.js';
import type { ByteSource } from '../bytes';
import { InputFormatError, LimitExceededError } from '../limits';

/**
 * Bytes of an entry read from the archive at a time. Each read completes as a task of the parser's
 * thread, taken in one of its turns (IngestRequest.yieldTurn), and in the browser each costs that
 * thread about 10 ms of waiting, whatever its size: so few, large reads.
 */
const ZIP_READ_BYTES = 1 << 20;
/** A local file header: its signature, and where it gives the lengths of the name and extra field that follow it. */
const LOCAL_HEADER_BYTES = 30;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;

// zip.js only reads the central directory here (an entry's bytes are read by entryBytes): it
// has nothing to hand a worker of its own.
configure({ useWebWorkers: false });

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
 * Lists a zip's file entries from its central directory (zip64 and data descriptors included);
 * each one streams out without being held whole. `maxRatio` guards against bombs both by the
 * sizes the archive declares and by what actually comes out.
 */
export async function listZip(source: ByteSource, label: string, maxRatio: number): Promise<ZipFileItem[]> {
  const reader = new ZipReader(new ByteSourceReader(source));
  try {
    const entries = await reader.getEntries();
    return entries.flatMap((entry) => (entry.directory ? [] : [toItem(source, entry, label, maxRatio)]));
  } catch (e) {
    throw new InputFormatError(`${label} is not a readable zip archive (${e instanceof Error ? e.message : String(e)}).`);
  } finally {
    // The entries are read from the source itself (entryBytes), not through the reader.
    await reader.close().catch(() => undefined);
  }
}

function toItem(source: ByteSource, entry: FileEntry, label: string, maxRatio: number): ZipFileItem {
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
      const what = `${label}!/${name}`;
      const stored = entryBytes(source, entry.offset, compressedSize, what);
      let produced = 0;
      const checked = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, c) {
          produced += chunk.byteLength;
          if (produced > RATIO_FLOOR_BYTES && produced > Math.max(1, compressedSize) * maxRatio) {
            throw ratioError(what, maxRatio, produced / Math.max(1, compressedSize));
          }
          if (produced > size) throw damaged(what, `more than the ${size.toLocaleString('en-US')} bytes its directory says`);
          c.enqueue(chunk);
        },
        flush() {
          if (produced !== size) throw damaged(what, `${produced.toLocaleString('en-US')} bytes where its directory says ${size.toLocaleString('en-US')}`);
        },
      });
      if (entry.compressionMethod === 0) return stored.pipeThrough(checked);
      const inflated = stored.pipeThrough(new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>);
      return explainErrors(inflated, what).pipeThrough(checked);
    },
  };
}

/**
 * An entry's bytes as stored, read from the archive itself rather than through zip.js, whose
 * pipeline held each read back until the next one arrived (and copied it): a stream starts with
 * two reads, of its local header and its first bytes, begun as soon as it is opened.
 */
function entryBytes(source: ByteSource, headerOffset: number, length: number, what: string): ReadableStream<Uint8Array> {
  let at = -1;
  let end = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at < 0) {
        const header = await source.read(headerOffset, LOCAL_HEADER_BYTES);
        const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
        if (header.byteLength < LOCAL_HEADER_BYTES || view.getUint32(0, true) !== LOCAL_HEADER_SIGNATURE) {
          throw damaged(what, 'its local header is missing');
        }
        at = headerOffset + LOCAL_HEADER_BYTES + view.getUint16(26, true) + view.getUint16(28, true);
        end = at + length;
        if (end > source.size) throw damaged(what, 'it runs past the end of the archive');
      }
      if (at >= end) { controller.close(); return; }
      const bytes = await source.read(at, Math.min(ZIP_READ_BYTES, end - at));
      if (bytes.byteLength === 0) throw damaged(what, 'it ends early');
      at += bytes.byteLength;
      controller.enqueue(bytes);
      if (at >= end) controller.close();
    },
  }, new CountQueuingStrategy({ highWaterMark: 1 }));
}

/** Says which entry a decompression error came from, and what it likely means. */
function explainErrors(stream: ReadableStream<Uint8Array>, what: string): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        throw e instanceof InputFormatError ? e : damaged(what, `it could not be decompressed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) { return reader.cancel(reason); },
  });
}

function damaged(what: string, why: string): InputFormatError {
  return new InputFormatError(`${what} could not be read (${why}); the archive may be damaged.`);
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
