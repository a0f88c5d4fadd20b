import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * Streams are held, up to this much of them at a time across all streams, and hashed whole by
 * WebCrypto when they end: it uses the CPU's SHA instructions and is several times faster than
 * wasm (an archive's log entries are most of the bytes an import hashes). A stream that would
 * take the held total past this moves to wasm at that point, so memory stays bounded whatever
 * the archive holds.
 */
export const HOLD_BUDGET_BYTES = 192 << 20;

interface Held { held: Uint8Array[]; bytes: number }
interface Streaming { wasm: Promise<IHasher> }

/** The SHA-256 of many interleaved streams, told apart by id, each fed in order. */
export class StreamDigests {
  private readonly streams = new Map<number, Held | Streaming>();
  private heldTotal = 0;

  constructor(private readonly budget = HOLD_BUDGET_BYTES) {}

  /** Takes ownership of `bytes` (they were transferred here). */
  async update(id: number, bytes: Uint8Array): Promise<void> {
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
    const whole = joinPieces(s.held, s.bytes);
    s.held = [];
    return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', whole)));
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

function joinPieces(pieces: Uint8Array[], bytes: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function hex(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
