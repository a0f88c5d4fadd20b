import { DigestWorkerRequestSchema } from '../../shared/contract/workers';
import { digestRequestHandler } from './digest-requests';
import { workerScope } from './scope';

/**
 * Hashes whole streams, whole files and streams too long to hold for the helper worker (see
 * digest-thread.ts). WebCrypto hashes on the thread that calls it, after copying the input, and
 * wasm is slow; here that stalls nobody.
 */

const handle = digestRequestHandler((msg) => workerScope.postMessage(msg));

workerScope.onmessage = (e: MessageEvent) => {
  const parsed = DigestWorkerRequestSchema.safeParse(e.data);
  if (!parsed.success) return; // Only the helper talks to this worker; it sends nothing else.
  handle(parsed.data);
};
