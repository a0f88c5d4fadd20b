import { direction, NO_DIRECTION, OUTBOUND } from '../net/direction';
import {
  EVENT_KINDS, EVENT_NUMBER_FIELDS, EVENT_STRING_FIELDS,
  type EventAddressField, type EventKind, type EventNumberField, type EventStringField, type ParsedEvent,
} from '../model/event';
import type { AddressClassifier } from '../net/address';
import { exactNumber } from './formats/digits';
import type { RowSink } from './formats/types';
import { encodeColumn, type NumericColumn } from '../store/columns';
import {
  SEGMENT_CAPACITY, type RawLineCheckpoint, type SegmentAddressStats, type SegmentPayload, type SegmentRollup,
} from '../store/segment';

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((k, i) => [k, i]));
const OTHER_KIND = EVENT_KINDS.indexOf('other');
const NUMBER_INDEX = new Map<string, number>(EVENT_NUMBER_FIELDS.map((f, i) => [f, i]));
const STRING_INDEX = new Map<string, number>(EVENT_STRING_FIELDS.map((f, i) => [f, i]));
const MINUTE = 60_000;

/**
 * Packs the events of one source into columnar segments, in the producer, so the writer only
 * stores typed arrays. Parsers write rows into it field by field (it is their RowSink); events
 * that arrive as objects go through `addEvent`. It also computes what the writer folds into
 * case-wide tables: per-address totals and per-minute rollups. Internal versus external is
 * decided here, with the case's ranges.
 */
export class SegmentBuilder implements RowSink {
  private n = 0;
  /** True between `begin` and `commit`: row `n` is being written. */
  private open = false;
  private openZoneless = false;
  private readonly ts = new Float64Array(SEGMENT_CAPACITY);
  private readonly line = new Float64Array(SEGMENT_CAPACITY);
  private readonly kind = new Float64Array(SEGMENT_CAPACITY);
  /** By index in EVENT_NUMBER_FIELDS / EVENT_STRING_FIELDS; created on first use. */
  private readonly num: (Float64Array | undefined)[] = EVENT_NUMBER_FIELDS.map(() => undefined);
  private readonly str: (Float64Array | undefined)[] = EVENT_STRING_FIELDS.map(() => undefined);
  private readonly src = new Float64Array(SEGMENT_CAPACITY);
  private readonly dst = new Float64Array(SEGMENT_CAPACITY);
  private readonly fields = new Map<string, Float64Array>();
  private readonly fieldNumbers = new Map<string, Float64Array>();
  private fieldOrder: string[] = [];
  private strings: string[] = [''];
  private stringIds = new Map<string, number>();
  private addrs: string[] = [''];
  private addrIds = new Map<string, number>();
  private raw: string[] = [];
  /** Columns of sealed segments, filled again for the next (fresh ones cost page faults). */
  private spare: Float64Array[] = [];

  /** Over the whole source, not one segment: events, zone-less timestamps, time range. */
  events = 0;
  zoneless = 0;
  tsMin = Infinity;
  tsMax = -Infinity;

  /**
   * `keepRaw` false: the raw text stays in the source (its records are its lines) and a segment
   * carries a line checkpoint instead of a copy; see SegmentPayload.rawAt.
   */
  constructor(private readonly classifier: AddressClassifier, private readonly keepRaw = true) {}

  get size(): number { return this.n; }
  get full(): boolean { return this.n >= SEGMENT_CAPACITY; }

  begin(ts: number, kind: EventKind, zoneless: boolean): void {
    // A row begun and never committed is wiped, so none of its fields leak into the next one.
    if (this.open) this.clearRow(this.n);
    this.open = true;
    this.openZoneless = zoneless;
    const i = this.n;
    this.ts[i] = ts;
    this.kind[i] = KIND_INDEX.get(kind) ?? OTHER_KIND;
  }

  number(field: EventNumberField, value: number): void {
    const k = NUMBER_INDEX.get(field)!;
    (this.num[k] ??= this.column(NaN))[this.n] = value;
  }

