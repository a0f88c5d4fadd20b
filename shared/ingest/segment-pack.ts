import { direction, NO_DIRECTION, OUTBOUND } from '../net/direction';
import { EVENT_KINDS } from '../model/event';
import type { AddressClassifier } from '../net/address';
import { encodeColumn, type NumericColumn } from '../store/columns';
import type { RawSegment, SegmentAddressStats, SegmentPayload, SegmentRollup } from '../store/segment';

const MINUTE = 60_000;

/**
 * Packs the rows a producer wrote (a RawSegment) into what the case stores: each column in its
 * narrowest encoding, the segment's time range and kinds, per-address totals and per-minute
 * rollups. Internal versus external is decided here, with the case's ranges. The writer runs
 * this as the segment arrives; ids that point outside the segment's own tables are refused, so
 * a broken producer cannot store rows that name nothing.
 */
export function packSegment(raw: RawSegment, classifier: AddressClassifier): SegmentPayload {
  const { count } = raw;
  checkIds(raw.kind, count, EVENT_KINDS.length, 'event kind');
  checkIds(raw.src, count, raw.addrs.length, 'address');
  checkIds(raw.dst, count, raw.addrs.length, 'address');
  for (const col of [...Object.values(raw.str), ...Object.values(raw.fields)]) checkIds(col, count, raw.strings.length, 'string');

  let tsMin = Infinity;
  let tsMax = -Infinity;
  let kindsMask = 0;
  for (let i = 0; i < count; i++) {
    const t = raw.ts[i]!;
    if (t < tsMin) tsMin = t;
    if (t > tsMax) tsMax = t;
    kindsMask |= 1 << raw.kind[i]!;
  }
  const addr: SegmentPayload['columns']['addr'] = {};
  const src = encodeIds(raw.src, count);
  const dst = encodeIds(raw.dst, count);
  if (src) addr.src = src;
  if (dst) addr.dst = dst;
  const fieldNumbers = encodeNamed(raw.fieldNumbers, count, encodeColumn);
  const { addrStats, rollup } = summarize(raw, classifier);
  return {
    columns: {
      count,
      ts: encodeColumn(raw.ts, count)!,
      line: encodeColumn(raw.line, count)!,
      kind: encodeColumn(raw.kind, count)!,
      num: encodeNamed(raw.num, count, encodeColumn),
      str: encodeNamed(raw.str, count, encodeIds),
      addr,
      fields: encodeNamed(raw.fields, count, encodeIds),
      ...(hasKeys(raw.fieldNumbers) ? { fieldNumbers, fieldOrder: raw.fieldOrder } : {}),
      strings: raw.strings,
    },
    addrs: raw.addrs,
    addrStats,
    rollup,
    tsMin,
    tsMax,
    kindsMask,
    ...(raw.rawAt ? { rawAt: raw.rawAt } : { raw: raw.raw, rawOffsets: raw.rawOffsets }),
  };
}

/** The buffers of a raw segment's columns, to transfer it and to have them back once packed. */
export function rawSegmentColumns(raw: RawSegment): Float64Array[] {
  return [
    raw.ts, raw.line, raw.kind, raw.src, raw.dst,
    ...Object.values(raw.num), ...Object.values(raw.str), ...Object.values(raw.fields), ...Object.values(raw.fieldNumbers),
  ];
}

/** Every buffer a raw segment holds, for a transfer list (each once). */
export function rawSegmentTransfers(raw: RawSegment): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const col of rawSegmentColumns(raw)) out.add(col.buffer as ArrayBuffer);
  if (raw.rawOffsets) out.add(raw.rawOffsets.buffer as ArrayBuffer);
  return [...out];
}

function hasKeys(o: object): boolean {
  for (const _key in o) return true;
  return false;
}

function checkIds(values: Float64Array, count: number, limit: number, what: string): void {
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v < limit && v === Math.floor(v))) {
      throw new Error(`Row ${i} of a segment names ${what} ${v}, which the segment does not hold.`);
    }
  }
}

/** A column of dictionary or address ids, where 0 means no value: not stored when all are 0. */
function encodeIds(values: Float64Array, count: number): NumericColumn | undefined {
  const col = encodeColumn(values, count);
  return col && !(col.enc === 'const' && col.value === 0) ? col : undefined;
}

