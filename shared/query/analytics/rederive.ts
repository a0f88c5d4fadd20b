import { EVENT_KINDS } from '../../model/event';
import type { AddressClassifier } from '../../net/address';
import { direction, NO_DIRECTION, OUTBOUND } from '../../net/direction';
import type { QueryEngine } from '../engine';
import type { AddressSummary, RollupMinute } from '../types';

const MINUTE = 60_000;

/**
 * Recomputes what depends on which addresses are internal (the address table's internal flags
 * and bytes out/in, and the per-minute rollups) from the stored segments, after the responder
 * changed the case's internal ranges. Counts and first/last seen do not depend on it and are
 * kept. The caller writes the result and invalidates the engine.
 */
export async function rederive(engine: QueryEngine, classifier: AddressClassifier): Promise<{ addresses: AddressSummary[]; rollups: RollupMinute[] }> {
  const table = await engine.addresses();
  const internal = new Uint8Array(table.size);
  for (const r of table.rows) internal[r.id] = classifier.isInternal(r.ip) ? 1 : 0;
  const out = new Float64Array(table.size);
  const inn = new Float64Array(table.size);
  const nk = EVENT_KINDS.length;
  const minutes = new Map<number, { kinds: Float64Array; out: number; in: number; peers: Map<number, [number, number, number]> }>();

  await engine.forEachSegment({}, (seg) => {
    const ts = seg.ts, kind = seg.kind, src = seg.src, dst = seg.dst;
    const orig = seg.num('origBytes'), resp = seg.num('respBytes');
    for (let r = 0; r < seg.cols.count; r++) {
      const minute = Math.floor(ts[r]! / MINUTE) * MINUTE;
      let m = minutes.get(minute);
      if (!m) minutes.set(minute, (m = { kinds: new Float64Array(nk), out: 0, in: 0, peers: new Map() }));
      m.kinds[kind[r]!]!++;
      const s = src[r]!, d = dst[r]!;
      if (s === d) continue;
      // Absent address columns decode as NaN: a missing side is our own server (see direction.ts).
      const dir = direction(!(s > 0) || internal[s] === 1, !(d > 0) || internal[d] === 1);
      if (dir === NO_DIRECTION) continue;
      const o = orig[r]! === orig[r]! ? orig[r]! : 0;
      const rb = resp[r]! === resp[r]! ? resp[r]! : 0;
      const outbound = dir === OUTBOUND;
      const peer = outbound ? d : s;
      const bytesOut = outbound ? o : rb;
      const bytesIn = outbound ? rb : o;
      out[peer]! += bytesOut;
      inn[peer]! += bytesIn;
      m.out += bytesOut;
      m.in += bytesIn;
      const p = m.peers.get(peer);
      if (p) { p[0]++; p[1] += bytesOut; p[2] += bytesIn; } else m.peers.set(peer, [1, bytesOut, bytesIn]);
    }
  });

  const addresses = table.rows.map((r) => ({ ...r, internal: internal[r.id] as 0 | 1, bytesOut: out[r.id]!, bytesIn: inn[r.id]! }));
  const rollups: RollupMinute[] = [...minutes].sort((a, b) => a[0] - b[0]).map(([minute, m]) => {
    const ids = [...m.peers.keys()].sort((a, b) => a - b);
    return {
      minute,
      kindCounts: Uint32Array.from(m.kinds),
      bytesOut: m.out,
      bytesIn: m.in,
      peerIds: Uint32Array.from(ids),
      peerCount: Uint32Array.from(ids, (id) => m.peers.get(id)![0]),
      peerOut: Float64Array.from(ids, (id) => m.peers.get(id)![1]),
      peerIn: Float64Array.from(ids, (id) => m.peers.get(id)![2]),
    };
  });
  return { addresses, rollups };
}
