import { direction, NO_DIRECTION, OUTBOUND } from '../net/direction';
import {
  EVENT_KINDS, EVENT_NUMBER_FIELDS, EVENT_STRING_FIELDS,
  type EventKind, type EventNumberField, type EventStringField, type ParsedEvent,
} from '../model/event';
import type { AddressClassifier } from '../net/address';
import { encodeColumn, type NumericColumn } from '../store/columns';
import {
  SEGMENT_CAPACITY, type SegmentAddressStats, type SegmentPayload, type SegmentRollup,
} from '../store/segment';

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((k, i) => [k, i]));
const OTHER_KIND = EVENT_KINDS.indexOf('other');

const enum Slot { Number, String, Src, Dst, Fields }
const SLOTS = new Map<string, Slot>([
  ...EVENT_NUMBER_FIELDS.map((f) => [f, Slot.Number] as const),
  ...EVENT_STRING_FIELDS.map((f) => [f, Slot.String] as const),
  ['src', Slot.Src], ['dst', Slot.Dst], ['fields', Slot.Fields],
]);
const MINUTE = 60_000;

/**
 * Packs parsed events of one source into columnar segments, in the producer, so the writer only
 * stores typed arrays. Also computes what the writer folds into case-wide tables: per-address
 * totals and per-minute rollups. Internal versus external is decided here, with the case's ranges.
 */
export class SegmentBuilder {
  private n = 0;
  private readonly ts = new Float64Array(SEGMENT_CAPACITY);
  private readonly line = new Float64Array(SEGMENT_CAPACITY);
  private readonly kind = new Float64Array(SEGMENT_CAPACITY);
  private readonly num = new Map<EventNumberField, Float64Array>();
  private readonly str = new Map<EventStringField, Float64Array>();
  private readonly src = new Float64Array(SEGMENT_CAPACITY);
  private readonly dst = new Float64Array(SEGMENT_CAPACITY);
  private readonly fields = new Map<string, Float64Array>();
  private strings: string[] = [''];
  private stringIds = new Map<string, number>();
  private addrs: string[] = [''];
  private addrIds = new Map<string, number>();
  private raw: string[] = [];

  constructor(private readonly classifier: AddressClassifier) {}

  get size(): number { return this.n; }
  get full(): boolean { return this.n >= SEGMENT_CAPACITY; }

  add(event: ParsedEvent, line: number, rawText: string): void {
    const i = this.n++;
    this.ts[i] = event.ts;
    this.line[i] = line;
    this.kind[i] = KIND_INDEX.get(event.kind) ?? OTHER_KIND;
    // Only the keys an event has are visited; columns start out "missing" (NaN / 0), so absent
    // fields cost nothing. This is the hottest loop of an import.
    for (const key in event) {
      const slot = SLOTS.get(key);
      if (slot === undefined) continue;
      const v = (event as Record<string, unknown>)[key];
      if (v === undefined) continue;
      switch (slot) {
        case Slot.Number:
          this.column(this.num, key as EventNumberField, NaN)[i] = v as number;
          break;
        case Slot.String:
          if (v !== '') this.column(this.str, key as EventStringField, 0)[i] = this.stringId(v as string);
          break;
        case Slot.Src:
          this.src[i] = this.addrId(v as string);
          break;
        case Slot.Dst:
          this.dst[i] = this.addrId(v as string);
          break;
        case Slot.Fields: {
          const fields = v as Record<string, string>;
          for (const k in fields) {
            const fv = fields[k];
            if (fv === undefined || fv === '') continue;
            this.column(this.fields, k, 0)[i] = this.stringId(fv);
          }
          break;
        }
      }
    }
    this.raw.push(rawText);
  }

  /** Seals the segment and starts a fresh one. */
  seal(): SegmentPayload {
    const payload = this.assemble(this.n);
    this.reset();
    return payload;
  }

