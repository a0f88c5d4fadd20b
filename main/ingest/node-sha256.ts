import { createHash } from 'node:crypto';
import type { Sha256Factory } from '../../shared/ingest/hash';

/**
 * SHA-256 from Node's crypto (OpenSSL, which uses the CPU's SHA instructions): several times
 * faster than wasm, so the desktop host hashes on the ingest thread itself.
 */
export const nodeSha256: Sha256Factory = async () => {
  const h = createHash('sha256');
  return {
    update: (bytes) => { h.update(bytes); },
    digestHex: async () => h.digest('hex'),
  };
};
