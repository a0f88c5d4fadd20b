import {
  ProducerMessageSchema, type ProducerMessage,
} from '../../shared/contract/ingest-port';
import type { PortEndpoint } from '../../shared/contract/port';
import { EVENT_KINDS } from '../../shared/model/event';
import type { EvidenceSource } from '../../shared/model/source';
import { packSegment, rawSegmentColumns } from '../../shared/ingest/segment-pack';
import { AddressClassifier } from '../../shared/net/address';
import { decodeColumn, encodeColumn, type NumericColumn } from '../../shared/store/columns';
import type { RollupMinute } from '../../shared/query/types';
import { mergePeers, packMinutes, type PeerTotals } from '../../shared/store/rollups';
import type { SegmentPayload } from '../../shared/store/segment';
import type { AddressRow, CaseDb, RollupRow, SegmentIndexRow } from './schema';

/** What the writer tells the UI while it works. */
export type WriterEvent =
  | { type: 'source'; source: EvidenceSource }
  | { type: 'progress'; progress: Extract<ProducerMessage, { t: 'progress' }>; storedEvents: number; perSource: Record<number, number> }
  | { type: 'done'; status: 'complete' | 'cancelled' | 'failed'; error?: string; limit?: string };

interface OpenSource {
  id: number;
  /** The evidence row as stored when the source opened (only this writer changes it until it closes). */
  row: EvidenceSource;
  role: 'container' | 'log';
  segments: number;
  /** Events stored so far, for live progress. */
  stored: number;
  open: boolean;
  /** The size the source was opened with (a zip entry's, a picked file's), when known. */
  openBytes: number;
  addr: Map<number, AddrAcc>;
  minutes: Map<number, MinuteAcc>;
}
interface AddrAcc { events: number; out: number; in: number; first: number; last: number; internal: 0 | 1 }
/**
 * One minute of a source, as it will be stored: peers ascending by address id. Kept in final form
 * while the import runs, so closing a source only has to write it.
 */
interface MinuteAcc { kinds: number[]; out: number; in: number; peers: PeerTotals }
const NO_PEERS: PeerTotals = { ids: new Uint32Array(0), count: new Uint32Array(0), out: new Float64Array(0), in: new Float64Array(0) };

/**
 * Stores one import's stream into the case database. Each data message is written in its own
 * transaction and acknowledged only after it commits, which is the producer's backpressure.
 * Address totals and rollups of a source are folded into the case only when the source
 * completes, so a cancelled or failed source leaves no trace but its evidence row.
 */
export class CaseWriter {
  private readonly refs = new Map<number, OpenSource>();
  private addressIds = new Map<string, number>();
  private nextAddressId = 1;
  private storedEvents = 0;
  private finished = false;
  private unsubscribe: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private resolveRun: (() => void) | undefined;

  private readonly classifier: AddressClassifier;
  private readonly originals: ReadonlyArray<string | undefined>;
  /** The producer asked for its segments' column buffers back (it fills them again). */
  private columnsBack = false;

  /**
   * `internalRanges`: the import's own ranges, which decide what left the building.
   * `originals`: the keys of the picked items the case keeps, by their index in the import.
   */
  constructor(
    private readonly db: CaseDb,
    private readonly importId: string,
    private readonly port: PortEndpoint,
    private readonly emit: (e: WriterEvent) => void,
    setup: { internalRanges: readonly string[]; originals?: ReadonlyArray<string | undefined> },
  ) {
    this.classifier = new AddressClassifier([...setup.internalRanges]);
    this.originals = setup.originals ?? [];
  }

  /** Starts taking messages (after loading the address dictionary). Resolves when the import ends. */
  async run(): Promise<void> {
    // Listen at once: the port delivers as soon as someone listens, and nothing may be lost.
    this.queue = this.db.addresses.each((a) => {
      this.addressIds.set(a.ip, a.id);
      if (a.id >= this.nextAddressId) this.nextAddressId = a.id + 1;
    });
    return new Promise<void>((resolve) => {
      this.resolveRun = resolve;
      this.unsubscribe = this.port.onMessage((data) => {
        // Messages are handled strictly in arrival order.
        this.queue = this.queue.then(() => this.handle(data)).catch((e: unknown) => this.fail(e));
        void this.queue.then(() => { if (this.finished) resolve(); });
      });
    });
  }

