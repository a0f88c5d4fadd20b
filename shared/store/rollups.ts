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
