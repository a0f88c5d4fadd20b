import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { DigestWorkerReply } from '../../../shared/contract/workers';
import { digestRequestHandler } from '../../../renderer/workers/digest-requests';
import { StreamDigests, wasmHere, type PieceHasher } from '../../../renderer/workers/stream-digests';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
const bytes = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 31 + seed + (i >> 9)) & 0xff);

describe('SHA-256 of interleaved streams in the hashing helper', () => {
  test('streams held for WebCrypto, fed in turns, each get their own digest', async () => {
    const d = new StreamDigests(1 << 20);
    const a = [bytes(1000, 1), bytes(70_000, 2)];
    const b = [bytes(5, 3), bytes(40_000, 4)];
    await d.update(1, a[0]!);
    await d.update(2, b[0]!);
    await d.update(1, a[1]!);
    await d.update(2, b[1]!);
    expect(d.heldBytes).toBe(111_005);
    expect(await d.digest(2)).toBe(sha(...b));
    expect(await d.digest(1)).toBe(sha(...a));
    expect(d.heldBytes).toBe(0);
  });

  test('a stream that outgrows the budget moves to wasm midway, to the same digest, and frees what it held', async () => {
    const d = new StreamDigests(100_000);
    const small = bytes(30_000, 9);
    await d.update(7, small);
    const parts = [bytes(60_000, 5), bytes(60_000, 6), bytes(60_000, 7)];
    for (const p of parts) await d.update(3, p);
    // The second piece would have passed the budget: stream 3 now streams, stream 7 is still held.
    expect(d.heldBytes).toBe(30_000);
    expect(await d.digest(3)).toBe(sha(...parts));
    expect(await d.digest(7)).toBe(sha(small));
    expect(d.heldBytes).toBe(0);
  });

  test('a stream past the budget is handed, held pieces first, to the streaming hasher', async () => {
    const handed: Uint8Array[] = [];
    let forgotten = 0;
    const streaming = (): PieceHasher => {
      const inner = wasmHere();
      return {
        update(pieces) { handed.push(...pieces); inner.update(pieces); },
        digest: () => inner.digest(),
        forget() { forgotten++; inner.forget(); },
      };
    };
    const d = new StreamDigests(100_000, undefined, streaming);
    const parts = [bytes(60_000, 1), bytes(60_000, 2), bytes(60_000, 3)];
    for (const p of parts) await d.update(5, p);
    expect(handed).toEqual(parts);
    expect(d.heldBytes).toBe(0);
    expect(await d.digest(5)).toBe(sha(...parts));
    for (const p of parts) await d.update(6, p);
    d.forget(6);
    expect(forgotten).toBe(1);
  });

  test('the digest worker answers whole pieces, files and streams fed in turns, and forgets an abandoned stream', async () => {
    const replies: DigestWorkerReply[] = [];
    const handle = digestRequestHandler((m) => replies.push(m));
    const a = [bytes(70_000, 1), bytes(10, 2), bytes(300_000, 3)];
    const b = [bytes(5_000, 4), bytes(1, 5)];
    handle({ t: 'stream', id: 1, pieces: [a[0]!] });
    handle({ t: 'stream', id: 2, pieces: [b[0]!] });
    handle({ t: 'stream', id: 1, pieces: [a[1]!, a[2]!] });
    handle({ t: 'stream', id: 3, pieces: [bytes(9, 9)] });
    handle({ t: 'stream-forget', id: 3 });
    handle({ t: 'stream', id: 2, pieces: [b[1]!] });
    handle({ t: 'stream-digest', id: 2 });
    handle({ t: 'stream-digest', id: 1 });
    handle({ t: 'pieces', id: 4, pieces: [bytes(3, 7), bytes(4, 8)] });
    handle({ t: 'blob', id: 5, blob: new Blob([bytes(1000, 6)]) });
    // A stream forgotten, then asked for, is a stream of nothing.
    handle({ t: 'stream-digest', id: 3 });
    await expect.poll(() => replies.length).toBe(5);
    const hex = new Map(replies.map((r) => [r.id, r.t === 'digest' ? r.hex : r.message]));
    expect(hex.get(1)).toBe(sha(...a));
    expect(hex.get(2)).toBe(sha(...b));
    expect(hex.get(3)).toBe(sha());
    expect(hex.get(4)).toBe(sha(bytes(3, 7), bytes(4, 8)));
    expect(hex.get(5)).toBe(sha(bytes(1000, 6)));
  });

  test('a stream with no bytes has the empty digest', async () => {
    expect(await new StreamDigests().digest(42)).toBe(sha());
  });
});
