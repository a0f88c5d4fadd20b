import { direction, NO_DIRECTION, OUTBOUND } from '../net/direction';
import { EVENT_KINDS } from '../model/event';
import type { AddressClassifier } from '../net/address';
import { hasKeys } from './has-keys';
import { encodeColumn, encodeScanned, scanColumn, type NumericColumn } from '../store/columns';
import { SEGMENT_CAPACITY, type RawSegment, type SegmentAddressStats, type SegmentPayload, type SegmentRollup } from '../store/segment';

const MINUTE = 60_000;
/** The byte column of a segment that has none: every row missing. */
const NO_BYTES = new Float64Array(SEGMENT_CAPACITY).fill(NaN);

/**
 * Packs the rows a producer wrote (a RawSegment) into what the case stores: each column in its
 * narrowest encoding, the segment's time range and kinds, per-address totals and per-minute
 * rollups. Internal versus external is decided here, with the case's ranges. The writer runs
 * this as the segment arrives; ids that point outside the segment's own tables are refused, so
 * a broken producer cannot store rows that name nothing.
 */
export function packSegment(raw: RawSegment, classifier: AddressClassifier): SegmentPayload {
  const { count } = raw;
  const addressLimit = raw.addrs.length;
  const stringLimit = raw.strings.length;
  const kind = encodeIds(raw.kind, count, EVENT_KINDS.length, 'event kind', true)!;
  const { tsMin, tsMax, kindsMask } = timeRangeAndKinds(raw.ts, raw.kind, count);
  const addr: SegmentPayload['columns']['addr'] = {};
  const src = encodeIds(raw.src, count, addressLimit, 'address');
  const dst = encodeIds(raw.dst, count, addressLimit, 'address');
  if (src) addr.src = src;
  if (dst) addr.dst = dst;
  const strings = (values: Float64Array) => encodeIds(values, count, stringLimit, 'string');
  const fieldNumbers = encodeNamed(raw.fieldNumbers, (values) => encodeColumn(values, count));
  const { addrStats, rollup } = summarize(raw, classifier);
  return {
    columns: {
      count,
      ts: encodeColumn(raw.ts, count)!,
      line: encodeColumn(raw.line, count)!,
      kind,
      num: encodeNamed(raw.num, (values) => encodeColumn(values, count)),
      str: encodeNamed(raw.str, strings),
      addr,
      fields: encodeNamed(raw.fields, strings),
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

/**
 * A segment's time range and the kinds its rows have. This loop lives apart from packSegment so
 * that packSegment has none: a function with a hot loop is compiled while it runs (on-stack
 * replacement) with all it calls inlined, and packSegment, with every encoder and the rollups
 * inlined, took TurboFan about 100-150 ms a time, six or seven times per 1M-event import. Run
 * about once per segment and loop-free, it is never worth optimising; the loops it calls are
 * compiled each on their own.
 */
function timeRangeAndKinds(ts: Float64Array, kind: Float64Array, count: number): { tsMin: number; tsMax: number; kindsMask: number } {
  let tsMin = Infinity;
  let tsMax = -Infinity;
  let kindsMask = 0;
  for (let i = 0; i < count; i++) {
    const t = ts[i]!;
    if (t < tsMin) tsMin = t;
    if (t > tsMax) tsMax = t;
    kindsMask |= 1 << kind[i]!;
  }
  return { tsMin, tsMax, kindsMask };
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

/**
 * A column of ids into one of the segment's tables (`limit` entries), checked in the pass that
 * encodes it: every row must name an entry. Index 0 means no value, so a column of zeros is not
 * stored, unless `zeroIsValue` (event kinds, where 0 is the first kind).
 */
function encodeIds(values: Float64Array, count: number, limit: number, what: string, zeroIsValue = false): NumericColumn | undefined {
  const scan = scanColumn(values, count);
  if (scan.missing > 0 || !scan.integral || scan.min < 0 || scan.max >= limit) {
    for (let i = 0; i < count; i++) {
      const v = values[i]!;
      if (!(v >= 0 && v < limit && Number.isInteger(v))) throw new Error(`Row ${i} of a segment names ${what} ${v}, which the segment does not hold.`);
    }
  }
  const col = encodeScanned(values, count, scan);
  return col && (zeroIsValue || !(col.enc === 'const' && col.value === 0)) ? col : undefined;
}

/** Columns by name, each encoded by `encode`; empty ones are left out. */
function encodeNamed<K extends string>(
  columns: Partial<Record<K, Float64Array>>, encode: (values: Float64Array) => NumericColumn | undefined,
): Record<K, NumericColumn> {
  // Holds only the names that have a column, as the stored types (partial records) expect.
  const out = {} as Record<K, NumericColumn>;
  for (const name in columns) {
    const values = columns[name];
    const col = values && encode(values);
    if (col) out[name] = col;
  }
  return out;
}

/** Per-address totals and per-minute rollups of a segment's rows. */
function summarize(raw: RawSegment, classifier: AddressClassifier): { addrStats: SegmentAddressStats; rollup: SegmentRollup } {
  const nAddr = raw.addrs.length;
  const internal = new Uint8Array(nAddr);
  for (let a = 1; a < nAddr; a++) internal[a] = classifier.isInternal(raw.addrs[a]!) ? 1 : 0;
  const rollup = new RollupRows(raw.count, nAddr);
  const stats: SegmentAddressStats = {
    count: new Uint32Array(nAddr),
    bytesOut: new Float64Array(nAddr),
    bytesIn: new Float64Array(nAddr),
    firstTs: new Float64Array(nAddr).fill(Infinity),
    lastTs: new Float64Array(nAddr).fill(-Infinity),
    internal,
  };
  // The row loop reads these columns from an object of one shape: segments of different
  // sources differ in what they hold, and a RawSegment of a new shape in the loop itself cost a
  // deoptimisation and a recompile.
  const columns: RollupColumns = {
    count: raw.count,
    ts: raw.ts,
    kind: raw.kind,
    src: raw.src,
    dst: raw.dst,
    // A missing byte column reads as NaN like a missing value: the loop has one shape whatever
    // the source (a branch first met by a later source cost a recompile each time).
    orig: raw.num.origBytes ?? NO_BYTES,
    resp: raw.num.respBytes ?? NO_BYTES,
  };
  rollup.add(columns, internal, stats);
  return { addrStats: stats, rollup: rollup.result() };
}

/** The columns the rollups read. */
interface RollupColumns {
  count: number;
  ts: Float64Array;
  kind: Float64Array;
  src: Float64Array;
  dst: Float64Array;
  orig: Float64Array;
  resp: Float64Array;
}

/**
 * Folds rows into per-minute and per-(minute, external peer) totals. The row loop is a method of
 * its own with nothing after it: V8 compiled it while it ran and then threw the code away at the
 * first statement the loop had never reached (a result object), once per segment.
 */
class RollupRows {
  private readonly minuteIdx = new Map<number, number>();
  private readonly minutes: number[] = [];
  private readonly kindCounts: number[] = [];
  private readonly mOut: number[] = [];
  private readonly mIn: number[] = [];
  // Per (minute, peer) entries, at most one per row. A peer's entry for the minute being read is
  // found through `lastMinute`/`lastEntry` (by address). While the rows come in time order, a
  // peer met in a later minute than its last entry's needs a new entry, and a later minute is a
  // new one: no lookup is needed. A minute that comes round again (logs not quite in time order)
  // switches to maps of every minute and entry, built then.
  private ordered = true;
  /** Entries by minute * addresses + peer. */
  private readonly peerIdx = new Map<number, number>();
  private readonly addresses: number;
  private readonly lastMinute: Int32Array;
  private readonly lastEntry: Int32Array;
  private readonly pMinute: Uint32Array;
  private readonly pAddr: Uint32Array;
  private readonly pCount: Uint32Array;
  private readonly pOut: Float64Array;
  private readonly pIn: Float64Array;
  private entries = 0;

  constructor(rows: number, addresses: number) {
    this.addresses = addresses;
    this.lastMinute = new Int32Array(addresses).fill(-1);
    this.lastEntry = new Int32Array(addresses);
    this.pMinute = new Uint32Array(rows);
    this.pAddr = new Uint32Array(rows);
    this.pCount = new Uint32Array(rows);
    this.pOut = new Float64Array(rows);
    this.pIn = new Float64Array(rows);
  }

  /**
   * Which side's bytes left: the internal side's. A record that names only one address (an
   * access log names the client) was written by our own server, so the missing side is internal.
   */
  add(columns: RollupColumns, internal: Uint8Array, stats: SegmentAddressStats): void {
    const { count, ts, kind, src, dst, orig, resp } = columns;
    const nKinds = EVENT_KINDS.length;
    // Logs are mostly in time order: consecutive rows usually share their minute.
    let minuteStart = -Infinity;
    let m = 0;
    for (let i = 0; i < count; i++) {
      const t = ts[i]!;
      if (!(t >= minuteStart && t < minuteStart + MINUTE)) {
        minuteStart = Math.floor(t / MINUTE) * MINUTE;
        m = this.minute(minuteStart);
      }
      this.kindCounts[m * nKinds + kind[i]!]! += 1;

      const s = src[i]!;
      const d = dst[i]!;
      const ob = orig[i]!;
      const rb = resp[i]!;
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
      this.mOut[m]! += out;
      this.mIn[m]! += inn;
      stats.bytesOut[peer]! += out;
      stats.bytesIn[peer]! += inn;
      const p = this.lastMinute[peer] === m ? this.lastEntry[peer]! : this.entry(m, peer);
      this.pCount[p]! += 1;
      this.pOut[p]! += out;
      this.pIn[p]! += inn;
    }
  }

  private minute(start: number): number {
    if (this.ordered) {
      const n = this.minutes.length;
      if (n === 0 || start > this.minutes[n - 1]!) return this.newMinute(start);
      this.index();
    }
    const m = this.minuteIdx.get(start);
    return m === undefined ? this.newMinute(start) : m;
  }

  private newMinute(start: number): number {
    const m = this.minutes.length;
    if (!this.ordered) this.minuteIdx.set(start, m);
    this.minutes.push(start);
    for (let k = 0; k < EVENT_KINDS.length; k++) this.kindCounts.push(0);
    this.mOut.push(0);
    this.mIn.push(0);
    return m;
  }

  private entry(m: number, peer: number): number {
    let p: number | undefined;
    if (!this.ordered) p = this.peerIdx.get(m * this.addresses + peer);
    if (p === undefined) {
      p = this.entries++;
      if (!this.ordered) this.peerIdx.set(m * this.addresses + peer, p);
      this.pMinute[p] = m;
      this.pAddr[p] = peer;
    }
    this.lastMinute[peer] = m;
    this.lastEntry[peer] = p;
    return p;
  }

  /** The rows stopped coming in time order: from here on minutes and entries are looked up. */
  private index(): void {
    this.ordered = false;
    for (let m = 0; m < this.minutes.length; m++) this.minuteIdx.set(this.minutes[m]!, m);
    for (let p = 0; p < this.entries; p++) this.peerIdx.set(this.pMinute[p]! * this.addresses + this.pAddr[p]!, p);
  }

  result(): SegmentRollup {
    const n = this.entries;
    return {
      minutes: Float64Array.from(this.minutes),
      kindCounts: Uint32Array.from(this.kindCounts),
      bytesOut: Float64Array.from(this.mOut),
      bytesIn: Float64Array.from(this.mIn),
      peerMinute: this.pMinute.slice(0, n),
      peerAddr: this.pAddr.slice(0, n),
      peerCount: this.pCount.slice(0, n),
      peerOut: this.pOut.slice(0, n),
      peerIn: this.pIn.slice(0, n),
    };
  }
}

function touch(stats: SegmentAddressStats, a: number, t: number): void {
  stats.count[a]! += 1;
  if (t < stats.firstTs[a]!) stats.firstTs[a] = t;
  if (t > stats.lastTs[a]!) stats.lastTs[a] = t;
}
