import {
  EVENT_KINDS, EVENT_NUMBER_FIELDS, EVENT_STRING_FIELDS,
  type EventAddressField, type EventKind, type EventNumberField, type EventStringField, type ParsedEvent,
} from '../model/event';
import { ColumnPool } from './column-pool';
import { writeEvent } from './formats/event-sink';
import type { LineSink } from './formats/types';
import type { RepeatedText } from './formats/repeated-text';
import { SEGMENT_CAPACITY, type RawLineCheckpoint, type RawSegment } from '../store/segment';

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((k, i) => [k, i]));
const OTHER_KIND = EVENT_KINDS.indexOf('other');
const NUMBER_INDEX = new Map<string, number>(EVENT_NUMBER_FIELDS.map((f, i) => [f, i]));
const STRING_INDEX = new Map<string, number>(EVENT_STRING_FIELDS.map((f, i) => [f, i]));

/** Serials of segments being written, unique across builders (see RepeatedText). */
let nextSegmentSerial = 0;

/**
 * Writes the events of one source into columns, in the producer: parsers write rows into it
 * field by field (it is their RowSink, and the byte forms' LineSink, which hands it repeated
 * values); events that arrive as objects go through `addEvent`.
 * A full segment is sealed as a RawSegment, its columns handed over whole, and the writer packs
 * it (segment-pack). Strings and addresses get segment-local ids here.
 */
export class SegmentBuilder implements LineSink {
  private n = 0;
  /** Names the segment being written, for the ids noted on RepeatedText values. */
  private serial = nextSegmentSerial++;
  /** True between `begin` and `commit`: row `n` is being written. */
  private open = false;
  private openZoneless = false;
  private ts: Float64Array;
  private line: Float64Array;
  private kind: Float64Array;
  /** By index in EVENT_NUMBER_FIELDS / EVENT_STRING_FIELDS; created on first use. */
  private readonly num: (Float64Array | undefined)[] = EVENT_NUMBER_FIELDS.map(() => undefined);
  private readonly str: (Float64Array | undefined)[] = EVENT_STRING_FIELDS.map(() => undefined);
  private src: Float64Array;
  private dst: Float64Array;
  private readonly fields = new Map<string, Float64Array>();
  private readonly fieldNumbers = new Map<string, Float64Array>();
  private fieldOrder: string[] = [];
  private strings: string[] = [''];
  private stringIds = new Map<string, number>();
  private addrs: string[] = [''];
  private addrIds = new Map<string, number>();
  private raw: string[] = [];

  /** Over the whole source, not one segment: events, zone-less timestamps, time range. */
  events = 0;
  zoneless = 0;
  tsMin = Infinity;
  tsMax = -Infinity;

  /**
   * `keepRaw` false: the raw text stays in the source (its records are its lines) and a segment
   * carries a line checkpoint instead of a copy; see RawSegment.rawAt.
   */
  constructor(private readonly keepRaw = true, private readonly pool = new ColumnPool()) {
    this.ts = pool.take();
    this.line = pool.take();
    this.kind = pool.take();
    this.src = this.column(0);
    this.dst = this.column(0);
  }

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
    this.extraColumn(name)[this.n] = this.stringId(value);
  }

  private extraColumn(name: string): Float64Array {
    let col = this.fields.get(name);
    if (!col) {
      this.fields.set(name, (col = this.column(0)));
      if (!this.fieldNumbers.has(name)) this.fieldOrder.push(name);
    }
    return col;
  }

  repeatedString(field: EventStringField, value: RepeatedText): void {
    if (value.text === '') return;
    const k = STRING_INDEX.get(field)!;
    (this.str[k] ??= this.column(0))[this.n] = this.repeatedStringId(value);
  }

  repeatedAddress(field: EventAddressField, value: RepeatedText): void {
    if (value.text === '') return;
    (field === 'src' ? this.src : this.dst)[this.n] = this.repeatedAddressId(value);
  }

  repeatedExtra(name: string, value: RepeatedText): void {
    if (value.text === '') return;
    this.extraColumn(name)[this.n] = this.repeatedStringId(value);
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
    writeEvent(this, event);
    this.commit(line, rawText);
  }

  /** The line of the segment's first record (0 when it has none). */
  get firstLine(): number { return this.n > 0 ? this.line[0]! : 0; }

  /**
   * Seals the segment, handing its columns over, and starts a fresh one. Without raw text kept
   * (see the constructor), `rawAt` is where the segment's first line can be found in its source.
   */
  seal(rawAt?: RawLineCheckpoint): RawSegment {
    if (!this.keepRaw && !rawAt) throw new Error('A segment without its raw text needs the place of its lines in the source.');
    const segment: RawSegment = {
      count: this.n,
      ts: this.ts,
      line: this.line,
      kind: this.kind,
      src: this.src,
      dst: this.dst,
      num: named(EVENT_NUMBER_FIELDS, this.num),
      str: named(EVENT_STRING_FIELDS, this.str),
      fields: Object.fromEntries(this.fields),
      fieldNumbers: Object.fromEntries(this.fieldNumbers),
      fieldOrder: this.fieldOrder,
      strings: this.strings,
      addrs: this.addrs,
      ...(this.keepRaw ? this.rawText() : { rawAt }),
    };
    this.reset();
    return segment;
  }

  private rawText(): { raw: string; rawOffsets: Uint32Array } {
    const count = this.n;
    const rawOffsets = new Uint32Array(count + 1);
    let off = 0;
    for (let i = 0; i < count; i++) {
      rawOffsets[i] = off;
      off += this.raw[i]!.length;
    }
    rawOffsets[count] = off;
    return { raw: this.raw.join(''), rawOffsets };
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

  /** A column with every row "missing" (pooled columns hold a sealed segment's rows). */
  private column(missing: number): Float64Array {
    return this.pool.take().fill(missing);
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

  private repeatedStringId(value: RepeatedText): number {
    if (value.stringSegment === this.serial) return value.stringId;
    value.stringSegment = this.serial;
    return (value.stringId = this.stringId(value.text));
  }

  private repeatedAddressId(value: RepeatedText): number {
    if (value.addressSegment === this.serial) return value.addressId;
    value.addressSegment = this.serial;
    return (value.addressId = this.addrId(value.text));
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

  /** The columns went with the sealed segment: the next one starts on others. */
  private reset(): void {
    this.serial = nextSegmentSerial++;
    this.n = 0;
    this.open = false;
    this.ts = this.pool.take();
    this.line = this.pool.take();
    this.kind = this.pool.take();
    this.src = this.column(0);
    this.dst = this.column(0);
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

/** The columns a segment has, by field name. */
function named<K extends string>(names: readonly K[], columns: (Float64Array | undefined)[]): Partial<Record<K, Float64Array>> {
  const out: Partial<Record<K, Float64Array>> = {};
  columns.forEach((col, k) => { if (col) out[names[k]!] = col; });
  return out;
}
