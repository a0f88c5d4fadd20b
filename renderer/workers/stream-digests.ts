import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * Streams are held, up to this much of them at a time across all streams, and hashed whole by
 * WebCrypto when they end: it uses the CPU's SHA instructions and is several times faster than
 * wasm (an archive's log entries are most of the bytes an import hashes). A stream that would
 * take the held total past this moves to wasm at that point, so memory stays bounded whatever
 * the archive holds.
 */
export const HOLD_BUDGET_BYTES = 192 << 20;

interface Held { held: Uint8Array<ArrayBuffer>[]; bytes: number }
interface Streaming { wasm: Promise<IHasher> }

/** The SHA-256 of many interleaved streams, told apart by id, each fed in order. */
export class StreamDigests {
  private readonly streams = new Map<number, Held | Streaming>();
  private heldTotal = 0;

  /** `whole` hashes a held stream's pieces (on another thread, in the helper). */
  constructor(
    private readonly budget = HOLD_BUDGET_BYTES,
    private readonly whole: (pieces: Uint8Array<ArrayBuffer>[]) => Promise<string> = digestPiecesHere,
  ) {}

  /** Takes ownership of `bytes` (they were transferred here, or are this thread's alone). */
  async update(id: number, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    let s = this.streams.get(id);
    if (!s) {
      s = { held: [], bytes: 0 };
      this.streams.set(id, s);
    }
    if ('held' in s && this.heldTotal + bytes.byteLength <= this.budget && hasWebCrypto()) {
      s.held.push(bytes);
      s.bytes += bytes.byteLength;
      this.heldTotal += bytes.byteLength;
      return;
    }
    if ('held' in s) s = this.toWasm(id, s);
    (await s.wasm).update(bytes);
  }

  /** The stream's digest (hex); the stream is forgotten. */
  async digest(id: number): Promise<string> {
    const s = this.streams.get(id) ?? { held: [], bytes: 0 };
    this.streams.delete(id);
    if ('wasm' in s) return (await s.wasm).digest('hex');
    this.heldTotal -= s.bytes;
    const pieces = s.held;
    s.held = [];
    return this.whole(pieces);
  }

  /** The stream was abandoned: its held bytes are let go, and its digest is never asked. */
  forget(id: number): void {
    const s = this.streams.get(id);
    this.streams.delete(id);
    if (s && 'held' in s) this.heldTotal -= s.bytes;
  }

  /** Bytes held for WebCrypto right now (for tests and diagnostics). */
  get heldBytes(): number {
    return this.heldTotal;
  }

  private toWasm(id: number, s: Held): Streaming {
    const pieces = s.held;
    this.heldTotal -= s.bytes;
    const wasm = createSHA256().then((h) => {
      h.init();
      for (const p of pieces) h.update(p);
      return h;
    });
    const next: Streaming = { wasm };
    this.streams.set(id, next);
    return next;
  }
}

function hasWebCrypto(): boolean {
  return typeof globalThis.crypto?.subtle?.digest === 'function';
}

/**
 * Where held pieces are joined for WebCrypto, kept from one stream to the next: a fresh buffer
 * per stream cost the kernel a page fault for every 4 KiB of it. WebCrypto copies its input
 * before `digest` returns, so the next stream may reuse it at once. It grows to the largest
 * stream held, which the hold budget bounds.
 */
let joined = new Uint8Array(0);

/** The SHA-256 of pieces in order, by WebCrypto on this thread (which it holds meanwhile). */
export async function digestPiecesHere(pieces: Uint8Array[]): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', joinPieces(pieces))));
}

function joinPieces(pieces: Uint8Array[]): Uint8Array<ArrayBuffer> {
  if (pieces.length === 1 && pieces[0]!.buffer instanceof ArrayBuffer) return pieces[0] as Uint8Array<ArrayBuffer>;
  const total = pieces.reduce((n, p) => n + p.byteLength, 0);
  if (total > joined.length) joined = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return joined.subarray(0, total);
}

function hex(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
