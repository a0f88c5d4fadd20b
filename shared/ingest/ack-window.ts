import { WriterMessageSchema, type WriterMessage } from '../contract/ingest-port';
import type { PortEndpoint } from '../contract/port';

/**
 * The producer's side of backpressure: messages that carry data get a sequence number, and at
 * most `capacity` of them may be unacknowledged. `send` waits while the window is full, so a slow
 * writer slows the reader instead of filling memory.
 */
export class AckWindow {
  private nextSeq = 1;
  private readonly pending = new Set<number>();
  private waiters: Array<() => void> = [];
  private failure: Error | undefined;
  private readonly unsubscribe: () => void;
  /** High-water mark of unacknowledged messages, for tests and the benchmark. */
  maxInFlight = 0;

  constructor(
    private readonly port: PortEndpoint,
    private readonly capacity: number,
    private readonly onControl: (msg: Exclude<WriterMessage, { t: 'ack' }>) => void,
    /** Buffers an acknowledgement hands back (a segment's columns, when asked for). */
    private readonly onReturned: (buffers: ArrayBuffer[]) => void = () => undefined,
  ) {
    this.unsubscribe = port.onMessage((data) => {
      const parsed = WriterMessageSchema.safeParse(data);
      if (!parsed.success) return; // Not ours; the port carries nothing else we could act on.
      const msg = parsed.data;
      if (msg.t === 'ack') {
        this.pending.delete(msg.seq);
        if (msg.columns) this.onReturned(msg.columns);
        this.wake();
        return;
      }
      if (msg.t === 'abort') {
        this.failure = new Error(`The case database stopped accepting events: ${msg.reason}`);
        this.wake();
      }
      this.onControl(msg);
    });
  }

  /** Sends a message that needs no acknowledgement (opens, closes, progress). */
  post(message: object): void {
    if (this.failure) throw this.failure;
    this.port.send(message);
  }

  /** Sends a data message with a sequence number, waiting for room in the window first. */
  async sendAcked(build: (seq: number) => object, transfer: ArrayBuffer[]): Promise<void> {
    while (this.pending.size >= this.capacity && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure;
    const seq = this.nextSeq++;
    this.pending.add(seq);
    this.maxInFlight = Math.max(this.maxInFlight, this.pending.size);
    this.port.send(build(seq), transfer);
  }

  /** Resolves once every data message has been acknowledged. */
  async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  dispose(): void {
    this.unsubscribe();
    this.failure ??= new Error('The import was closed.');
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
