import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { HelperWorkerReply } from '../../../shared/contract/workers';
import { HelperStreams } from '../../../renderer/workers/helper-streams';
import { StreamDigests, wasmHere, type PieceHasherFactory } from '../../../renderer/workers/stream-digests';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
const bytes = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 7 + seed) & 0xff);

/** Streams past the budget go to a hasher that takes their pieces away, as the digest thread's does. */
const transferring: PieceHasherFactory = () => {
  const inner = wasmHere();
  return {
    update(pieces) { inner.update(pieces.map((p) => structuredClone(p, { transfer: [p.buffer] }))); },
    digest: () => inner.digest(),
    forget: () => inner.forget(),
  };
};

describe('the hashing helper acknowledges what the ingest worker sends it', () => {
  test('every piece is acknowledged with its size, also once the stream passes the hold budget', async () => {
    const replies: HelperWorkerReply[] = [];
    const failures: unknown[] = [];
    const helper = new HelperStreams(new StreamDigests(1000, undefined, transferring), (m) => replies.push(m), (e) => failures.push(e));
    const parts = [bytes(600, 1), bytes(600, 2), bytes(600, 3), bytes(5, 4)];
    for (const p of parts) helper.request({ t: 'update', id: 1, bytes: p.slice() });
    helper.request({ t: 'digest', id: 1 });
    await expect.poll(() => replies.length).toBe(parts.length + 1);
    expect(failures).toEqual([]);
    // The ingest worker subtracts these from what it counts as waiting: a 0 here, for a piece
    // taken away, once left it waiting forever (and the import with it).
    expect(replies.filter((r) => r.t === 'hashed').map((r) => (r.t === 'hashed' ? r.bytes : -1))).toEqual([600, 600, 600, 5]);
    expect(replies.find((r) => r.t === 'digest')).toEqual({ t: 'digest', id: 1, hex: sha(...parts) });
  });

  test('inflated output and sent pieces of different streams are hashed apart, in order', async () => {
    const replies: HelperWorkerReply[] = [];
    const helper = new HelperStreams(new StreamDigests(1 << 20), (m) => replies.push(m), (e) => { throw e; });
    const inflated = helper.inflated(2);
    const out = [bytes(100, 5), bytes(3000, 6)];
    inflated.output(out[0]!);
    helper.request({ t: 'update', id: 3, bytes: bytes(10, 7) });
    inflated.output(out[1]!);
    helper.request({ t: 'digest', id: 3 });
    expect(await inflated.digest()).toBe(sha(bytes(100, 5), bytes(3000, 6)));
    await expect.poll(() => replies.some((r) => r.t === 'digest')).toBe(true);
    expect(replies).toContainEqual({ t: 'digest', id: 3, hex: sha(bytes(10, 7)) });
    expect(replies).toContainEqual({ t: 'hashed', id: 3, bytes: 10 });
  });
});
