import { HashWorkerRequestSchema, type HashWorkerReply } from '../../shared/contract/workers';
import { digestFile } from './file-digest';
import { workerScope } from './scope';
import { StreamDigests } from './stream-digests';

/**
 * Hashes for the ingest worker, on another thread, so hashing runs beside parsing. Streams are
 * told apart by id; their messages are handled strictly in order (see StreamDigests for how
 * each is hashed). Whole files are read and hashed here, beside everything else.
 */

const streams = new StreamDigests();
let queue: Promise<void> = Promise.resolve();

function reply(msg: HashWorkerReply): void {
  workerScope.postMessage(msg);
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
    if (msg.t === 'update') {
      await streams.update(msg.id, msg.bytes);
      reply({ t: 'hashed', id: msg.id, bytes: msg.bytes.byteLength });
    } else {
      // Not awaited: the stream's bytes are all in; other streams' pieces need not wait for it.
      streams.digest(msg.id).then((hex) => reply({ t: 'digest', id: msg.id, hex }), fail);
    }
  }).catch(fail);
};