  /** Asks the producer to stop one source, or the whole import. */
  cancel(ref?: number): void {
    this.port.send({ t: 'cancel', ref });
  }

  /** The producer is gone: fail the import and mark what it left open, keeping nothing of it. */
  abort(reason: string): void {
    this.queue = this.queue.then(async () => {
      if (this.finished) return;
      for (const [ref, src] of this.refs) {
        if (src.open) await this.closeSource({ t: 'source-close', ref, status: 'failed', bytes: 0, events: 0, rejected: 0, zoneless: 0, error: reason });
      }
      this.fail(new Error(reason));
    });
  }

  refForSource(sourceId: number): number | undefined {
    for (const [ref, s] of this.refs) if (s.id === sourceId) return ref;
    return undefined;
  }

  private async handle(data: unknown): Promise<void> {
    if (this.finished) return;
    const parsed = ProducerMessageSchema.safeParse(data);
    if (!parsed.success) {
      throw new Error(`The importer sent a message the case cannot store: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const msg = parsed.data;
    switch (msg.t) {
      case 'hello':
        if (msg.importId !== this.importId) throw new Error('The importer is talking about another import.');
        this.columnsBack = msg.columnsBack === true;
        return;
      case 'source-open':
        return this.openSource(msg);
      case 'segment': {
        const seg = packSegment(msg.segment, this.classifier);
        await this.storeSegment(msg.ref, seg);
        if (!this.columnsBack) {
          this.port.send({ t: 'ack', seq: msg.seq });
          return;
        }
        // Packed into new arrays, so the columns are free to go back and be filled again.
        const columns = [...new Set(rawSegmentColumns(msg.segment).map((c) => c.buffer as ArrayBuffer))];
        this.port.send({ t: 'ack', seq: msg.seq, columns }, columns);
        return;
      }
      case 'rejects': {
        const src = this.source(msg.ref);
        await this.db.rejects.bulkAdd(msg.rejects.map((r) => ({ ...r, sourceId: src.id })));
        this.port.send({ t: 'ack', seq: msg.seq });
        return;
      }
      case 'source-close':
        return this.closeSource(msg);
      case 'progress': {
        const perSource: Record<number, number> = {};
        for (const src of this.refs.values()) if (src.open && src.role === 'log') perSource[src.id] = src.stored;
        this.emit({ type: 'progress', progress: msg, storedEvents: this.storedEvents, perSource });
        return;
      }
      case 'done':
        await this.db.imports.update(this.importId, {
          finishedAt: Date.now(), status: msg.status, error: msg.error, limit: msg.limit,
          events: this.storedEvents,
        });
        this.finished = true;
        this.unsubscribe?.();
        this.emit({ type: 'done', status: msg.status, error: msg.error, limit: msg.limit });
        return;
    }
  }

  private source(ref: number): OpenSource {
    const s = this.refs.get(ref);
    if (!s) throw new Error(`The importer referred to source ${ref} before opening it.`);
    return s;
  }

  private async openSource(msg: Extract<ProducerMessage, { t: 'source-open' }>): Promise<void> {
    const row: Omit<EvidenceSource, 'id'> = {
      importId: this.importId,
      parentId: msg.parentRef !== undefined ? this.refs.get(msg.parentRef)?.id : undefined,
      role: msg.role,
      containerKind: msg.containerKind,
      name: msg.name,
      path: msg.path,
      bytes: msg.bytes ?? 0,
      format: msg.format,
      formatChosenBy: msg.formatChosenBy,
      parserVersion: msg.parserVersion,
      events: 0,
      rejected: 0,
      zoneless: 0,
      timeZone: msg.timeZone,
      original: msg.item !== undefined ? this.originals[msg.item] : undefined,
      status: 'importing',
      startedAt: Date.now(),
    };
    const id = await this.db.sources.add(row as EvidenceSource);
    const opened = { ...row, id } as EvidenceSource;
    this.refs.set(msg.ref, { id, row: opened, role: msg.role, segments: 0, stored: 0, open: true, openBytes: msg.bytes ?? 0, addr: new Map(), minutes: new Map() });
    this.emit({ type: 'source', source: opened });
  }

  private async storeSegment(ref: number, seg: SegmentPayload): Promise<void> {
    const src = this.source(ref);
    const { columns } = seg;
    const count = columns.count;
    const { toCase, newAddresses } = this.caseAddressIds(seg);
    // Address columns switch from segment-local indices to case-level ids.
    const present = new Uint8Array(toCase.length);
    for (const field of ['src', 'dst'] as const) {
      const col = columns.addr[field];
      if (col) columns.addr[field] = remapAddresses(col, count, toCase, present);
    }
    const addrIds = presentIds(present, toCase);

    await this.writeSegment(newAddresses, {
      sourceId: src.id, seq: src.segments, count, tsMin: seg.tsMin, tsMax: seg.tsMax,
      kindsMask: seg.kindsMask, addrIds,
    }, seg);
    src.segments++;
    src.stored += count;
    this.storedEvents += count;
    this.accumulate(src, seg, toCase);
  }

  /**
   * Case-level ids of a segment's addresses (index 0, no address, stays 0), giving the ones
   * the case has not seen an id of their own. Kept apart from storeSegment, as are the loops
   * below: small functions are optimised once and stay so, where one large one was compiled
   * again and again (about 80 ms a time) as each of its loops grew hot.
   */
  private caseAddressIds(seg: SegmentPayload): { toCase: Uint32Array; newAddresses: AddressRow[] } {
    const local = seg.addrs;
    const toCase = new Uint32Array(local.length);
    const newAddresses: AddressRow[] = [];
    for (let i = 1; i < local.length; i++) {
      const ip = local[i]!;
      let id = this.addressIds.get(ip);
      if (id === undefined) {
        id = this.nextAddressId++;
        this.addressIds.set(ip, id);
        newAddresses.push({
          id, ip, internal: seg.addrStats.internal[i] === 1 ? 1 : 0,
          events: 0, bytesOut: 0, bytesIn: 0, firstTs: Infinity, lastTs: -Infinity,
        });
      }
      toCase[i] = id;
    }
    return { toCase, newAddresses };
  }

  /**
   * One segment in one IndexedDB transaction, through IndexedDB itself: this is the import's
   * hottest write and Dexie's promise machinery around four requests cost more than the requests.
   */
  private writeSegment(newAddresses: AddressRow[], index: Omit<SegmentIndexRow, 'id'>, seg: SegmentPayload): Promise<void> {
    return transact(this.db, ['addresses', 'segmentIndex', 'segmentData', 'segmentRaw'], 'Storing a segment', (tx) => {
      const addresses = tx.objectStore('addresses');
      for (const a of newAddresses) addresses.add(a);
      const req = tx.objectStore('segmentIndex').add(index);
      req.onsuccess = () => {
        const id = req.result as number;
        tx.objectStore('segmentData').add({ id, columns: seg.columns });
        // The raw text itself, or where the segment's lines are in their kept source.
        tx.objectStore('segmentRaw').add(seg.rawAt ? { id, at: seg.rawAt } : { id, text: seg.raw, offsets: seg.rawOffsets });
      };
    });
  }

  private accumulate(src: OpenSource, seg: SegmentPayload, toCase: Uint32Array): void {
    const st = seg.addrStats;
    for (let i = 1; i < toCase.length; i++) {
      const id = toCase[i]!;
      let a = src.addr.get(id);
      if (!a) {
        a = { events: 0, out: 0, in: 0, first: Infinity, last: -Infinity, internal: st.internal[i] === 1 ? 1 : 0 };
        src.addr.set(id, a);
      }
      a.events += st.count[i]!;
      a.out += st.bytesOut[i]!;
      a.in += st.bytesIn[i]!;
      a.first = Math.min(a.first, st.firstTs[i]!);
      a.last = Math.max(a.last, st.lastTs[i]!);
    }
    const r = seg.rollup;
    const nKinds = EVENT_KINDS.length;
    const sorted = peersByMinute(r, toCase);
    for (let m = 0; m < r.minutes.length; m++) {
      const minute = r.minutes[m]!;
      let acc = src.minutes.get(minute);
      if (!acc) {
        acc = { kinds: new Array<number>(nKinds).fill(0), out: 0, in: 0, peers: NO_PEERS };
        src.minutes.set(minute, acc);
      }
      for (let k = 0; k < nKinds; k++) acc.kinds[k]! += r.kindCounts[m * nKinds + k]!;
      acc.out += r.bytesOut[m]!;
      acc.in += r.bytesIn[m]!;
      const from = sorted.start[m]!;
      const to = sorted.start[m + 1]!;
      if (from === to) continue;
      const fresh: PeerTotals = {
        ids: sorted.ids.slice(from, to),
        count: sorted.count.slice(from, to),
        out: sorted.out.slice(from, to),
        in: sorted.in.slice(from, to),
      };
      acc.peers = acc.peers.ids.length === 0 ? fresh : mergePeers(acc.peers, fresh);
    }
  }

  private async closeSource(msg: Extract<ProducerMessage, { t: 'source-close' }>): Promise<void> {
    const src = this.source(msg.ref);
    src.open = false;
    const kept = msg.status === 'complete';
    const patch: Partial<EvidenceSource> = {
      status: msg.status,
      sha256: msg.sha256,
      // A container that failed before its end says 0; the size it was opened with still holds.
      bytes: msg.bytes > 0 ? msg.bytes : src.openBytes,
      events: kept ? msg.events : 0,
      rejected: kept ? msg.rejected : 0,
      zoneless: kept ? msg.zoneless : 0,
      tsMin: kept ? msg.tsMin : undefined,
      tsMax: kept ? msg.tsMax : undefined,
      error: msg.error,
      finishedAt: Date.now(),
    };
    let row: EvidenceSource | undefined;
    if (kept) {
      row = await this.closeIntoCase(src, patch);
    } else {
      // All or nothing per source: remove what was stored of it, keep the row that says why.
      await this.db.transaction('rw', [this.db.segmentIndex, this.db.segmentData, this.db.segmentRaw, this.db.rejects, this.db.sources], async () => {
        const ids = await this.db.segmentIndex.where('sourceId').equals(src.id).primaryKeys();
        this.storedEvents -= (await this.db.segmentIndex.bulkGet(ids)).reduce((n, s) => n + (s?.count ?? 0), 0);
        await this.db.segmentIndex.bulkDelete(ids);
        await this.db.segmentData.bulkDelete(ids);
        await this.db.segmentRaw.bulkDelete(ids);
        await this.db.rejects.where('sourceId').equals(src.id).delete();
        await this.db.sources.update(src.id, patch);
      });
    }
    src.addr.clear();
    src.minutes.clear();
    row ??= await this.db.sources.get(src.id);
    if (row) this.emit({ type: 'source', source: row });
  }

  /**
   * Closes a completed source: adds its address totals to the case, stores its minutes and
   * stores its evidence row, all in one transaction (this runs while the responder waits for the
   * import to finish, and each commit is a round trip to the browser). The row is written whole,
   * not read and modified: behind the fold's large rollup record, each round trip of a
   * read-modify-write waited its turn. It goes through Dexie so that views watching it (a
   * reopened evidence list) see the change. Resolves with the row as stored.
   */
  private closeIntoCase(src: OpenSource, patch: Partial<EvidenceSource>): Promise<EvidenceSource> {
    const row: EvidenceSource = { ...src.row, ...patch };
    return this.db.transaction('rw', [this.db.addresses, this.db.sourceRollups, this.db.sources], async (tx) => {
      const stored = this.db.sources.put(row);
      this.foldIntoCase(src, tx.idbtrans);
      await stored;
      return row;
    });
  }

  /** Issues, in `tx`, the requests that add a source's totals and minutes to the case. */
  private foldIntoCase(src: OpenSource, tx: IDBTransaction): void {
    if (src.addr.size === 0 && src.minutes.size === 0) return;
    const addresses = tx.objectStore('addresses');
    const fold = (row: AddressRow | undefined) => {
      const acc = row && src.addr.get(row.id);
      if (!acc) return;
      addresses.put({
        ...row,
        events: row.events + acc.events,
        bytesOut: row.bytesOut + acc.out,
        bytesIn: row.bytesIn + acc.in,
        firstTs: Math.min(row.firstTs, acc.first),
        lastTs: Math.max(row.lastTs, acc.last),
      } satisfies AddressRow);
    };
    // Every request is a round trip to the browser's IndexedDB: the rows are read in one when
    // the source's addresses lie close together (ids are handed out in order, so an import's
    // new addresses do), else one by one.
    let lo = Infinity;
    let hi = -Infinity;
    for (const id of src.addr.keys()) { lo = Math.min(lo, id); hi = Math.max(hi, id); }
    if (src.addr.size > 0 && hi - lo + 1 <= 4 * src.addr.size) {
      const req = addresses.getAll(IDBKeyRange.bound(lo, hi));
      req.onsuccess = () => { for (const row of req.result as AddressRow[]) fold(row); };
    } else {
      for (const id of src.addr.keys()) {
        const req = addresses.get(id);
        req.onsuccess = () => fold(req.result as AddressRow | undefined);
      }
    }
    if (src.minutes.size === 0) return;
    const minutes = [...src.minutes].sort((a, b) => a[0] - b[0]).map(([minute, acc]): RollupMinute => ({
      minute, kindCounts: Uint32Array.from(acc.kinds), bytesOut: acc.out, bytesIn: acc.in,
      peerIds: acc.peers.ids, peerCount: acc.peers.count, peerOut: acc.peers.out, peerIn: acc.peers.in,
    }));
    tx.objectStore('sourceRollups').put(packMinutes(src.id, minutes, EVENT_KINDS.length) satisfies RollupRow);
  }

  private fail(e: unknown): void {
    if (this.finished) return;
    const reason = e instanceof Error ? e.message : String(e);
    this.finished = true;
    this.port.send({ t: 'abort', reason });
    this.unsubscribe?.();
    void this.db.imports.update(this.importId, { status: 'failed', error: reason, finishedAt: Date.now() });
    this.emit({ type: 'done', status: 'failed', error: reason });
    this.resolveRun?.();
  }
}

/**
 * Runs `issue` in a read-write IndexedDB transaction of `stores` and resolves when it commits.
 * All or nothing: a throw while issuing requests (or in their success handlers) aborts it.
 */
function transact(db: CaseDb, stores: string[], what: string, issue: (tx: IDBTransaction) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const tx = db.backendDB().transaction(stores, 'readwrite');
    tx.oncomplete = () => resolve();
    // The browser's reason may carry only its name (a ConstraintError with no message).
    tx.onabort = () => reject(new Error(tx.error ? `${what} failed: ${tx.error.message || tx.error.name}` : `${what} was aborted.`));
    try {
      issue(tx);
    } catch (e) {
      tx.abort();
      reject(e);
    }
  });
}

/**
 * A segment's (minute, peer) entries grouped by minute and, inside a minute, ascending by case
 * address id; `start[m]` to `start[m + 1]` is minute m's run. Sorting packed numeric keys with the
 * typed array's own sort is several times faster than a comparator over index arrays, and this
 * runs for every segment of an import.
 */
function peersByMinute(r: SegmentPayload['rollup'], toCase: Uint32Array): { start: Uint32Array } & PeerTotals {
  const n = r.peerMinute.length;
  const minutes = r.minutes.length;
  const start = new Uint32Array(minutes + 1);
  for (let p = 0; p < n; p++) start[r.peerMinute[p]! + 1]!++;
  for (let m = 0; m < minutes; m++) start[m + 1]! += start[m]!;
  // Key = case id * n + entry: unique, ordered by id, and the entry is the remainder (< 2^53
  // while ids stay below 2^32 and a segment has fewer than 2^21 entries).
  const keys = new Float64Array(n);
  const fill = start.slice(0, minutes);
  for (let p = 0; p < n; p++) keys[fill[r.peerMinute[p]!]!++] = toCase[r.peerAddr[p]!]! * n + p;
  for (let m = 0; m < minutes; m++) keys.subarray(start[m]!, start[m + 1]!).sort();
  const ids = new Uint32Array(n);
  const count = new Uint32Array(n);
  const out = new Float64Array(n);
  const inn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const p = key % n;
    ids[i] = (key - p) / n;
    count[i] = r.peerCount[p]!;
    out[i] = r.peerOut[p]!;
    inn[i] = r.peerIn[p]!;
  }
  return { start, ids, count, out, in: inn };
}

/** The Web Lock a running import holds (see the writer worker). */
export function importLockName(importId: string): string {
  return `tidemark-import-${importId}`;
}

/** Imports running right now, in this tab or another, known by the locks their writers hold. */
async function runningImports(): Promise<Set<string>> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return new Set();
  const state = await locks.query();
  return new Set([...(state.held ?? []), ...(state.pending ?? [])].map((l) => l.name ?? ''));
}

/**
 * Marks sources left `importing` by a closed app as failed and removes their partial data.
 * Sources of an import that is still running (its writer holds the import's lock) are left alone.
 */
export async function recoverInterruptedImports(db: CaseDb): Promise<number> {
  const running = await runningImports();
  const stuck = (await db.sources.where('status').equals('importing').toArray())
    .filter((s) => !running.has(importLockName(s.importId)));
  const orphaned = (await db.imports.filter((i) => i.status === 'running').toArray())
    .filter((i) => !running.has(importLockName(i.id)));
  if (stuck.length === 0 && orphaned.length === 0) return 0;
  await db.transaction('rw', [db.segmentIndex, db.segmentData, db.segmentRaw, db.rejects, db.sources, db.imports], async () => {
    for (const s of stuck) {
      const ids = await db.segmentIndex.where('sourceId').equals(s.id).primaryKeys();
      await db.segmentIndex.bulkDelete(ids);
      await db.segmentData.bulkDelete(ids);
      await db.segmentRaw.bulkDelete(ids);
      await db.rejects.where('sourceId').equals(s.id).delete();
      await db.sources.update(s.id, {
        status: 'failed', events: 0, rejected: 0,
        error: 'The app closed while this source was importing; nothing from it was kept. Import it again.',
      });
    }
    const ids = new Set([...stuck.map((s) => s.importId), ...orphaned.map((i) => i.id)]);
    await db.imports.where('id').anyOf([...ids]).modify({ status: 'interrupted' });
  });
  const stuckImports = new Set(stuck.map((s) => s.importId));
  return stuck.length + orphaned.filter((i) => !stuckImports.has(i.id)).length;
}

/** An address column of segment-local indices as case-level ids; marks the local indices seen. */
function remapAddresses(col: NumericColumn, count: number, toCase: Uint32Array, present: Uint8Array): NumericColumn {
  const values = decodeColumn(col, count);
  for (let r = 0; r < count; r++) {
    const v = values[r]!;
    if (v > 0) {
      present[v] = 1;
      values[r] = toCase[v]!;
    } else {
      values[r] = 0;
    }
  }
  return encodeColumn(values, count)!;
}

/** The case-level ids of the local indices marked present, in ascending order. */
function presentIds(present: Uint8Array, toCase: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 1; i < present.length; i++) n += present[i]!;
  const out = new Uint32Array(n);
  for (let i = 1, k = 0; i < present.length; i++) if (present[i]) out[k++] = toCase[i]!;
  return out.sort();
}
