import type { HelperWorkerReply, HelperWorkerRequest } from '../../shared/contract/workers';
import type { InflatedBytesHooks } from './inflater-channel';
import type { StreamDigests } from './stream-digests';

/**
 * The helper worker's hashing of streams, apart from the worker so that tests can drive it: the
 * pieces the ingest worker sends (`update`, acknowledged with `hashed` so that it can hold back
 * when the helper falls behind) and the output of the helper's inflaters, all fed to one
 * StreamDigests strictly in the order they arrive.
 */
export class HelperStreams {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly streams: StreamDigests,
    private readonly reply: (msg: HelperWorkerReply) => void,
    private readonly fail: (err: unknown) => void,
  ) {}

  /** An `update` or `digest` request of the ingest worker. */
  request(msg: Extract<HelperWorkerRequest, { t: 'update' | 'digest' }>): void {
    this.queue = this.queue.then(async () => {
      if (msg.t === 'update') {
        // Counted before they are handed on: a stream hashed as it comes (past the hold budget)
        // transfers its pieces away, which empties the view. An acknowledgement of 0 bytes then
        // left the ingest worker waiting for the helper forever.
        const bytes = msg.bytes.byteLength;
        await this.streams.update(msg.id, ownBytes(msg.bytes));
        this.reply({ t: 'hashed', id: msg.id, bytes });
      } else {
        // Not awaited: the stream's bytes are all in; other streams' pieces need not wait for it.
        this.streams.digest(msg.id).then((hex) => this.reply({ t: 'digest', id: msg.id, hex }), this.fail);
      }
    }).catch(this.fail);
  }

  /** The hooks with which an inflater's output (stream `id`) is hashed on its way out. */
  inflated(id: number): InflatedBytesHooks {
    return {
      output: (bytes) => { this.queue = this.queue.then(() => this.streams.update(id, ownBytes(bytes))).catch(this.fail); },
      digest: () => this.queue.then(() => this.streams.digest(id)),
      drop: () => { this.queue = this.queue.then(() => this.streams.forget(id)).catch(this.fail); },
    };
  }
}

/** Bytes this thread may keep and transfer on: they arrived transferred, or are its own. */
function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}
