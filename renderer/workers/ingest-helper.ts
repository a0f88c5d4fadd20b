import { HelperWorkerReplySchema, type HelperWorkerRequest } from '../../shared/contract/workers';
import type { GzipInflater } from '../../shared/ingest/containers/gzip';
import { inThreadSha256, type Sha256, type Sha256Factory } from '../../shared/ingest/hash';
import { portInflater } from './inflater-channel';

/** Bytes are handed to the helper in pieces this large (fewer messages, one copy). */
const PIECE_BYTES = 512 << 10;
/** The producer waits when this much is queued at the helper, until half of it is hashed. */
const MAX_QUEUED_BYTES = 32 << 20;

/** What the ingest worker's helper (`helper.worker.ts`) does for it, beside the parser. */
export interface IngestHelper {
  /** Streams hashed on the helper's thread. */
  create: Sha256Factory;
  /**
   * The SHA-256 of a whole file, read and hashed beside the parse (see helper.worker.ts).
   * Absent without a helper: the file is then hashed as it is read, like everything else.
   */
  digestFile?: (file: Blob) => Promise<string>;
  /** A native gzip inflater on the helper's thread, which hashes its output. Absent without a helper. */
  gunzip?: GzipInflater;
  /** Ends the helper; digests and inflaters not yet answered fail. */
  dispose(): void;
}

/**
 * Starts the ingest worker's helper (`helper.worker.ts`), which hashes and inflates so that the
 * parser has its thread to itself. Bytes to hash are copied into pieces that are transferred; the
 * copy is what lets the caller reuse its buffer at once, as the Sha256 contract says. Where a
 * worker cannot start one (no nested workers), hashing and inflating stay on the calling thread.
 */
export function startIngestHelper(): IngestHelper {
  if (typeof Worker === 'undefined') return { create: inThreadSha256, dispose: () => undefined };
  const worker = new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: 'tidemark-helper' });
  const digests = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();
  const inflaters = new Set<(e: Error) => void>();
  let waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let queued = 0;
  let nextId = 1;
  let broken: Error | undefined;

  const failAll = (e: Error) => {
    broken ??= e;
    for (const d of digests.values()) d.reject(e);
    digests.clear();
    for (const fail of inflaters) fail(e);
    inflaters.clear();
    for (const w of waiters) w.reject(e);
    waiters = [];
  };
  worker.onmessage = (e: MessageEvent) => {
    const parsed = HelperWorkerReplySchema.safeParse(e.data);
    if (!parsed.success) { failAll(new Error('The hashing worker sent an unreadable answer.')); return; }
    const msg = parsed.data;
    if (msg.t === 'error') { failAll(new Error(`Hashing failed: ${msg.message}`)); return; }
    if (msg.t === 'hashed') {
      queued -= msg.bytes;
      if (queued <= MAX_QUEUED_BYTES / 2 && waiters.length) {
        const ready = waiters;
        waiters = [];
        for (const w of ready) w.resolve();
      }
      return;
    }
    digests.get(msg.id)?.resolve(msg.hex);
    digests.delete(msg.id);
  };
  worker.onerror = (e) => { failAll(new Error(`The hashing worker stopped: ${e.message}`)); };

  const post = (msg: HelperWorkerRequest, transfer: Transferable[] = []) => {
    if (broken) throw broken;
    worker.postMessage(msg, transfer);
  };

  const create: Sha256Factory = async () => {
    const id = nextId++;
    let piece = new Uint8Array(PIECE_BYTES);
    let filled = 0;
    const send = () => {
      if (filled === 0) return;
      const bytes = filled === piece.byteLength ? piece : piece.slice(0, filled);
      queued += bytes.byteLength;
      post({ t: 'update', id, bytes }, [bytes.buffer]);
      piece = new Uint8Array(PIECE_BYTES);
      filled = 0;
    };
    const hasher: Sha256 = {
      update(bytes) {
        for (let at = 0; at < bytes.byteLength;) {
          const n = Math.min(bytes.byteLength - at, PIECE_BYTES - filled);
          piece.set(bytes.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === PIECE_BYTES) send();
        }
        if (queued <= MAX_QUEUED_BYTES) return undefined;
        return new Promise<void>((resolve, reject) => { waiters.push({ resolve, reject }); });
      },
      digestHex() {
        send();
        return new Promise<string>((resolve, reject) => {
          if (broken) { reject(broken); return; }
          digests.set(id, { resolve, reject });
          post({ t: 'digest', id });
        });
      },
    };
    return hasher;
  };

  const digestFile = (file: Blob) => new Promise<string>((resolve, reject) => {
    if (broken) { reject(broken); return; }
    const id = nextId++;
    digests.set(id, { resolve, reject });
    post({ t: 'digest-blob', id, blob: file });
  });

  const gunzip: GzipInflater = () => {
    if (broken) throw broken;
    const channel = new MessageChannel();
    post({ t: 'inflater', id: nextId++ }, [channel.port2]);
    const inflater = portInflater(channel.port1);
    inflaters.add(inflater.fail);
    const forget = () => inflaters.delete(inflater.fail);
    inflater.outputSha256?.then(forget, forget);
    return inflater;
  };

  return {
    create,
    digestFile,
    gunzip,
    dispose() {
      worker.terminate();
      failAll(new Error('The import ended before this hash was finished.'));
    },
  };
}
