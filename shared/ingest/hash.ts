import { createSHA256 } from 'hash-wasm';

/** An incremental SHA-256. WebCrypto cannot hash a stream, so this uses hash-wasm (wasm, fast). */
export interface Sha256 {
  update(bytes: Uint8Array): void;
  digestHex(): string;
}

export async function createSha256(): Promise<Sha256> {
  const h = await createSHA256();
  h.init();
  return {
    update: (bytes) => { h.update(bytes); },
    digestHex: () => h.digest('hex'),
  };
}

/**
 * Passes a stream through unchanged while hashing it; `onDigest` gets the hex digest and the
 * byte count once the stream ends (not when it is cancelled: a partial hash means nothing).
 */
export function hashingTap(
  stream: ReadableStream<Uint8Array>,
  onDigest: (sha256: string, bytes: number) => void,
): ReadableStream<Uint8Array> {
  let hasher: Sha256 | undefined;
  let bytes = 0;
  return stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    async start() { hasher = await createSha256(); },
    transform(chunk, controller) {
      hasher!.update(chunk);
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    flush() { onDigest(hasher!.digestHex(), bytes); },
  }));
}
