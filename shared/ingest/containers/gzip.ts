import { InputFormatError, LimitExceededError } from '../limits';

/** Below this much output the expansion ratio is not judged: tiny files compress absurdly well. */
const RATIO_FLOOR_BYTES = 1 << 20;

/**
 * Decompresses gzip with the platform's native DecompressionStream (Node 20 and Chromium; both
 * read concatenated members). Output beyond `maxRatio` times the compressed input read so far
 * stops the stream with LimitExceededError: that is what a decompression bomb looks like.
 */
export function gunzip(input: ReadableStream<Uint8Array>, maxRatio: number, label: string): ReadableStream<Uint8Array> {
  let consumed = 0;
  let produced = 0;
  const counted = input.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      consumed += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }));
  const inflated = counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  return inflated.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      produced += chunk.byteLength;
      if (produced > RATIO_FLOOR_BYTES && produced > consumed * maxRatio) {
        throw new LimitExceededError(
          'maxExpansionRatio',
          produced / Math.max(1, consumed),
          `${label} expands more than ${maxRatio} times its compressed size (a decompression bomb, or very repetitive data). ` +
            'Raise the expansion ratio limit in the import options to read it anyway.',
        );
      }
      controller.enqueue(chunk);
    },
  }));
}

/** Turns zlib's terse errors into sentences a responder can act on. */
export function explainGzipError(e: unknown, label: string): Error {
  if (e instanceof LimitExceededError || e instanceof InputFormatError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/unexpected end|truncat/i.test(msg)) {
    return new InputFormatError(`${label} ends before its compressed data does (truncated download or copy?).`);
  }
  return new InputFormatError(`${label} is not valid gzip data (${msg}).`);
}

/** The member's original name from the gzip header (FNAME), when the writer recorded one. */
export function gzipMemberName(head: Uint8Array): string | undefined {
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b) return undefined;
  const flags = head[3]!;
  let p = 10;
  if (flags & 0x04) {
    if (head.length < p + 2) return undefined;
    p += 2 + (head[p]! | (head[p + 1]! << 8));
  }
  if (!(flags & 0x08)) return undefined;
  const end = head.indexOf(0, p);
  if (end < 0) return undefined;
  // FNAME is ISO 8859-1 by the RFC; keep only the last path component.
  const name = Array.from(head.subarray(p, end), (c) => String.fromCharCode(c)).join('');
  const base = name.split(/[\\/]/).pop();
  return base || undefined;
}

/** `x.log.gz` → `x.log`, `x.tgz` → `x.tar`; otherwise the name with `.out` appended. */
export function gunzippedName(containerName: string): string {
  if (/\.tgz$/i.test(containerName)) return containerName.replace(/\.tgz$/i, '.tar');
  if (/\.gz(ip)?$/i.test(containerName)) return containerName.replace(/\.gz(ip)?$/i, '');
  if (/\.z$/i.test(containerName)) return containerName.replace(/\.z$/i, '');
  return `${containerName}.out`;
}
