import { HelperWorkerRequestSchema, type HelperWorkerReply } from '../../shared/contract/workers';
import { startDigestThread } from './digest-thread';
import { serveInflater } from './inflater-channel';
import { workerScope } from './scope';
import { HelperStreams } from './helper-streams';
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

function reply(msg: HelperWorkerReply, transfer: Transferable[] = []): void {
  workerScope.postMessage(msg, transfer);
}

const fail = (err: unknown) => reply({ t: 'error', message: err instanceof Error ? err.message : String(err) });
const streams = new HelperStreams(new StreamDigests(HOLD_BUDGET_BYTES, digests.pieces, digests.streaming), reply, fail);

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
    // The inflated bytes are hashed here on their way out, in order with everything else.
    serveInflater(port, streams.inflated(msg.id));
    return;
  }
  streams.request(msg);
};
