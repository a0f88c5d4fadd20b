import {
  InflaterInputSchema, InflaterOutputSchema, type InflaterInput, type InflaterOutput,
} from '../../shared/contract/workers';
import type { Inflater } from '../../shared/ingest/containers/gzip';

/**
 * A gzip inflater on the helper thread, spoken to over a MessagePort of its own (the messages
 * are InflaterInput and InflaterOutput). Both directions transfer their byte buffers; a
 * transferred stream would have cloned every chunk instead, two copies of every inflated byte.
 *
 * Flow control both ways: the asker keeps at most `INPUT_IN_FLIGHT_BYTES` of compressed bytes
 * not yet taken by the inflater, and the helper sends at most `OUTPUT_CREDIT` pieces the asker
 * has not yet taken, so neither side can run ahead and fill memory.
 */

/** Inflated bytes cross in pieces this large: each message costs the receiver, so few of them. */
export const PIECE_BYTES = 512 << 10;
/** The first piece is smaller: the asker is waiting for it to tell what the stream holds. */
export const FIRST_PIECE_BYTES = 64 << 10;
/** Pieces the helper may send ahead of what the asker has taken. */
export const OUTPUT_CREDIT = 4;
/** Compressed bytes handed to the inflater at a time. */
export const INFLATE_SLICE_BYTES = 64 << 10;
/** Compressed bytes the asker may send ahead of what the inflater has taken. */
export const INPUT_IN_FLIGHT_BYTES = 4 << 20;

/**
 * Buffers of full pieces the asker has read and handed back, to fill again: a fresh 512 KiB
 * buffer per piece cost the helper a page fault per 4 KiB of every inflated byte.
 */
export interface PiecePool {
  take(): Uint8Array<ArrayBuffer> | undefined;
  /** A buffer of PIECE_BYTES, no longer used by anyone. */
  give(buffer: ArrayBuffer): void;
}

/** Spare piece buffers kept by the helper, shared by its inflaters. */
const SPARE_PIECES = 16;

function sparePieces(): PiecePool {
  const spare: ArrayBuffer[] = [];
  return {
    take: () => { const b = spare.pop(); return b && new Uint8Array(b); },
    give: (buffer) => { if (spare.length < SPARE_PIECES) spare.push(buffer); },
  };
}

const helperPieces = sparePieces();

/** What the helper does with the inflated bytes besides sending them: hashing them. */
export interface InflatedBytesHooks {
  /** Each chunk of output once, in order, when the inflater is done with it: the hook's to keep (or transfer). */
  output(bytes: Uint8Array): void;
  /** The SHA-256 of everything `output` was given. */
  digest(): Promise<string>;
  /** The stream was abandoned: forget what `output` was given. */
  drop(): void;
}

/** The helper's end: inflates what arrives on `port` and sends the output back. */
export function serveInflater(port: MessagePort, hooks: InflatedBytesHooks, pieces: PiecePool = helperPieces): void {
  const inflate = new DecompressionStream('gzip');
  const writer = inflate.writable.getWriter();
  const reader = inflate.readable.getReader();
  let credit = OUTPUT_CREDIT;
  let wake: (() => void) | undefined;
  let stopped = false;
  let ended!: () => void;
  const outputEnded = new Promise<void>((resolve) => { ended = resolve; });

  const send = (msg: InflaterOutput, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
  const stop = (error?: unknown) => {
    if (stopped) return;
    stopped = true;
    if (error !== undefined) send({ t: 'error', message: (error instanceof Error ? error.message : String(error)).slice(0, 8192) });
    writer.abort().catch(() => undefined);
    reader.cancel().catch(() => undefined);
    hooks.drop();
    wake?.();
  };

  // The inflater's failure reaches both of its ends; the reading end tells it in the inflater's
  // own words ("Compressed input was truncated."), the writing end wrapped in the call that
  // failed. The reading end is given the first turn to say it.
  const writeFailed = (error: unknown) => { setTimeout(() => stop(error), 0); };

  port.onmessage = (e: MessageEvent) => {
    const parsed = InflaterInputSchema.safeParse(e.data);
    if (!parsed.success) { stop(new Error('The inflater was sent something other than its messages.')); return; }
    const msg: InflaterInput = parsed.data;
    switch (msg.t) {
      case 'in': {
        const bytes = msg.bytes.byteLength;
        // Written in slices: the inflater inflates each write whole before any of its output can
        // be sent, and a MiB of compressed log is some 10 MB of text, more than the asker's
        // credit lasts it.
        let last = writer.write(msg.bytes.subarray(0, Math.min(bytes, INFLATE_SLICE_BYTES)));
        for (let at = INFLATE_SLICE_BYTES; at < bytes; at += INFLATE_SLICE_BYTES) {
          // An earlier write fails only along with the last one, which reports it.
          last.catch(() => undefined);
          last = writer.write(msg.bytes.subarray(at, Math.min(bytes, at + INFLATE_SLICE_BYTES)));
        }
        last.then(() => { if (!stopped) send({ t: 'took', bytes }); }, writeFailed);
        return;
      }
      case 'end':
        writer.close().catch(writeFailed);
        return;
      case 'more':
        credit++;
        wake?.();
        return;
      case 'back':
        // Only buffers of full pieces are filled again (the first piece is smaller).
        if (msg.bytes.buffer.byteLength === PIECE_BYTES) pieces.give(msg.bytes.buffer as ArrayBuffer);
        return;
      case 'digest':
        // The digest is the stream's last word: the port is let go after it.
        outputEnded.then(() => hooks.digest()).then((hex) => { if (!stopped) { send({ t: 'digest', hex }); port.close(); } }, stop);
        return;
      case 'cancel':
        stop();
        port.close();
        return;
    }
  };

  const ship = async (bytes: Uint8Array<ArrayBuffer>) => {
    while (credit === 0 && !stopped) await new Promise<void>((resolve) => { wake = resolve; });
    if (stopped) return;
    credit--;
    send({ t: 'out', bytes }, [bytes.buffer]);
  };

  void (async () => {
    // The inflater's own chunks are small; they are gathered into pieces, which are sent away
    // (transferred), so each piece is a fresh buffer.
    let size = FIRST_PIECE_BYTES;
    let piece = new Uint8Array(size);
    let filled = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (let at = 0; at < value.byteLength;) {
          const n = Math.min(value.byteLength - at, size - filled);
          piece.set(value.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === size) {
            await ship(piece);
            size = PIECE_BYTES;
            piece = pieces.take() ?? new Uint8Array(size);
            filled = 0;
          }
        }
        if (stopped) return;
        // Only now is the chunk the hook's: it may send it away (a stream hashed on the digest
        // worker transfers it), and the copying above waits for credit between pieces.
        hooks.output(value);
      }
      if (filled > 0) await ship(piece.subarray(0, filled));
      if (stopped) return;
      ended();
      send({ t: 'done' });
    } catch (e) {
      stop(e);
    }
  })();
}

