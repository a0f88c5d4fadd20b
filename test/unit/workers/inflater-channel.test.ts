import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { INFLATE_SLICE_BYTES, INPUT_IN_FLIGHT_BYTES, OUTPUT_CREDIT, PIECE_BYTES, portInflater, serveInflater, type InflatedBytesHooks, type PiecePool } from '../../../renderer/workers/inflater-channel';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Text that compresses well but not absurdly: lines with a counter in them. */
const text = (lines: number) => new TextEncoder().encode(Array.from({ length: lines }, (_, i) => `10.0.0.${i % 250} GET /item/${i * 7919} 200 ${i}\n`).join(''));

/** The helper's hooks, hashing what it is shown the way StreamDigests would, and noting drops. */
function hashingHooks(): InflatedBytesHooks & { seen: Uint8Array[]; dropped: boolean } {
  const hooks = {
    seen: [] as Uint8Array[],
    dropped: false,
    output(bytes: Uint8Array) { hooks.seen.push(bytes); },
    digest: async () => sha(Buffer.concat(hooks.seen)),
    drop() { hooks.dropped = true; hooks.seen = []; },
  };
  return hooks;
}

/** Both ends over a real MessageChannel, as the ingest worker and its helper hold them. */
function channel() {
  const { port1, port2 } = new MessageChannel();
  const hooks = hashingHooks();
  serveInflater(port2, hooks);
  return { inflater: portInflater(port1), hooks };
}

async function readAll(stream: ReadableStream<Uint8Array>, onPiece?: (n: number) => void): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) {
    parts.push(piece);
    onPiece?.(piece.byteLength);
  }
  return Buffer.concat(parts);
}

function bytesStream(bytes: Uint8Array, chunk = 64 << 10): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) { c.close(); return; }
      c.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

