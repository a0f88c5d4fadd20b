import { Gunzip } from 'fflate';
import type { Sha256, Sha256Factory } from '../hash';
import { InputFormatError, LimitExceededError } from '../limits';

/** Below this much output the expansion ratio is not judged: tiny files compress absurdly well. */
const RATIO_FLOOR_BYTES = 1 << 20;

/**
 * A native gzip inflater, possibly running on another thread (the browser edition's helper
 * worker inflates there, so the parsing thread does not spend a second per 200 MB on it). One
 * that hashes what it puts out says so with `outputSha256`, which settles when its output ends;
 * then nobody hashes those bytes again.
 */
export interface Inflater extends ReadableWritablePair<Uint8Array, Uint8Array> {
  outputSha256?: Promise<string>;
  /**
   * Takes back a chunk of its output that the reader is done with, to fill again (an inflater
   * on another thread lends its buffers); false when the chunk was not its own.
   */
  release?(chunk: Uint8Array): boolean;
}
export type GzipInflater = () => Inflater | Promise<Inflater>;

/** The inflated bytes, and their SHA-256 once they have all been read. */
export interface Gunzipped {
  stream: ReadableStream<Uint8Array>;
  /** Settles after the stream is read to its end (rejects if it fails or is cancelled). */
  sha256: () => Promise<string>;
  /** Hands a chunk of `stream` the reader is done with back to the inflater (see Inflater.release). */
  release: (chunk: Uint8Array) => void;
}

/**
 * Decompresses gzip, reading every member (rotated logs are often `cat`-ed together). The
 * platform's native DecompressionStream is used where it reads concatenated members (Node 20
 * does). Chromium's stops at the end of the first member with "junk after the end"; there the
 * native one still runs first when the compressed bytes can be read again (`reopen`: a picked
 * file, a zip entry), since most gzip files hold one member and native inflate is four times
 * faster than fflate. If a second member does turn up, the bytes already passed on are counted
 * and the stream starts over with fflate, skipping that many, so nothing is lost or repeated.
 * Without `reopen` (an entry of a streamed tar) fflate is used from the start. Output beyond
 * `maxRatio` times the compressed input read so far stops the stream with LimitExceededError:
 * that is what a decompression bomb looks like. `native` replaces this thread's DecompressionStream
 * (same behaviour, elsewhere). The output is hashed here with `createHash`, unless the native
 * inflater hashed it already.
 */
export function gunzip(
  input: ReadableStream<Uint8Array>, maxRatio: number, label: string, reopen: (() => ReadableStream<Uint8Array>) | undefined,
  native: GzipInflater, createHash: Sha256Factory,
): Gunzipped {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let mayRestart = false;
  let delivered = 0;
  let skip = 0;
  // Exactly one of the two hashes the output: the inflater's own, or ours on this thread.
  let theirs: Promise<string> | undefined;
  let ours: Sha256 | undefined;
  // The inflater whose output chunks are passed on as they came (not so after a restart).
  let lender: Inflater | undefined;
  // After a restart that dropped the inflater's hash, every byte fflate puts out is hashed,
  // the skipped ones too: they were passed on before, unhashed here.
  let hashSkipped = false;
  let settle!: { resolve: (hex: Promise<string>) => void; reject: (e: unknown) => void };
  const digest = new Promise<string>((resolve, reject) => { settle = { resolve, reject }; });
  digest.catch(() => undefined);
  const fail = (e: unknown) => { theirs?.catch(() => undefined); settle.reject(e); };

  const stream = new ReadableStream<Uint8Array>({
    async start() {
      try {
        const allMembers = await nativeReadsAllMembers();
        mayRestart = !allMembers && reopen !== undefined;
        const inflater: Inflater = allMembers || mayRestart ? await native() : fflateGunzip();
        theirs = inflater.outputSha256;
        lender = inflater;
        if (!theirs) ours = await createHash();
        reader = inflatePass(input, inflater, maxRatio, label);
      } catch (e) {
        fail(e);
        throw e;
      }
    },
    async pull(controller) {
      for (;;) {
        try {
          const { done, value } = await reader!.read();
          if (done) {
            controller.close();
            settle.resolve(theirs ?? ours!.digestHex());
            return;
          }
          if (hashSkipped) await ours!.update(value);
          let chunk = value;
          if (skip > 0) {
            const drop = Math.min(skip, chunk.byteLength);
            skip -= drop;
            if (drop === chunk.byteLength) continue;
            chunk = chunk.subarray(drop);
          }
          if (!hashSkipped) await ours?.update(chunk);
          delivered += chunk.byteLength;
          controller.enqueue(chunk);
          return;
        } catch (e) {
          if (!(mayRestart && isJunkAfterMember(e))) {
            // The inflated log's reader gets the plain reason too, not the inflater's wording.
            const explained = explainGzipError(e, label);
            controller.error(explained);
            fail(explained);
            return;
          }
          // A second member: read again from the start with fflate, past what was passed on.
          mayRestart = false;
          lender = undefined;
          skip = delivered;
          reader = inflatePass(reopen!(), fflateGunzip(), maxRatio, label);
          if (theirs) {
            // The inflater's hash covers only the first member: hash here from the start.
            theirs.catch(() => undefined);
            theirs = undefined;
            ours = await createHash();
            hashSkipped = true;
          }
        }
      }
    },
    cancel(reason) {
      fail(new Error('The inflated stream was cancelled before its end.'));
      return reader?.cancel(reason);
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }));
  return { stream, sha256: () => digest, release: (chunk) => { lender?.release?.(chunk); } };
}

/** Compressed bytes through an inflater, guarded against expansion beyond `maxRatio`. */
function inflatePass(
  input: ReadableStream<Uint8Array>, inflater: ReadableWritablePair<Uint8Array, Uint8Array>, maxRatio: number, label: string,
): ReadableStreamDefaultReader<Uint8Array> {
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
  return counted.pipeThrough(inflater).pipeThrough(guard).getReader();
}

export function nativeGunzip(): ReadableWritablePair<Uint8Array, Uint8Array> {
  return new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
}

/** Chromium's words for data after the end of the first gzip member. */
function isJunkAfterMember(e: unknown): boolean {
  return e instanceof Error && /junk/i.test(e.message);
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