/**
 * The asker's end, as the readable and writable pair `gunzip` expects. `release` hands back a
 * piece it sent once its reader is done with it (true when the piece was this inflater's).
 */
export function portInflater(port: MessagePort): Inflater & { fail(e: Error): void; release(chunk: Uint8Array): boolean } {
  const pieces: Uint8Array[] = [];
  const lent = new WeakSet<ArrayBuffer>();
  let closed = false;
  let ended = false;
  let failure: Error | undefined;
  let inFlight = 0;
  let wakeReader: (() => void) | undefined;
  let wakeWriter: (() => void) | undefined;
  let settle!: { resolve: (hex: string) => void; reject: (e: Error) => void };
  const outputSha256 = new Promise<string>((resolve, reject) => { settle = { resolve, reject }; });
  outputSha256.catch(() => undefined);

  const post = (msg: InflaterInput, transfer: Transferable[] = []) => { if (!failure && !closed) port.postMessage(msg, transfer); };
  const close = () => { closed = true; port.close(); };
  const fail = (e: Error) => {
    if (failure) return;
    failure = e;
    settle.reject(e);
    wakeReader?.();
    wakeWriter?.();
  };
  const quit = (why: string) => {
    post({ t: 'cancel' });
    fail(new Error(why));
    close();
  };

  port.onmessage = (e: MessageEvent) => {
    const parsed = InflaterOutputSchema.safeParse(e.data);
    if (!parsed.success) { quit('The helper\'s inflater sent something other than its messages.'); return; }
    const msg: InflaterOutput = parsed.data;
    switch (msg.t) {
      case 'took':
        inFlight -= msg.bytes;
        wakeWriter?.();
        return;
      case 'out':
        lent.add(msg.bytes.buffer as ArrayBuffer);
        pieces.push(msg.bytes);
        wakeReader?.();
        return;
      case 'done':
        ended = true;
        wakeReader?.();
        // Asked only now: hashing the whole output takes the helper a moment, and the last
        // piece must not wait behind it.
        post({ t: 'digest' });
        return;
      case 'digest':
        settle.resolve(msg.hex);
        close();
        return;
      case 'error':
        // The native inflater's errors are TypeErrors; gunzip tells them apart by message.
        fail(new TypeError(msg.message));
        close();
        return;
    }
  };

  const readable = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pieces.length === 0 && !ended && !failure) await new Promise<void>((resolve) => { wakeReader = resolve; });
      const piece = pieces.shift();
      if (piece) {
        controller.enqueue(piece);
        post({ t: 'more' });
      } else if (failure) {
        controller.error(failure);
      } else {
        controller.close();
      }
    },
    cancel() { quit('The inflated stream was cancelled before its end.'); },
  }, { highWaterMark: 0 });

  const writable = new WritableStream<Uint8Array>({
    async write(chunk) {
      if (failure) throw failure;
      // A copy to transfer: the writer's chunk may be a view of a buffer someone else still uses
      // (and a Node Buffer's slice is such a view, not a copy).
      const bytes = new Uint8Array(chunk);
      inFlight += bytes.byteLength;
      post({ t: 'in', bytes }, [bytes.buffer]);
      while (inFlight > INPUT_IN_FLIGHT_BYTES && !failure) await new Promise<void>((resolve) => { wakeWriter = resolve; });
      if (failure) throw failure;
    },
    close() { post({ t: 'end' }); },
    abort() { quit('The compressed stream was abandoned before its end.'); },
  });

  const release = (chunk: Uint8Array) => {
    const buffer = chunk.buffer as ArrayBuffer;
    if (!lent.has(buffer)) return false;
    lent.delete(buffer);
    // The whole buffer goes back (a last piece is a shorter view of one); after the stream's
    // last word there is nobody to take it.
    post({ t: 'back', bytes: new Uint8Array(buffer) }, [buffer]);
    return true;
  };

  return { readable, writable, outputSha256, fail, release };
}
