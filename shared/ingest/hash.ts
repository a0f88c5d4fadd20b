import { createSHA256 } from 'hash-wasm';

/**
 * An incremental SHA-256. Hosts plug in the fastest one they have: the Electron ingest worker
 * uses Node's crypto (SHA instructions of the CPU), the browser edition a helper worker (WebCrypto
 * on what it can hold whole, hash-wasm beyond), so hashing runs beside parsing instead of taking
 * a quarter of the parser's thread.
 */
export interface Sha256 {
  /**
   * Adds bytes; the caller may reuse them as soon as this returns. A returned promise asks the
   * caller to wait (a helper thread has fallen behind) before the next update.
   */
  update(bytes: Uint8Array): void | Promise<void>;
  digestHex(): Promise<string>;
}

export type Sha256Factory = () => Promise<Sha256>;

/** SHA-256 on the calling thread with hash-wasm (WebCrypto cannot hash a stream). */
export const inThreadSha256: Sha256Factory = async () => {
  const h = await createSHA256();
  h.init();
  return {
    update: (bytes) => { h.update(bytes); },
    digestHex: async () => h.digest('hex'),
  };
};

/**
 * Passes a stream through unchanged while hashing it; `onDigest` gets the hex digest (a promise:
 * the stream does not wait for it to end) and the byte count once the stream ends (not when it
 * is cancelled: a partial hash means nothing).
 */
export function hashingTap(
  stream: ReadableStream<Uint8Array>,
  onDigest: (sha256: Promise<string>, bytes: number) => void,
  createHash: Sha256Factory = inThreadSha256,
): ReadableStream<Uint8Array> {
  let hasher: Sha256 | undefined;
  let bytes = 0;
  return stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    async start() { hasher = await createHash(); },
    async transform(chunk, controller) {
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
      await hasher!.update(chunk);
    },
    flush() {
      const digest = hasher!.digestHex();
      digest.catch(() => undefined);
      onDigest(digest, bytes);
    },
  }));
}