/** Columns by name, each encoded by `encode` (ids or numbers); empty ones are left out. */
function encodeNamed<K extends string>(
  columns: Partial<Record<K, Float64Array>>, count: number, encode: typeof encodeColumn,
): Record<K, NumericColumn> {
  // Holds only the names that have a column, as the stored types (partial records) expect.
  const out = {} as Record<K, NumericColumn>;
  for (const name in columns) {
    const values = columns[name];
    const col = values && encode(values, count);
    if (col) out[name] = col;
  }
  return out;
}

/**
 * Which side's bytes left: the internal side's. A record that names only one address (an
 * access log names the client) was written by our own server, so the missing side is internal.
 */
function summarize(raw: RawSegment, classifier: AddressClassifier): { addrStats: SegmentAddressStats; rollup: SegmentRollup } {
  const { count, ts, kind } = raw;
  const nAddr = raw.addrs.length;
  const internal = new Uint8Array(nAddr);
  for (let a = 1; a < nAddr; a++) internal[a] = classifier.isInternal(raw.addrs[a]!) ? 1 : 0;
  const stats: SegmentAddressStats = {
    count: new Uint32Array(nAddr),
    bytesOut: new Float64Array(nAddr),
    bytesIn: new Float64Array(nAddr),
    firstTs: new Float64Array(nAddr).fill(Infinity),
    lastTs: new Float64Array(nAddr).fill(-Infinity),
    internal,
  };
  const orig = raw.num.origBytes;
  const resp = raw.num.respBytes;
  const minuteIdx = new Map<number, number>();
  const minutes: number[] = [];
  const kindCounts: number[] = [];
  const mOut: number[] = [];
  const mIn: number[] = [];
  const peerIdx = new Map<number, number>();
  const pMinute: number[] = [], pAddr: number[] = [], pCount: number[] = [], pOut: number[] = [], pIn: number[] = [];
  const nKinds = EVENT_KINDS.length;

  // Logs are mostly in time order: consecutive rows usually share their minute.
  let lastMinute = NaN;
  let m = 0;
  for (let i = 0; i < count; i++) {
    const t = ts[i]!;
    const minute = Math.floor(t / MINUTE) * MINUTE;
    if (minute !== lastMinute) {
      lastMinute = minute;
      let known = minuteIdx.get(minute);
      if (known === undefined) {
        known = minutes.length;
        minuteIdx.set(minute, known);
        minutes.push(minute);
        for (let k = 0; k < nKinds; k++) kindCounts.push(0);
        mOut.push(0);
        mIn.push(0);
      }
      m = known;
    }
    kindCounts[m * nKinds + kind[i]!]! += 1;

    const s = raw.src[i]!;
    const d = raw.dst[i]!;
    const ob = orig ? orig[i]! : NaN;
    const rb = resp ? resp[i]! : NaN;
    const o = ob === ob ? ob : 0;
    const r = rb === rb ? rb : 0;
    if (s !== 0) touch(stats, s, t);
    if (d !== 0 && d !== s) touch(stats, d, t);
    if (s === d) continue;
    const dir = direction(s === 0 || internal[s] === 1, d === 0 || internal[d] === 1);
    if (dir === NO_DIRECTION) continue;
    // The external peer and the bytes that left towards it.
    const outbound = dir === OUTBOUND;
    const peer = outbound ? d : s;
    const out = outbound ? o : r;
    const inn = outbound ? r : o;
    mOut[m]! += out;
    mIn[m]! += inn;
    stats.bytesOut[peer]! += out;
    stats.bytesIn[peer]! += inn;
    const key = m * 65_536 + peer;
    let p = peerIdx.get(key);
    if (p === undefined) {
      p = pMinute.length;
      peerIdx.set(key, p);
      pMinute.push(m); pAddr.push(peer); pCount.push(0); pOut.push(0); pIn.push(0);
    }
    pCount[p]! += 1;
    pOut[p]! += out;
    pIn[p]! += inn;
  }
  return {
    addrStats: stats,
    rollup: {
      minutes: Float64Array.from(minutes),
      kindCounts: Uint32Array.from(kindCounts),
      bytesOut: Float64Array.from(mOut),
      bytesIn: Float64Array.from(mIn),
      peerMinute: Uint32Array.from(pMinute),
      peerAddr: Uint32Array.from(pAddr),
      peerCount: Uint32Array.from(pCount),
      peerOut: Float64Array.from(pOut),
      peerIn: Float64Array.from(pIn),
    },
  };
}

function touch(stats: SegmentAddressStats, a: number, t: number): void {
  stats.count[a]! += 1;
  if (t < stats.firstTs[a]!) stats.firstTs[a] = t;
  if (t > stats.lastTs[a]!) stats.lastTs[a] = t;
}
