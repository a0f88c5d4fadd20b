import { DigestWorkerRequestSchema, type DigestWorkerReply } from '../../shared/contract/workers';
import { digestFile } from './file-digest';
import { workerScope } from './scope';
import { digestPiecesHere } from './stream-digests';

/**
 * Hashes whole streams and files for the helper worker (see digest-thread.ts). WebCrypto hashes
 * on the thread that calls it, after copying the input; here that stalls nobody.
 */

function reply(msg: DigestWorkerReply): void {
  workerScope.postMessage(msg);
}

workerScope.onmessage = (e: MessageEvent) => {
  const parsed = DigestWorkerRequestSchema.safeParse(e.data);
  if (!parsed.success) return; // Only the helper talks to this worker; it sends nothing else.
  const msg = parsed.data;
  const digest = msg.t === 'pieces' ? digestPiecesHere(msg.pieces) : digestFile(msg.blob);
  digest.then(
    (hex) => reply({ t: 'digest', id: msg.id, hex }),
    (err: unknown) => reply({ t: 'error', id: msg.id, message: (err instanceof Error ? err.message : String(err)).slice(0, 8192) }),
  );
};
