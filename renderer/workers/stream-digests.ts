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
interface Streaming { hasher: PieceHasher }

/** One stream hashed piece by piece, somewhere (wasm): pieces are handed over, in order. */
export interface PieceHasher {
  /** Takes ownership of the pieces (they may be transferred away). */
  update(pieces: readonly Uint8Array<ArrayBuffer>[]): void;
  digest(): Promise<string>;
  /** The stream was abandoned. */
  forget(): void;
}
export type PieceHasherFactory = () => PieceHasher;

/** A PieceHasher on this thread, with hash-wasm. */
export const wasmHere: PieceHasherFactory = () => {
  let hasher: Promise<IHasher> = createSHA256().then((h) => { h.init(); return h; });
  return {
    update(pieces) {
      hasher = hasher.then((h) => { for (const p of pieces) h.update(p); return h; });
    },
    digest: async () => (await hasher).digest('hex'),
    forget() { hasher.catch(() => undefined); },
  };
};

/** The SHA-256 of many interleaved streams, told apart by id, each fed in order. */
export class StreamDigests {
  private readonly streams = new Map<number, Held | Streaming>();
  private heldTotal = 0;

  /**
   * `whole` hashes a held stream's pieces, `streaming` a stream past the budget (both on another
   * thread, in the helper: hashing 192 MiB of held pieces with wasm here held the helper for two
   * seconds, and the parser waited for the inflater meanwhile).
   */
  constructor(
    private readonly budget = HOLD_BUDGET_BYTES,
    private readonly whole: (pieces: Uint8Array<ArrayBuffer>[]) => Promise<string> = digestPiecesHere,
    private readonly streaming: PieceHasherFactory = wasmHere,
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
    if ('held' in s) s = this.toStreaming(id, s);
    s.hasher.update([bytes]);
  }

  /** The stream's digest (hex); the stream is forgotten. */
  async digest(id: number): Promise<string> {
    const s = this.streams.get(id) ?? { held: [], bytes: 0 };
    this.streams.delete(id);
    if ('hasher' in s) return s.hasher.digest();
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
    if (s && 'hasher' in s) s.hasher.forget();
  }

  /** Bytes held for WebCrypto right now (for tests and diagnostics). */
  get heldBytes(): number {
    return this.heldTotal;
  }

  private toStreaming(id: number, s: Held): Streaming {
    this.heldTotal -= s.bytes;
    const next: Streaming = { hasher: this.streaming() };
    next.hasher.update(s.held);
    s.held = [];
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
 * stream held, which the hold budget bounds, with room to spare: logs rotated from one
 * service differ by a few bytes, and a buffer grown by exactly that much was a new one,
 * faulted in afresh (about 60 ms for 75 MB). Room never written costs no memory.
 */
let joined = new Uint8Array(0);
/** Growth beyond the stream that needs it, as a share of its size. */
const JOINED_SLACK = 0.25;

/** The SHA-256 of pieces in order, by WebCrypto on this thread (which it holds meanwhile). */
export async function digestPiecesHere(pieces: Uint8Array[]): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', joinPieces(pieces))));
}

function joinPieces(pieces: Uint8Array[]): Uint8Array<ArrayBuffer> {
  if (pieces.length === 1 && pieces[0]!.buffer instanceof ArrayBuffer) return pieces[0] as Uint8Array<ArrayBuffer>;
  const total = pieces.reduce((n, p) => n + p.byteLength, 0);
  if (total > joined.length) joined = new Uint8Array(Math.min(Math.ceil(total * (1 + JOINED_SLACK)), Math.max(total, HOLD_BUDGET_BYTES)));
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