  private assemble(count: number): SegmentPayload {
    const encodeAll = <K extends string>(m: Map<K, Float64Array>) => {
      const out: Partial<Record<K, NumericColumn>> = {};
      for (const [k, values] of m) {
        const col = encodeColumn(values, count);
        if (col) out[k] = col;
      }
      return out;
    };
    let tsMin = Infinity;
    let tsMax = -Infinity;
    let kindsMask = 0;
    for (let i = 0; i < count; i++) {
      const t = this.ts[i]!;
      if (t < tsMin) tsMin = t;
      if (t > tsMax) tsMax = t;
      kindsMask |= 1 << this.kind[i]!;
    }
    const rawOffsets = new Uint32Array(count + 1);
    let off = 0;
    for (let i = 0; i < count; i++) {
      rawOffsets[i] = off;
      off += this.raw[i]!.length;
    }
    rawOffsets[count] = off;
    const addrCols: SegmentPayload['columns']['addr'] = {};
    const srcCol = encodeColumn(this.src, count);
    const dstCol = encodeColumn(this.dst, count);
    if (srcCol && !(srcCol.enc === 'const' && srcCol.value === 0)) addrCols.src = srcCol;
    if (dstCol && !(dstCol.enc === 'const' && dstCol.value === 0)) addrCols.dst = dstCol;
    const { addrStats, rollup } = this.summarize(count);
    return {
      columns: {
        count,
        ts: encodeColumn(this.ts, count)!,
        line: encodeColumn(this.line, count)!,
        kind: encodeColumn(this.kind, count)!,
        num: encodeAll(this.num),
        str: encodeAll(this.str),
        addr: addrCols,
        fields: encodeAll(this.fields) as Record<string, NumericColumn>,
        strings: this.strings,
      },
      addrs: this.addrs,
      addrStats,
      rollup,
      tsMin,
      tsMax,
      kindsMask,
      raw: this.raw.join(''),
      rawOffsets,
    };
  }

  /**
   * Which side's bytes left: the internal side's. A record that names only one address (an
   * access log names the client) was written by our own server, so the missing side is internal.
   */
  private summarize(count: number): { addrStats: SegmentAddressStats; rollup: SegmentRollup } {
    const nAddr = this.addrs.length;
    const internal = new Uint8Array(nAddr);
    for (let a = 1; a < nAddr; a++) internal[a] = this.classifier.isInternal(this.addrs[a]!) ? 1 : 0;
    const stats: SegmentAddressStats = {
      count: new Uint32Array(nAddr),
      bytesOut: new Float64Array(nAddr),
      bytesIn: new Float64Array(nAddr),
      firstTs: new Float64Array(nAddr).fill(Infinity),
      lastTs: new Float64Array(nAddr).fill(-Infinity),
      internal,
    };
    const orig = this.num.get('origBytes');
    const resp = this.num.get('respBytes');
    const minuteIdx = new Map<number, number>();
    const minutes: number[] = [];
    const kindCounts: number[] = [];
    const mOut: number[] = [];
    const mIn: number[] = [];
    const peerIdx = new Map<number, number>();
    const pMinute: number[] = [], pAddr: number[] = [], pCount: number[] = [], pOut: number[] = [], pIn: number[] = [];
    const nKinds = EVENT_KINDS.length;

    for (let i = 0; i < count; i++) {
      const t = this.ts[i]!;
      const minute = Math.floor(t / MINUTE) * MINUTE;
      let m = minuteIdx.get(minute);
      if (m === undefined) {
        m = minutes.length;
        minuteIdx.set(minute, m);
        minutes.push(minute);
        for (let k = 0; k < nKinds; k++) kindCounts.push(0);
        mOut.push(0);
        mIn.push(0);
      }
      kindCounts[m * nKinds + this.kind[i]!]! += 1;

      const s = this.src[i]!;
      const d = this.dst[i]!;
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

  /** A column of this segment, created on first use with every row "missing". */
  private column<K>(m: Map<K, Float64Array>, key: K, missing: number): Float64Array {
    let col = m.get(key);
    if (!col) {
      col = new Float64Array(SEGMENT_CAPACITY);
      if (missing !== 0) col.fill(missing);
      m.set(key, col);
    }
    return col;
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private addrId(a: string): number {
    let id = this.addrIds.get(a);
    if (id === undefined) {
      id = this.addrs.length;
      this.addrs.push(a);
      this.addrIds.set(a, id);
    }
    return id;
  }

  private reset(): void {
    this.n = 0;
    // Address columns are reused between segments; rows without an address must read 0.
    this.src.fill(0);
    this.dst.fill(0);
    this.num.clear();
    this.str.clear();
    this.fields.clear();
    this.strings = [''];
    this.stringIds = new Map();
    this.addrs = [''];
    this.addrIds = new Map();
    this.raw = [];
  }
}

function touch(stats: SegmentAddressStats, a: number, t: number): void {
  stats.count[a]! += 1;
  if (t < stats.firstTs[a]!) stats.firstTs[a] = t;
  if (t > stats.lastTs[a]!) stats.lastTs[a] = t;
}