  string(field: EventStringField, value: string): void {
    if (value === '') return;
    const k = STRING_INDEX.get(field)!;
    (this.str[k] ??= this.column(0))[this.n] = this.stringId(value);
  }

  address(field: EventAddressField, value: string): void {
    if (value === '') return;
    (field === 'src' ? this.src : this.dst)[this.n] = this.addrId(value);
  }

  extra(name: string, value: string): void {
    if (value === '') return;
    let col = this.fields.get(name);
    if (!col) {
      this.fields.set(name, (col = this.column(0)));
      if (!this.fieldNumbers.has(name)) this.fieldOrder.push(name);
    }
    col[this.n] = this.stringId(value);
  }

  extraNumber(name: string, value: number): void {
    let col = this.fieldNumbers.get(name);
    if (!col) {
      this.fieldNumbers.set(name, (col = this.column(NaN)));
      if (!this.fields.has(name)) this.fieldOrder.push(name);
    }
    col[this.n] = value;
  }

  /** Ends the row begun last: its record's line number and raw text. */
  commit(line: number, rawText: string): void {
    const ts = this.ts[this.n]!;
    if (ts < this.tsMin) this.tsMin = ts;
    if (ts > this.tsMax) this.tsMax = ts;
    if (this.openZoneless) this.zoneless++;
    this.line[this.n] = line;
    if (this.keepRaw) this.raw.push(rawText);
    this.n++;
    this.open = false;
    this.events++;
  }

