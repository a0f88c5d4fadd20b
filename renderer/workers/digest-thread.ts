import { DigestWorkerReplySchema, type DigestWorkerRequest } from '../../shared/contract/workers';
import { digestFile } from './file-digest';
import { digestPiecesHere, wasmHere, type PieceHasherFactory } from './stream-digests';

/** Whole-stream and whole-file SHA-256, computed on some thread. */
export interface WholeDigests {
  /** The digest of the pieces in order; they are transferred away (the caller lets go of them). */
  pieces(pieces: Uint8Array<ArrayBuffer>[]): Promise<string>;
  file(blob: Blob): Promise<string>;
  /** A stream hashed as it comes (wasm), for one too long to hold; its pieces are transferred away. */
  streaming: PieceHasherFactory;
}

/**
 * Starts the helper's digest worker (digest.worker.ts). WebCrypto hashes synchronously on the
 * calling thread, after copying its input: for a 75 MB log that held the helper for 0.3 s, and
 * the next gzip entry waited for its inflater. Where no worker can be started, the digests are
 * computed on this thread.
 */
export function startDigestThread(): WholeDigests {
  if (typeof Worker === 'undefined') return { pieces: digestPiecesHere, file: (blob) => digestFile(blob), streaming: wasmHere };
  const worker = new Worker(new URL('./digest.worker.ts', import.meta.url), { type: 'module', name: 'tidemark-digests' });
  const pending = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let broken: Error | undefined;

  worker.onmessage = (e: MessageEvent) => {
    const parsed = DigestWorkerReplySchema.safeParse(e.data);
    if (!parsed.success) { failAll(new Error('The digest worker sent an unreadable answer.')); return; }
    const msg = parsed.data;
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.t === 'digest') waiter?.resolve(msg.hex);
    else waiter?.reject(new Error(msg.message));
  };
  worker.onerror = (e) => { failAll(new Error(`The digest worker stopped: ${e.message}`)); };
  function failAll(e: Error): void {
    broken ??= e;
    for (const w of pending.values()) w.reject(e);
    pending.clear();
  }

  const ask = (msg: (id: number) => DigestWorkerRequest, transfer: Transferable[] = []) => new Promise<string>((resolve, reject) => {
    if (broken) { reject(broken); return; }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage(msg(id), transfer);
  });

  return {
    pieces: (pieces) => ask((id) => ({ t: 'pieces', id, pieces }), distinctBuffers(pieces)),
    file: (blob) => ask((id) => ({ t: 'blob', id, blob })),
    streaming: () => {
      const id = nextId++;
      return {
        update(pieces) {
          // After a failure the pieces go nowhere; the digest, asked at the end, says why.
          if (!broken) worker.postMessage({ t: 'stream', id, pieces: [...pieces] } satisfies DigestWorkerRequest, distinctBuffers(pieces));
        },
        digest: () => new Promise<string>((resolve, reject) => {
          if (broken) { reject(broken); return; }
          pending.set(id, { resolve, reject });
          worker.postMessage({ t: 'stream-digest', id } satisfies DigestWorkerRequest);
        }),
        forget() {
          if (!broken) worker.postMessage({ t: 'stream-forget', id } satisfies DigestWorkerRequest);
        },
      };
    },
  };
}

/** Each buffer once: pieces may be views of one buffer, and a transfer list names each once. */
function distinctBuffers(pieces: readonly Uint8Array<ArrayBuffer>[]): ArrayBuffer[] {
  return [...new Set(pieces.map((p) => p.buffer))];
}
