import {
  EVENT_KINDS, EVENT_NUMBER_FIELDS, EVENT_STRING_FIELDS, type EventKind, type LogEvent,
} from '../model/event';
import { gunzipBytes } from '../ingest/compress';
import { decodeUtf8 } from '../ingest/bytes';
import { columnValue, decodeColumn, type NumericColumn } from '../store/columns';
import { eventId, splitEventId, type RawLineCheckpoint, type SegmentColumns } from '../store/segment';
import type { EvidenceSource } from '../model/source';
import { readSourceLines, type LineRange } from './raw-lines';
import { SortedRunsBuilder } from './sorted-runs';
import type {
  AddressSummary, EventDetail, EventFilter, EventPage, RollupMinute, SegmentInfo, SegmentStore, TopEntry,
} from './types';

/** The case's addresses as arrays indexed by case-level address id. */
export interface AddressTable {
  rows: AddressSummary[];
  internal: Uint8Array;
  ip: string[];
  byId: Map<number, AddressSummary>;
  size: number;
}

/** Decoded segments kept in memory, measured in events (about 40 bytes each when decoded). */
const CACHE_EVENTS = 4_000_000;
/** Segments read ahead of the one being scanned: reads overlap the scan instead of following it. */
const READ_AHEAD = 4;
/** Sorted match lists kept per filter, so paging through a result does not sort again. */
const RESULT_CACHE = 8;
/** Derived answers (suspects, pivots, histograms…) kept per case. */
const MEMO_ENTRIES = 96;
/** Segments whose lines, read again from their sources, are kept (an analyst reads neighbours). */
const KEPT_LINE_SEGMENTS = 4;

/** A segment with its columns decoded on first use. */
export class LoadedSegment {
  private readonly decoded = new Map<string, Float64Array>();
  /** Per-segment derived lookups (e.g. detection hits per string), built by analyses once. */
  readonly derived = new Map<string, unknown>();
  constructor(readonly info: SegmentInfo, readonly cols: SegmentColumns) {}

  column(name: string, col: NumericColumn | undefined): Float64Array {
    let d = this.decoded.get(name);
    if (!d) {
      d = decodeColumn(col, this.cols.count);
      this.decoded.set(name, d);
    }
    return d;
  }
  get ts() { return this.column('ts', this.cols.ts); }
  get kind() { return this.column('kind', this.cols.kind); }
  get src() { return this.column('addr.src', this.cols.addr.src); }
  get dst() { return this.column('addr.dst', this.cols.addr.dst); }
  num(f: string) { return this.column(`num.${f}`, this.cols.num[f as keyof SegmentColumns['num']]); }
  str(f: string) { return this.column(`str.${f}`, this.cols.str[f as keyof SegmentColumns['str']]); }
  /** Whether the segment has the column at all (absent columns decode to all-missing). */
  has(group: 'num' | 'str', f: string): boolean {
    return (this.cols[group] as Record<string, unknown>)[f] !== undefined;
  }
}

/** Row filter for one segment; null means every row matches. */
export type RowPredicate = ((row: number) => boolean) | null;

/** Matching events in (time, id) order. */
interface Matches { ts: Float64Array; ids: Float64Array }

/**
 * The one way views read events. It plans with the segments' zone maps (time span, kinds,
 * address ids), loads only segments that can match, scans their typed arrays, and keeps an LRU
 * of decoded segments so repeated questions about the same addresses stay warm.
 */
export class QueryEngine {
  private infos: SegmentInfo[] | undefined;
  private readonly cache = new Map<number, LoadedSegment>();
  /** Reads in flight, so two scans wanting one segment read it once. */
  private readonly reading = new Map<number, Promise<LoadedSegment | undefined>>();
  private cachedEvents = 0;
  private readonly results = new Map<string, Matches>();
  private readonly memos = new Map<string, Promise<unknown>>();
  private addressTable: Promise<AddressTable> | undefined;
  private rollupRows: Promise<RollupMinute[]> | undefined;

  /** Segments' lines read from their kept sources, oldest first (see sourceLines). */
  private readonly lines = new Map<number, Promise<string[] | undefined>>();

  constructor(readonly store: SegmentStore) {}

  /** Forget everything cached (after an import changed the case). */
  invalidate(): void {
    this.infos = undefined;
    this.cache.clear();
    this.reading.clear();
    this.lines.clear();
    this.cachedEvents = 0;
    this.results.clear();
    this.memos.clear();
    this.addressTable = undefined;
    this.rollupRows = undefined;
  }

