import { Gunzip } from 'fflate';
import { InputFormatError, LimitExceededError } from '../limits';

/** Below this much output the expansion ratio is not judged: tiny files compress absurdly well. */
const RATIO_FLOOR_BYTES = 1 << 20;

/**
 * Decompresses gzip. The platform's native DecompressionStream is used where it reads
 * concatenated members (Node 20 does; rotated logs are often `cat`-ed together); where it stops at
 * the first member (Chromium reports "junk after the end"), fflate's streaming gunzip is used,
 * which reads every member. Output beyond `maxRatio` times the compressed input read so far stops
 * the stream with LimitExceededError: that is what a decompression bomb looks like.
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
  const guard = new TransformStream<Uint8Array, Uint8Array>({
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
  });
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async start() {
      const inflater = (await nativeReadsAllMembers())
        ? (new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
        : fflateGunzip();
      reader = counted.pipeThrough(inflater).pipeThrough(guard).getReader();
    },
    async pull(controller) {
      try {
        const { done, value } = await reader!.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        controller.error(e);
      }
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }));
}

/** Two gzip members ("a", then "b"), as `cat a.gz b.gz` makes. */
const TWO_MEMBERS = new Uint8Array([
  31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75, 4, 0, 67, 190, 183, 232, 1, 0, 0, 0,
  31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75, 2, 0, 249, 239, 190, 113, 1, 0, 0, 0,
]);
let nativeCheck: Promise<boolean> | undefined;

/** Whether this platform's DecompressionStream reads past the first gzip member (asked once). */
export function nativeReadsAllMembers(): Promise<boolean> {
  nativeCheck ??= (async () => {
    try {
      const out = await new Response(
        new Blob([TWO_MEMBERS]).stream().pipeThrough(new DecompressionStream('gzip')),
      ).text();
      return out === 'ab';
    } catch {
      return false;
    }
  })();
  return nativeCheck;
}

/** fflate's streaming gunzip (all members) as a TransformStream. */
export function fflateGunzip(): TransformStream<Uint8Array, Uint8Array> {
  let inflater: Gunzip;
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      inflater = new Gunzip((chunk) => controller.enqueue(chunk));
    },
    transform(chunk) {
      inflater.push(chunk, false);
    },
    flush() {
      inflater.push(new Uint8Array(0), true);
    },
  });
}

/** Turns zlib's terse errors into sentences a responder can act on. */
export function explainGzipError(e: unknown, label: string): Error {
  if (e instanceof LimitExceededError || e instanceof InputFormatError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/unexpected end|truncat|unexpected EOF|invalid length\/literal|premature/i.test(msg)) {
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
