import { createSHA256 } from 'hash-wasm';

/**
 * Files up to this size are hashed by WebCrypto, which uses the CPU's SHA instructions (about
 * five times faster than wasm here) but takes the whole file at once: it is held in memory for
 * a moment, twice over (WebCrypto copies it). Larger files stream through wasm in slices, so
 * memory stays flat however large the file.
 */
export const NATIVE_MAX_BYTES = 256 << 20;
const SLICE_BYTES = 4 << 20;

/** The SHA-256 (hex) of a whole file. */
export async function digestFile(blob: Blob, nativeMaxBytes = NATIVE_MAX_BYTES): Promise<string> {
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (subtle && blob.size <= nativeMaxBytes) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', await blob.arrayBuffer()));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const h = await createSHA256();
  h.init();
  for (let at = 0; at < blob.size; at += SLICE_BYTES) {
    h.update(new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer()));
  }
  return h.digest('hex');
}
