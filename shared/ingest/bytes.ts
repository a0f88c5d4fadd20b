/**
 * Where ingest reads bytes from. The hosts adapt their own handles to this: the browser edition
 * wraps `File`/`Blob`, the Electron ingest worker wraps a read-only file handle. Archive readers
 * that need random access (zip's central directory) use `read`; everything else streams.
 */
export interface ByteSource {
  /** File name, without folders. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** A fresh stream over all bytes, from the start. May be called more than once. */
  stream(): ReadableStream<Uint8Array>;
  /** Random access: `length` bytes from `offset` (fewer only at the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * The SHA-256 (hex) of all the bytes, where the host computes it apart from the stream ingest
   * reads (the browser edition's hashing helper reads a picked File itself). Ingest then does not
   * hash this source's stream.
   */
  sha256?(): Promise<string>;
}

/** A picked folder: its files, with paths relative to the folder. */
export interface FolderSource {
  readonly kind: 'folder';
  readonly name: string;
  entries(): AsyncIterable<{ relativePath: string; source: ByteSource }>;
}

export type InputItem = ByteSource | FolderSource;

export function isFolderSource(item: InputItem): item is FolderSource {
  return (item as FolderSource).kind === 'folder';
}

/** A ByteSource over bytes already in memory (tests, small nested archives, the demo). */
export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    stream() {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) { controller.close(); return; }
          sent = true;
          // Hand out 1 MiB views so consumers see the same chunking as from a file.
          for (let off = 0; off < bytes.byteLength; off += 1 << 20) {
            controller.enqueue(bytes.subarray(off, Math.min(bytes.byteLength, off + (1 << 20))));
          }
          controller.close();
        },
      });
    },
    async read(offset, length) {
      return bytes.slice(offset, Math.min(bytes.byteLength, offset + length));
    },
  };
}

/** A ByteSource over a Blob (a browser `File` is one); Node 20 has Blob too. */
export function blobSource(name: string, blob: Blob): ByteSource {
  return {
    name,
    size: blob.size,
    stream: () => blob.stream() as ReadableStream<Uint8Array>,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

/**
 * The UTF-8 text of bytes that are a piece of something (a field, a line, a name, a segment's
 * records), not the start of a stream: a U+FEFF they open with is a character of the piece and is
 * kept, where TextDecoder's default would drop it as a byte order mark. Only the stream decoders
 * that read a source from its first byte drop one. Decoding without `stream` keeps no state, so
 * one decoder serves every caller.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return pieceDecoder.decode(bytes);
}

const pieceDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The first chunks of a stream, read until they hold at least some number of bytes. */
export interface StreamHead {
  parts: Uint8Array[];
  /** The stream ended within them. */
  ended: boolean;
  /** The stream failed before they were read (the parts are what came before). */
  failure?: { error: unknown };
}

/**
 * Reads chunks until they hold at least `n` bytes, the stream ends or it fails; a failure is
 * returned, not thrown, so the caller decides whose it is (a format is judged from these bytes).
 */
export async function readHead(reader: ReadableStreamDefaultReader<Uint8Array>, n: number): Promise<StreamHead> {
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < n) {
      const { done, value } = await reader.read();
      if (done) return { parts, ended: true };
      parts.push(value);
      total += value.byteLength;
    }
  } catch (e) {
    return { parts, ended: false, failure: { error: e } };
  }
  return { parts, ended: false };
}

/** Joins byte chunks into one array (one copy; the single-chunk case copies nothing). */
export function concatBytes(parts: readonly Uint8Array[], limit = Infinity): Uint8Array {
  if (parts.length === 1 && parts[0]!.byteLength <= limit) return parts[0]!;
  const total = Math.min(limit, parts.reduce((n, p) => n + p.byteLength, 0));
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    if (off >= total) break;
    const take = Math.min(p.byteLength, total - off);
    out.set(take === p.byteLength ? p : p.subarray(0, take), off);
    off += take;
  }
  return out;
}
