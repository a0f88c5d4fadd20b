import type { RollupMinute } from '../query/types';

/** Per-peer totals of one minute, ascending by address id. */
export interface PeerTotals { ids: Uint32Array; count: Uint32Array; out: Float64Array; in: Float64Array }

/** Two peer lists, each ascending by id, as one ascending list; a peer in both is summed. */
export function mergePeers(a: PeerTotals, b: PeerTotals): PeerTotals {
  const cap = a.ids.length + b.ids.length;
  const ids = new Uint32Array(cap);
  const count = new Uint32Array(cap);
  const out = new Float64Array(cap);
  const inn = new Float64Array(cap);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const x = i < a.ids.length ? a.ids[i]! : Infinity;
    const y = j < b.ids.length ? b.ids[j]! : Infinity;
    const id = Math.min(x, y);
    ids[n] = id;
    if (x === id) { count[n] = a.count[i]!; out[n] = a.out[i]!; inn[n] = a.in[i]!; i++; }
    if (y === id) { count[n]! += b.count[j]!; out[n]! += b.out[j]!; inn[n]! += b.in[j]!; j++; }
    n++;
  }
  return n === cap
    ? { ids, count, out, in: inn }
    : { ids: ids.slice(0, n), count: count.slice(0, n), out: out.slice(0, n), in: inn.slice(0, n) };
}

/**
 * One source's minutes in one record: flat arrays, minute m's peers at
 * `peerStart[m]..peerStart[m + 1]`. A case reads back as a handful of records however many
 * minutes it spans (a record per minute and source cost about 50 µs each to read back: a second
 * for a 5M-event case), and completing a source writes exactly one.
 */
export interface PackedMinutes {
  /** The source, or 0 for minutes re-derived for the whole case. */
  sourceId: number;
  /** Ascending, unique. */
  minutes: Float64Array;
  /** minutes × kinds, row-major by minute. */
  kindCounts: Uint32Array;
  bytesOut: Float64Array;
  bytesIn: Float64Array;
  peerStart: Uint32Array;
  peerIds: Uint32Array;
  peerCount: Uint32Array;
  peerOut: Float64Array;
  peerIn: Float64Array;
}

/** Packs minutes (ascending, each with its peers ascending by id) into one record. */
export function packMinutes(sourceId: number, rows: readonly RollupMinute[], kinds: number): PackedMinutes {
  const n = rows.length;
  let peers = 0;
  for (const r of rows) peers += r.peerIds.length;
  const p: PackedMinutes = {
    sourceId,
    minutes: new Float64Array(n), kindCounts: new Uint32Array(n * kinds),
    bytesOut: new Float64Array(n), bytesIn: new Float64Array(n), peerStart: new Uint32Array(n + 1),
    peerIds: new Uint32Array(peers), peerCount: new Uint32Array(peers),
    peerOut: new Float64Array(peers), peerIn: new Float64Array(peers),
  };
  let at = 0;
  rows.forEach((r, m) => {
    p.minutes[m] = r.minute;
    p.kindCounts.set(r.kindCounts.subarray(0, kinds), m * kinds);
    p.bytesOut[m] = r.bytesOut;
    p.bytesIn[m] = r.bytesIn;
    p.peerStart[m] = at;
    p.peerIds.set(r.peerIds, at);
    p.peerCount.set(r.peerCount, at);
    p.peerOut.set(r.peerOut, at);
    p.peerIn.set(r.peerIn, at);
    at += r.peerIds.length;
  });
  p.peerStart[n] = at;
  return p;
}

/** The minutes of a packed record, as views into its arrays (nothing is copied). */
export function unpackMinutes(p: PackedMinutes, kinds: number): RollupMinute[] {
  const out: RollupMinute[] = [];
  for (let m = 0; m < p.minutes.length; m++) {
    const from = p.peerStart[m]!;
    const to = p.peerStart[m + 1]!;
    out.push({
      minute: p.minutes[m]!,
      kindCounts: p.kindCounts.subarray(m * kinds, (m + 1) * kinds),
      bytesOut: p.bytesOut[m]!,
      bytesIn: p.bytesIn[m]!,
      peerIds: p.peerIds.subarray(from, to),
      peerCount: p.peerCount.subarray(from, to),
      peerOut: p.peerOut.subarray(from, to),
      peerIn: p.peerIn.subarray(from, to),
    });
  }
  return out;
}