describe('the helper inflater over its own port', () => {
  test('inflates a gzip stream whole, the first piece small and the rest in full pieces, with the digest of what came out', async () => {
    const plain = text(120_000);
    const { inflater, hooks } = channel();
    const sizes: number[] = [];
    const out = await readAll(bytesStream(gzipSync(plain)).pipeThrough(inflater), (n) => sizes.push(n));
    expect(Buffer.from(out).equals(Buffer.from(plain))).toBe(true);
    expect(sizes[0]).toBe(64 << 10);
    expect(sizes.slice(1, -1).every((n) => n === PIECE_BYTES)).toBe(true);
    expect(await inflater.outputSha256).toBe(sha(plain));
    expect(hooks.dropped).toBe(false);
  });

  test('compressed bytes sent in messages of many slices, with a remainder, come out whole, and each message is acknowledged in full', async () => {
    // Random bytes do not compress, so the compressed stream is larger than the asker may have
    // in flight: it would wait forever if a message were acknowledged short.
    const plain = new Uint8Array(randomBytes(2 * INPUT_IN_FLIGHT_BYTES));
    const message = 48 * INFLATE_SLICE_BYTES + 12_345;
    const { inflater } = channel();
    const out = await readAll(bytesStream(gzipSync(plain, { level: 1 }), message).pipeThrough(inflater));
    expect(Buffer.from(out).equals(Buffer.from(plain))).toBe(true);
    expect(await inflater.outputSha256).toBe(sha(plain));
  });

  test('the helper inflates at most its credit of pieces ahead of a reader that stops reading', async () => {
    const plain = text(200_000);
    const { inflater, hooks } = channel();
    const reader = bytesStream(gzipSync(plain)).pipeThrough(inflater).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    const inflatedSoFar = hooks.seen.reduce((n, b) => n + b.byteLength, 0);
    // Taken, plus the credit in flight, plus the piece being filled (and one inflater chunk).
    expect(plain.byteLength).toBeGreaterThan(8 * PIECE_BYTES);
    expect(inflatedSoFar).toBeLessThanOrEqual(first.value!.byteLength + (OUTPUT_CREDIT + 1) * PIECE_BYTES + (256 << 10));
    let rest = 0;
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      rest += r.value.byteLength;
    }
    expect(first.value!.byteLength + rest).toBe(plain.byteLength);
    expect(await inflater.outputSha256).toBe(sha(plain));
  });

  test('a truncated stream fails with the inflater\'s own message, and the helper forgets what it held', async () => {
    const gz = gzipSync(text(50_000));
    const { inflater, hooks } = channel();
    const failure = await readAll(bytesStream(gz.subarray(0, gz.length - 4000)).pipeThrough(inflater)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure as Error).message)).toMatch(/unexpected end|truncat|premature/i);
    await expect(inflater.outputSha256).rejects.toBeInstanceOf(Error);
    await new Promise((r) => setTimeout(r, 50));
    expect(hooks.dropped).toBe(true);
  });

  test('pieces the reader hands back are filled again, and what comes out is still the stream', async () => {
    const plain = text(300_000);
    const { port1, port2 } = new MessageChannel();
    const spare: ArrayBuffer[] = [];
    let given = 0;
    let reused = 0;
    const pool: PiecePool = {
      take: () => { const b = spare.pop(); if (b) reused++; return b && new Uint8Array(b); },
      give: (buffer) => { given++; spare.push(buffer); },
    };
    const hooks = hashingHooks();
    serveInflater(port2, hooks, pool);
    const inflater = portInflater(port1);
    const parts: Buffer[] = [];
    let foreign = true;
    for await (const piece of bytesStream(gzipSync(plain)).pipeThrough(inflater) as unknown as AsyncIterable<Uint8Array>) {
      // The reader copies what it keeps, then lets the piece go: it is gone from here.
      parts.push(Buffer.from(piece));
      expect(inflater.release(piece)).toBe(true);
      expect(piece.byteLength).toBe(0);
      // A buffer the inflater never sent is not its to take.
      foreign = inflater.release(new Uint8Array(8));
    }
    expect(foreign).toBe(false);
    expect(Buffer.concat(parts).equals(Buffer.from(plain))).toBe(true);
    expect(await inflater.outputSha256).toBe(sha(plain));
    expect(plain.byteLength).toBeGreaterThan(12 * PIECE_BYTES);
    expect(given).toBeGreaterThan(8);
    expect(reused).toBeGreaterThan(5);
  });

  test('a chunk given to the hashing hook is the hook\'s: taking it away at once loses nothing of the output', async () => {
    const plain = text(300_000);
    const { port1, port2 } = new MessageChannel();
    const kept: Uint8Array[] = [];
    // As the digest worker's streaming does: each chunk is transferred away as soon as it is given.
    serveInflater(port2, {
      output(bytes) {
        kept.push(structuredClone(bytes, { transfer: [bytes.buffer as ArrayBuffer] }));
      },
      digest: async () => sha(Buffer.concat(kept)),
      drop() { kept.length = 0; },
    });
    const inflater = portInflater(port1);
    const out = await readAll(bytesStream(gzipSync(plain)).pipeThrough(inflater));
    expect(plain.byteLength).toBeGreaterThan(12 * PIECE_BYTES);
    expect(out.byteLength).toBe(plain.byteLength);
    expect(Buffer.from(out).equals(Buffer.from(plain))).toBe(true);
    expect(await inflater.outputSha256).toBe(sha(plain));
  });

  test('cancelling the output tells the helper to stop and forget the stream', async () => {
    const { inflater, hooks } = channel();
    const reader = bytesStream(gzipSync(text(200_000))).pipeThrough(inflater).getReader();
    await reader.read();
    await reader.cancel('the user cancelled this source');
    await expect(inflater.outputSha256).rejects.toThrow(/cancelled before its end/);
    await new Promise((r) => setTimeout(r, 50));
    expect(hooks.dropped).toBe(true);
  });
});
