import { HelperWorkerRequestSchema, type HelperWorkerReply } from '../../shared/contract/workers';
import { startDigestThread } from './digest-thread';
import { serveInflater } from './inflater-channel';
import { workerScope } from './scope';
import { HOLD_BUDGET_BYTES, StreamDigests } from './stream-digests';

/**
 * Hashes and inflates for the ingest worker, on another thread, so both run beside parsing.
 * Streams are told apart by id; their messages are handled strictly in order (see StreamDigests
 * for how each is hashed). Gzip is inflated here, each stream over a port of its own (see
 * inflater-channel.ts), and its output hashed on the way back. Whole streams and whole picked
 * files are hashed on a worker of this one's own (digest-thread.ts), so that inflating never
 * waits for a digest.
 */

const digests = startDigestThread();
const streams = new StreamDigests(HOLD_BUDGET_BYTES, digests.pieces, digests.streaming);
let queue: Promise<void> = Promise.resolve();

function reply(msg: HelperWorkerReply, transfer: Transferable[] = []): void {
  workerScope.postMessage(msg, transfer);
}

const fail = (err: unknown) => reply({ t: 'error', message: err instanceof Error ? err.message : String(err) });

workerScope.onmessage = (e: MessageEvent) => {
  const parsed = HelperWorkerRequestSchema.safeParse(e.data);
  if (!parsed.success) {
    reply({ t: 'error', message: `Bad request to the hashing worker: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    return;
  }
  const msg = parsed.data;
  if (msg.t === 'digest-blob') {
    // Not queued: a file takes a while, and streams' pieces must not wait behind it.
    digests.file(msg.blob).then((hex) => reply({ t: 'digest', id: msg.id, hex }), fail);
    return;
  }
  if (msg.t === 'inflater') {
    const port = e.ports[0];
    if (!port) { reply({ t: 'error', message: 'An inflater was asked for without its port.' }); return; }
    const { id } = msg;
    // The inflated bytes are hashed here on their way out, in order with everything else.
    serveInflater(port, {
      output: (bytes) => { queue = queue.then(() => streams.update(id, ownBytes(bytes))).catch(fail); },
      digest: () => queue.then(() => streams.digest(id)),
      drop: () => { queue = queue.then(() => streams.forget(id)).catch(fail); },
    });
    return;
  }
  queue = queue.then(async () => {
    if (msg.t === 'update') {
      await streams.update(msg.id, ownBytes(msg.bytes));
      reply({ t: 'hashed', id: msg.id, bytes: msg.bytes.byteLength });
    } else {
      // Not awaited: the stream's bytes are all in; other streams' pieces need not wait for it.
      streams.digest(msg.id).then((hex) => reply({ t: 'digest', id: msg.id, hex }), fail);
    }
  }).catch(fail);
};

/** Bytes this thread may keep and transfer on: they arrived transferred, or are its own. */
function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}