  /** An event that a parser built as an object. */
  addEvent(event: ParsedEvent, line: number, rawText: string): void {
    this.begin(event.ts, event.kind, event.zoneless === true);
    // Only the keys an event has are visited; columns start out "missing" (NaN / 0).
    for (const key in event) {
      const v = (event as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (key === 'src' || key === 'dst') this.address(key, v as string);
      else if (key === 'fields') {
        const fields = v as Record<string, string>;
        for (const k in fields) {
          const fv = fields[k];
          if (fv === undefined) continue;
          // Leftover numbers (Zeek's packet and byte counts, CSV columns) are kept as numbers
          // when they read back as the same text: near-unique values stay out of the dictionary.
          const n = exactNumber(fv);
          if (n === undefined) this.extra(k, fv);
          else this.extraNumber(k, n);
        }
      } else if (NUMBER_INDEX.has(key)) this.number(key as EventNumberField, v as number);
      else if (STRING_INDEX.has(key)) this.string(key as EventStringField, v as string);
    }
    this.commit(line, rawText);
  }

  /** The line of the segment's first record (0 when it has none). */
  get firstLine(): number { return this.n > 0 ? this.line[0]! : 0; }

  /**
   * Seals the segment and starts a fresh one. Without raw text kept (see the constructor), `rawAt`
   * is where the segment's first line can be found in its source.
   */
  seal(rawAt?: RawLineCheckpoint): SegmentPayload {
    if (!this.keepRaw && !rawAt) throw new Error('A segment without its raw text needs the place of its lines in the source.');
    const payload = this.assemble(this.n, rawAt);
    this.reset();
    return payload;
  }

  private assemble(count: number, rawAt: RawLineCheckpoint | undefined): SegmentPayload {
    const encodeAll = <K extends string>(
      names: readonly K[], columns: (Float64Array | undefined)[], encode: typeof encodeColumn,
    ) => {
      const out: Partial<Record<K, NumericColumn>> = {};
      columns.forEach((values, k) => {
        const col = values && encode(values, count);
        if (col) out[names[k]!] = col;
      });
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
    const addrCols: SegmentPayload['columns']['addr'] = {};
    const srcCol = encodeIds(this.src, count);
    const dstCol = encodeIds(this.dst, count);
    if (srcCol) addrCols.src = srcCol;
    if (dstCol) addrCols.dst = dstCol;
    const { addrStats, rollup } = this.summarize(count);
    return {
      columns: {
        count,
        ts: encodeColumn(this.ts, count)!,
        line: encodeColumn(this.line, count)!,
        kind: encodeColumn(this.kind, count)!,
        num: encodeAll(EVENT_NUMBER_FIELDS, this.num, encodeColumn),
        str: encodeAll(EVENT_STRING_FIELDS, this.str, encodeIds),
        addr: addrCols,
        fields: encodeNamed(this.fields, count, encodeIds),
        ...(this.fieldNumbers.size > 0 ? { fieldNumbers: encodeNamed(this.fieldNumbers, count, encodeColumn), fieldOrder: this.fieldOrder } : {}),
        strings: this.strings,
      },
      addrs: this.addrs,
      addrStats,
      rollup,
      tsMin,
      tsMax,
      kindsMask,
      ...(this.keepRaw ? this.rawText(count) : { rawAt }),
    };
  }

  private rawText(count: number): { raw: string; rawOffsets: Uint32Array } {
    const rawOffsets = new Uint32Array(count + 1);
    let off = 0;
    for (let i = 0; i < count; i++) {
      rawOffsets[i] = off;
      off += this.raw[i]!.length;
    }
    rawOffsets[count] = off;
    return { raw: this.raw.join(''), rawOffsets };
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
    const orig = this.num[NUMBER_INDEX.get('origBytes')!];
    const resp = this.num[NUMBER_INDEX.get('respBytes')!];
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
      const t = this.ts[i]!;
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

  /** Puts row `i` back to "missing" in every column. */
  private clearRow(i: number): void {
    for (const col of this.num) if (col) col[i] = NaN;
    for (const col of this.str) if (col) col[i] = 0;
    for (const col of this.fields.values()) col[i] = 0;
    for (const col of this.fieldNumbers.values()) col[i] = NaN;
    this.src[i] = 0;
    this.dst[i] = 0;
  }

  /** A column with every row "missing", reused from a sealed segment when there is one. */
  private column(missing: number): Float64Array {
    const col = this.spare.pop();
    if (!col) return filled(missing);
    col.fill(missing);
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
    this.open = false;
    // Address columns are reused between segments; rows without an address must read 0.
    this.src.fill(0);
    this.dst.fill(0);
    for (const col of [...this.num, ...this.str, ...this.fields.values(), ...this.fieldNumbers.values()]) {
      if (col) this.spare.push(col);
    }
    this.num.fill(undefined);
    this.str.fill(undefined);
    this.fields.clear();
    this.fieldNumbers.clear();
    this.fieldOrder = [];
    this.strings = [''];
    this.stringIds = new Map();
    this.addrs = [''];
    this.addrIds = new Map();
    this.raw = [];
  }
}

/** A fresh column with every row "missing". */
function filled(missing: number): Float64Array {
  const col = new Float64Array(SEGMENT_CAPACITY);
  if (missing !== 0) col.fill(missing);
  return col;
}

/** A column of dictionary or address ids, where 0 means no value: not stored when all are 0. */
function encodeIds(values: Float64Array, count: number): NumericColumn | undefined {
  const col = encodeColumn(values, count);
  return col && !(col.enc === 'const' && col.value === 0) ? col : undefined;
}

/** Leftover columns by name, each encoded by `encode` (ids or numbers); empty ones are left out. */
function encodeNamed(fields: Map<string, Float64Array>, count: number, encode: typeof encodeColumn): Record<string, NumericColumn> {
  const out: Record<string, NumericColumn> = {};
  for (const [name, values] of fields) {
    const col = encode(values, count);
    if (col) out[name] = col;
  }
  return out;
}

function touch(stats: SegmentAddressStats, a: number, t: number): void {
  stats.count[a]! += 1;
  if (t < stats.firstTs[a]!) stats.firstTs[a] = t;
  if (t > stats.lastTs[a]!) stats.lastTs[a] = t;
}
