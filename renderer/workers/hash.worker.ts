import { createSHA256, type IHasher } from 'hash-wasm';
import { HashWorkerRequestSchema, type HashWorkerReply } from '../../shared/contract/workers';
import { digestFile } from './file-digest';
import { workerScope } from './scope';

/**
 * Hashes for the ingest worker, on another thread: SHA-256 in wasm runs at about 130 MB/s on a
 * laptop core, a quarter of what the parser would otherwise spend. Streams are told apart by id;
 * their messages are handled strictly in order. Whole files are read and hashed here, beside
 * everything else.
 */

const hashers = new Map<number, Promise<IHasher>>();
let queue: Promise<void> = Promise.resolve();

function reply(msg: HashWorkerReply): void {
  workerScope.postMessage(msg);
}

function hasherFor(id: number): Promise<IHasher> {
  let h = hashers.get(id);
  if (!h) {
    h = createSHA256().then((x) => { x.init(); return x; });
    hashers.set(id, h);
  }
  return h;
}

const fail = (err: unknown) => reply({ t: 'error', message: err instanceof Error ? err.message : String(err) });

workerScope.onmessage = (e: MessageEvent) => {
  const parsed = HashWorkerRequestSchema.safeParse(e.data);
  if (!parsed.success) {
    reply({ t: 'error', message: `Bad request to the hashing worker: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    return;
  }
  const msg = parsed.data;
  if (msg.t === 'digest-blob') {
    // Not queued: a file takes a while, and streams' pieces must not wait behind it.
    digestFile(msg.blob).then((hex) => reply({ t: 'digest', id: msg.id, hex }), fail);
    return;
  }
  queue = queue.then(async () => {
    const h = await hasherFor(msg.id);
    if (msg.t === 'update') {
      h.update(msg.bytes);
      reply({ t: 'hashed', id: msg.id, bytes: msg.bytes.byteLength });
    } else {
      hashers.delete(msg.id);
      reply({ t: 'digest', id: msg.id, hex: h.digest('hex') });
    }
  }).catch(fail);
};
