import { HelperWorkerRequestSchema, type HelperWorkerReply } from '../../shared/contract/workers';
import { digestFile } from './file-digest';
import { workerScope } from './scope';
import { StreamDigests } from './stream-digests';

/**
 * Hashes and inflates for the ingest worker, on another thread, so both run beside parsing.
 * Streams are told apart by id; their messages are handled strictly in order (see StreamDigests
 * for how each is hashed). Whole files are read and hashed here, beside everything else. A gzip
 * inflater is a DecompressionStream created here with its two ends transferred to the asker:
 * the bytes flow through this thread, and so does the inflating.
 */

const streams = new StreamDigests();
const COALESCE_BYTES = 512 << 10;
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
    digestFile(msg.blob).then((hex) => reply({ t: 'digest', id: msg.id, hex }), fail);
    return;
  }
  if (msg.t === 'inflater') {
    const inflate = new DecompressionStream('gzip');
    // The inflater's output comes in small pieces; each piece crossing threads costs the asker
    // more than it saves, so they cross in bigger ones. They are hashed here on the way (the
    // stream's id names the digest), which saves the asker sending them back to be hashed.
    const readable = inflate.readable.pipeThrough(coalesce(COALESCE_BYTES, {
      piece: (bytes) => { queue = queue.then(() => streams.update(msg.id, bytes)).catch(fail); },
      end: () => {
        queue = queue.then(() => {
          streams.digest(msg.id).then((hex) => reply({ t: 'digest', id: msg.id, hex }), fail);
        });
      },
    }));
    reply({ t: 'inflater', id: msg.id, readable, writable: inflate.writable }, [readable, inflate.writable]);
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

/**
 * Joins byte chunks into chunks of `size` bytes (the last one shorter), and shows each joined
 * chunk and the end to `seen` (the chunks are not written to again: a transferred stream sends
 * copies).
 */
function coalesce(size: number, seen: { piece: (bytes: Uint8Array) => void; end: () => void }): TransformStream<Uint8Array, Uint8Array> {
  let buf = new Uint8Array(size);
  let filled = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      for (let at = 0; at < chunk.byteLength;) {
        const n = Math.min(chunk.byteLength - at, size - filled);
        buf.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === size) {
          seen.piece(buf);
          controller.enqueue(buf);
          buf = new Uint8Array(size);
          filled = 0;
        }
      }
    },
    flush(controller) {
      if (filled > 0) {
        const last = buf.subarray(0, filled);
        seen.piece(last);
        controller.enqueue(last);
      }
      seen.end();
    },
  });
}
