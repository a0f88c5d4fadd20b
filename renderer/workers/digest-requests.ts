import type { DigestWorkerReply, DigestWorkerRequest } from '../../shared/contract/workers';
import { digestFile } from './file-digest';
import { digestPiecesHere, wasmHere, type PieceHasher } from './stream-digests';

/**
 * What the digest worker (digest.worker.ts) does with each request, apart from the worker so
 * that tests can drive it: whole streams and files by WebCrypto, and streams too long to hold
 * piece by piece with wasm, each in the order its pieces arrive.
 */
export function digestRequestHandler(reply: (msg: DigestWorkerReply) => void): (msg: DigestWorkerRequest) => void {
  const streams = new Map<number, PieceHasher>();
  const answer = (id: number, digest: Promise<string>) => {
    digest.then(
      (hex) => reply({ t: 'digest', id, hex }),
      (err: unknown) => reply({ t: 'error', id, message: (err instanceof Error ? err.message : String(err)).slice(0, 8192) }),
    );
  };
  return (msg) => {
    switch (msg.t) {
      case 'pieces':
        answer(msg.id, digestPiecesHere(msg.pieces));
        return;
      case 'blob':
        answer(msg.id, digestFile(msg.blob));
        return;
      case 'stream': {
        let hasher = streams.get(msg.id);
        if (!hasher) streams.set(msg.id, (hasher = wasmHere()));
        hasher.update(msg.pieces);
        return;
      }
      case 'stream-digest': {
        const hasher = streams.get(msg.id) ?? wasmHere();
        streams.delete(msg.id);
        answer(msg.id, hasher.digest());
        return;
      }
      case 'stream-forget':
        streams.get(msg.id)?.forget();
        streams.delete(msg.id);
        return;
    }
  };
}
