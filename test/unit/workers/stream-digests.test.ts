import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { StreamDigests } from '../../../renderer/workers/stream-digests';

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

  test('a stream with no bytes has the empty digest', async () => {
    expect(await new StreamDigests().digest(42)).toBe(sha());
  });
});