  /**
   * The per-minute rollup rows in `[from, to)` (see SegmentStore.rollups). All of them are read
   * once and kept: a case holds a row per minute and source (thousands), and charts ask for many
   * ranges of them.
   */
  async rollups(from: number, to: number): Promise<RollupMinute[]> {
    this.rollupRows ??= this.store.rollups(-Infinity, Infinity);
    const rows = await this.rollupRows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.minute < from) lo = mid + 1; else hi = mid;
    }
    let end = lo;
    while (end < rows.length && rows[end]!.minute < to) end++;
    return rows.slice(lo, end);
  }

  /**
   * Forget computed answers but keep the decoded segments: what a new question costs with the
   * case open (the benchmark's "warm" timings measure exactly that).
   */
  forgetAnswers(): void {
    this.results.clear();
    this.memos.clear();
  }

  /**
   * Names the current state of the case: it changes when an import adds or removes segments
   * and when re-derivation changes which addresses are internal or what left to them.
   */
  async stateStamp(): Promise<string> {
    const infos = await this.segmentInfos();
    const table = await this.addresses();
    let ids = 0, events = 0, internal = 0, out = 0;
    for (const s of infos) { ids += s.id; events += s.count; }
    for (const a of table.rows) { internal += a.internal; out += a.bytesOut; }
    return `${infos.length}:${ids}:${events}:${table.rows.length}:${internal}:${out}`;
  }

  /**
   * A derived answer (suspects, exfiltration…) computed once per state of the case: the case
   * only changes through imports, which call invalidate().
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let p = this.memos.get(key) as Promise<T> | undefined;
    if (p) {
      // Most recently used last, so the oldest answer is the one dropped.
      this.memos.delete(key);
      this.memos.set(key, p);
      return p;
    }
    p = compute();
    this.memos.set(key, p);
    p.catch(() => this.memos.delete(key));
    if (this.memos.size > MEMO_ENTRIES) this.memos.delete(this.memos.keys().next().value!);
    return p;
  }

  /** Every address of the case, indexed by id, with its internal flag. */
  addresses(): Promise<AddressTable> {
    this.addressTable ??= this.store.addresses().then((rows) => {
      let max = 0;
      for (const r of rows) if (r.id > max) max = r.id;
      const internal = new Uint8Array(max + 1);
      const ip: string[] = new Array<string>(max + 1).fill('');
      const byId = new Map<number, AddressSummary>();
      for (const r of rows) {
        internal[r.id] = r.internal;
        ip[r.id] = r.ip;
        byId.set(r.id, r);
      }
      return { rows, internal, ip, byId, size: max + 1 };
    });
    return this.addressTable;
  }

  /** All segment infos (the planning data), loaded once. */
  async segmentInfos(): Promise<SegmentInfo[]> {
    this.infos ??= await this.store.segments();
    return this.infos;
  }

  /**
   * Visits every segment that can match the filter with a row predicate for it, so analyses
   * can run tight loops over the typed arrays instead of a callback per row.
   */
  async forEachSegment(filter: EventFilter, visit: (seg: LoadedSegment, pred: RowPredicate) => void): Promise<void> {
    const plan = await this.plan(filter);
    if (!plan) return;
    const { segments } = plan;
    // Each segment is its own IndexedDB read; a few are asked for ahead, so a cold scan waits
    // for the database once instead of once per segment.
    const ahead: Promise<LoadedSegment | undefined>[] = [];
    const readAhead = (k: number) => {
      if (k >= segments.length) return;
      const read = this.load(segments[k]!.id);
      read.catch(() => undefined); // awaited below; this only keeps an abandoned read quiet
      ahead.push(read);
    };
    for (let k = 0; k < READ_AHEAD; k++) readAhead(k);
    for (let i = 0; i < segments.length; i++) {
      const seg = await ahead.shift();
      readAhead(i + READ_AHEAD);
      if (!seg) continue;
      visit(seg, this.predicate(seg, filter, plan.addressId));
    }
  }

  async count(filter: EventFilter): Promise<number> {
    return (await this.matches(filter)).ts.length;
  }

  /** A page of matching events in time order. */
  async page(filter: EventFilter, offset: number, limit: number, descending = false): Promise<EventPage> {
    const m = await this.matches(filter);
    const total = m.ts.length;
    const rows: LogEvent[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) {
      const i = descending ? total - 1 - k : k;
      const ev = await this.event(m.ids[i]!);
      if (ev) rows.push(ev);
    }
    return { total, offset, rows };
  }

  /** Addresses ranked by events or by a byte column, over matching events. */
  async topAddresses(
    filter: EventFilter,
    side: 'src' | 'dst',
    by: 'events' | 'origBytes' | 'respBytes',
    n: number,
  ): Promise<TopEntry[]> {
    // Address ids are small dense integers: totals live in arrays indexed by them.
    let events = new Float64Array(1024);
    let bytes = new Float64Array(1024);
    const grow = (a: number) => {
      let size = events.length;
      while (size <= a) size *= 2;
      const e = new Float64Array(size);
      const b = new Float64Array(size);
      e.set(events);
      b.set(bytes);
      events = e;
      bytes = b;
    };
    await this.forEachSegment(filter, (seg, pred) => {
      const addr = side === 'src' ? seg.src : seg.dst;
      const amount = by === 'events' ? undefined : seg.num(by);
      for (let r = 0; r < seg.cols.count; r++) {
        const a = addr[r]!;
        if (!(a > 0) || (pred !== null && !pred(r))) continue;
        if (a >= events.length) grow(a);
        events[a]! += 1;
        if (amount) {
          const b = amount[r]!;
          if (b === b) bytes[a]! += b;
        }
      }
    });
    const seen: number[] = [];
    for (let a = 1; a < events.length; a++) if (events[a]! > 0) seen.push(a);
    const score = by === 'events' ? events : bytes;
    const top = seen.sort((x, y) => score[y]! - score[x]! || x - y).slice(0, n);
    const texts = await this.store.addressTexts(top);
    return top.map((id) => ({ address: texts.get(id) ?? `#${id}`, events: events[id]!, bytes: bytes[id]! }));
  }

  /** One event by id, with its raw text and evidence source. */
  async detail(id: number, batch?: DetailBatch): Promise<EventDetail | undefined> {
    const event = await this.event(id);
    if (!event) return undefined;
    const { segmentId, row } = splitEventId(id);
    const raw = await (batch ? batch.raw(segmentId) : this.store.raw(segmentId));
    const source = await this.store.source(event.sourceId);
    let text = '';
    if (raw?.at) {
      const lines = batch?.lines.get(segmentId) ?? (source ? await this.sourceLines(segmentId, source, raw.at) : undefined);
      text = lines?.[event.line - raw.at.line] ?? '';
    } else if (raw?.offsets) {
      const all = await (batch ? batch.text(segmentId, raw) : segmentText(raw));
      text = all.slice(raw.offsets[row], raw.offsets[row + 1]);
    }
    return { event, raw: text, source };
  }

  /**
   * Several events at once (a report's pinned events): the lines of all their segments that live
   * in one kept source are read in one pass over it, not one pass per segment, and a segment's
   * stored text is read once for all of its events.
   */
  async details(ids: number[]): Promise<Array<EventDetail | undefined>> {
    const raws = new Map<number, Promise<SegmentRaw | undefined>>();
    const texts = new Map<number, Promise<string>>();
    const batch: DetailBatch = {
      lines: new Map(),
      raw: (segmentId) => {
        let known = raws.get(segmentId);
        if (!known) raws.set(segmentId, (known = this.store.raw(segmentId)));
        return known;
      },
      text: (segmentId, raw) => {
        let known = texts.get(segmentId);
        if (!known) texts.set(segmentId, (known = segmentText(raw)));
        return known;
      },
    };
    const bySource = new Map<number, { source: EvidenceSource; segments: Array<{ segmentId: number; at: RawLineCheckpoint }> }>();
    for (const segmentId of new Set(ids.map((id) => splitEventId(id).segmentId))) {
      if (this.lines.has(segmentId)) continue;
      const [raw, seg] = await Promise.all([batch.raw(segmentId), this.load(segmentId)]);
      if (!raw?.at || !seg) continue;
      const source = await this.store.source(seg.info.sourceId);
      if (!source) continue;
      const group = bySource.get(source.id) ?? { source, segments: [] };
      group.segments.push({ segmentId, at: raw.at });
      bySource.set(source.id, group);
    }
    for (const { source, segments } of bySource.values()) {
      for (const [segmentId, lines] of await this.readSegmentLines(source, segments)) batch.lines.set(segmentId, lines);
    }
    const out: Array<EventDetail | undefined> = [];
    for (const id of ids) out.push(await this.detail(id, batch));
    return out;
  }

  /**
   * A segment's lines, read again from its kept source (the first time one of its events is
   * looked at: that reads the source up to them), then remembered for the next few segments.
   */
  private sourceLines(segmentId: number, source: EvidenceSource, at: RawLineCheckpoint): Promise<string[] | undefined> {
    const known = this.lines.get(segmentId);
    if (known) return known;
    const reading = this.readSegmentLines(source, [{ segmentId, at }]).then((m) => m.get(segmentId));
    this.lines.set(segmentId, reading);
    reading.catch(() => this.lines.delete(segmentId));
    while (this.lines.size > KEPT_LINE_SEGMENTS) this.lines.delete(this.lines.keys().next().value!);
    return reading;
  }

  /** The lines of some segments of one source, read in one pass over its kept original. */
  private async readSegmentLines(source: EvidenceSource, segments: Array<{ segmentId: number; at: RawLineCheckpoint }>): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    const kept = source.original ? await this.store.original(source.original) : undefined;
    if (!kept) return out;
    const ranges: Array<{ segmentId: number; range: LineRange }> = [];
    for (const { segmentId, at } of segments) {
      const seg = await this.load(segmentId);
      if (!seg || seg.cols.count === 0) continue;
      ranges.push({ segmentId, range: { at, lastLine: columnValue(seg.cols.line, seg.cols.count - 1) } });
    }
    const lines = await readSourceLines(kept.item, source.path, ranges.map((r) => r.range), kept.limits);
    ranges.forEach((r, k) => { const l = lines?.[k]; if (l) out.set(r.segmentId, l); });
    return out;
  }

  /** One event by id, materialized from its columns. */
  async event(id: number): Promise<LogEvent | undefined> {
    const { segmentId, row } = splitEventId(id);
    const seg = await this.load(segmentId);
    if (!seg || row >= seg.cols.count) return undefined;
    const c = seg.cols;
    const ev: LogEvent = {
      id,
      ts: columnValue(c.ts, row),
      sourceId: seg.info.sourceId,
      line: columnValue(c.line, row),
      kind: EVENT_KINDS[columnValue(c.kind, row)] ?? 'other',
    };
    const addr: number[] = [];
    for (const f of ['src', 'dst'] as const) {
      const v = columnValue(c.addr[f], row);
      if (v > 0) addr.push(v);
    }
    const texts = addr.length ? await this.store.addressTexts(addr) : new Map<number, string>();
    const s = columnValue(c.addr.src, row);
    const d = columnValue(c.addr.dst, row);
    if (s > 0) ev.src = texts.get(s);
    if (d > 0) ev.dst = texts.get(d);
    for (const f of EVENT_NUMBER_FIELDS) {
      const v = columnValue(c.num[f], row);
      if (v === v) ev[f] = v;
    }
    for (const f of EVENT_STRING_FIELDS) {
      const v = columnValue(c.str[f], row);
      if (v > 0) ev[f] = c.strings[v];
    }
    // In the record's own order where the segment kept it (text and number columns interleave).
    const numbers = c.fieldNumbers ?? {};
    for (const key of c.fieldOrder ?? Object.keys(c.fields)) {
      const id = columnValue(c.fields[key], row);
      if (id > 0) { (ev.fields ??= {})[key] = c.strings[id]!; continue; }
      const n = columnValue(numbers[key], row);
      if (n === n) (ev.fields ??= {})[key] = String(n);
    }
    return ev;
  }

  private async matches(filter: EventFilter): Promise<Matches> {
    const key = JSON.stringify(filter);
    const hit = this.results.get(key);
    if (hit) {
      this.results.delete(key);
      this.results.set(key, hit);
      return hit;
    }
    const runs = new SortedRunsBuilder();
    await this.forEachSegment(filter, (seg, pred) => {
      runs.beginRun();
      const ts = seg.ts;
      const base = eventId(seg.info.id, 0);
      for (let r = 0; r < seg.cols.count; r++) if (pred === null || pred(r)) runs.add(ts[r]!, base + r);
    });
    const m: Matches = runs.finish();
    this.results.set(key, m);
    if (this.results.size > RESULT_CACHE) this.results.delete(this.results.keys().next().value!);
    return m;
  }

  private async plan(filter: EventFilter): Promise<{ segments: SegmentInfo[]; addressId?: number } | undefined> {
    this.infos ??= await this.store.segments();
    let addressId: number | undefined;
    if (filter.address) {
      addressId = await this.store.addressId(filter.address);
      if (addressId === undefined) return undefined;
    }
    const kindMask = filter.kinds?.length
      ? filter.kinds.reduce((m, k) => m | (1 << EVENT_KINDS.indexOf(k)), 0)
      : -1;
    const sources = filter.sourceIds?.length ? new Set(filter.sourceIds) : undefined;
    const segments = this.infos.filter((s) =>
      (filter.from === undefined || s.tsMax >= filter.from) &&
      (filter.to === undefined || s.tsMin < filter.to) &&
      (s.kindsMask & kindMask) !== 0 &&
      (!sources || sources.has(s.sourceId)) &&
      (addressId === undefined || binaryIncludes(s.addrIds, addressId)));
    return { segments, addressId };
  }

  private predicate(seg: LoadedSegment, f: EventFilter, addressId: number | undefined): RowPredicate {
    const tests: Array<(r: number) => boolean> = [];
    if (f.from !== undefined || f.to !== undefined) {
      const ts = seg.ts;
      const from = f.from ?? -Infinity;
      const to = f.to ?? Infinity;
      if (!(seg.info.tsMin >= from && seg.info.tsMax < to)) tests.push((r) => ts[r]! >= from && ts[r]! < to);
    }
    if (addressId !== undefined) {
      const src = seg.src;
      const dst = seg.dst;
      tests.push((r) => src[r] === addressId || dst[r] === addressId);
    }
    if (f.kinds?.length) {
      const wanted = new Set(f.kinds.map((k: EventKind) => EVENT_KINDS.indexOf(k)));
      const kind = seg.kind;
      tests.push((r) => wanted.has(kind[r]!));
    }
    if (f.status !== undefined) {
      const status = seg.num('status');
      const want = f.status;
      tests.push((r) => status[r] === want);
    }
    if (f.method) {
      const id = seg.cols.strings.indexOf(f.method.toUpperCase());
      const method = seg.str('method');
      tests.push((r) => id > 0 && method[r] === id);
    }
    if (f.text) {
      const needle = f.text.toLowerCase();
      const hits = new Uint8Array(seg.cols.strings.length);
      seg.cols.strings.forEach((s, i) => { if (i > 0 && s.toLowerCase().includes(needle)) hits[i] = 1; });
      const cols = [
        ...Object.keys(seg.cols.str).map((k) => seg.str(k)),
        ...Object.keys(seg.cols.fields).map((k) => seg.column(`fields.${k}`, seg.cols.fields[k])),
      ];
      // Numbers kept as numbers are searched as the text they read back as; a needle with
      // anything a number's text cannot hold cannot be in them.
      const numbers = /\d/.test(needle) && /^[\d.e+-]+$/.test(needle)
        ? Object.keys(seg.cols.fieldNumbers ?? {}).map((k) => seg.column(`fieldNumbers.${k}`, seg.cols.fieldNumbers![k]))
        : [];
      tests.push((r) => cols.some((c) => hits[c[r]!] === 1) || numbers.some((c) => c[r] === c[r] && String(c[r]).includes(needle)));
    }
    if (tests.length === 0) return null;
    if (tests.length === 1) return tests[0]!;
    return (r) => tests.every((t) => t(r));
  }

  private async load(id: number): Promise<LoadedSegment | undefined> {
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    const inFlight = this.reading.get(id);
    if (inFlight) return inFlight;
    const read: Promise<LoadedSegment | undefined> = this.read(id).finally(() => {
      // After an invalidate() a newer read of the same segment may hold the slot.
      if (this.reading.get(id) === read) this.reading.delete(id);
    });
    this.reading.set(id, read);
    return read;
  }

  private async read(id: number): Promise<LoadedSegment | undefined> {
    this.infos ??= await this.store.segments();
    const info = this.infos.find((s) => s.id === id);
    const cols = info && (await this.store.columns(id));
    if (!info || !cols) return undefined;
    const seg = new LoadedSegment(info, cols);
    this.cache.set(id, seg);
    this.cachedEvents += cols.count;
    while (this.cachedEvents > CACHE_EVENTS && this.cache.size > 1) {
      const [oldId, old] = this.cache.entries().next().value!;
      this.cache.delete(oldId);
      this.cachedEvents -= old.cols.count;
    }
    return seg;
  }
}

function binaryIncludes(arr: Uint32Array, v: number): boolean {
  let lo = 0;
  let hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = arr[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

type SegmentRaw = NonNullable<Awaited<ReturnType<SegmentStore['raw']>>>;

/** What `details` has read already, for the events it asks `detail` about one by one. */
interface DetailBatch {
  /** Lines of segments whose text lives in their kept source, read in one pass per source. */
  lines: Map<number, string[]>;
  raw(segmentId: number): Promise<SegmentRaw | undefined>;
  text(segmentId: number, raw: SegmentRaw): Promise<string>;
}

/**
 * A segment's stored text, as stored or gzipped (cases imported before 2026-11-26). The gzip
 * holds the records' own text: a U+FEFF opening the first record is a character of it, not a
 * byte order mark, and dropping it would shift every record after it by one.
 */
async function segmentText(raw: SegmentRaw): Promise<string> {
  return raw.text ?? (raw.gz ? decodeUtf8(await gunzipBytes(raw.gz)) : '');
}
