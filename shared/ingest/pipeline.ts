import type { ImportOptions } from '../contract/import-options';
import { INGEST_PROTOCOL_VERSION, type WriterMessage } from '../contract/ingest-port';
import type { PortEndpoint } from '../contract/port';
import type { FormatId } from '../model/format';
import type { RawLineCheckpoint, RawSegment } from '../store/segment';
import { AckWindow } from './ack-window';
import { concatBytes, decodeUtf8, isFolderSource, readHead, type ByteSource, type InputItem } from './bytes';
import type { LeafEntry } from './containers/types';
import type { GzipInflater } from './containers/gzip';
import { walkInputs } from './containers/walk';
import { createLineSplitter } from './formats/lines';
import { LineBytesReader, type LineVisitor } from './formats/line-bytes';
import { detectFormat, formatModule } from './formats/registry';
import type { LineParser, TextRecord } from './formats/types';
import { inThreadSha256, type Sha256, type Sha256Factory } from './hash';
import { LimitExceededError } from './limits';
import { ColumnPool } from './column-pool';
import { SegmentBuilder } from './segment-builder';
import { rawSegmentTransfers } from './segment-pack';

/** How many data messages may wait for the writer's acknowledgement. */
export const ACK_WINDOW = 4;
/** Bytes read from an entry before its format is judged. */
export const SNIFF_BYTES = 4096;
/** Rejected records sent to the writer in batches of this many. */
const REJECT_BATCH = 1000;
/** Stored text of one rejected record is cut here; the raw file keeps the whole line. */
const REJECT_TEXT_MAX = 4096;
const PROGRESS_INTERVAL_MS = 200;
/** Parsing this long without a break gives the thread's event loop a turn (`yieldTurn`). */
const TURN_INTERVAL_MS = 5;

export interface IngestRequest {
  importId: string;
  items: InputItem[];
  options: ImportOptions;
  port: PortEndpoint;
  /** The host's SHA-256 (default: hash-wasm on the producer's thread). */
  sha256?: Sha256Factory;
  /** The host's native gzip inflater (default: DecompressionStream on the producer's thread). */
  gunzip?: GzipInflater;
  /**
   * The host keeps the picked items themselves with the case (the browser edition stores the
   * files): sources whose records are their lines, stored compressed in them, then send line
   * checkpoints instead of a copy of their text (RawSegment.rawAt), and an event's raw text
   * is read from the source again. `source-open` names the item such a source reads from.
   */
  rawInSource?: boolean;
  /**
   * Ask the writer to send each segment's column buffers back once it has packed them, to fill
   * again. Only where they travel by transfer (one process); across processes they would be
   * copied, which costs more than fresh buffers.
   */
  columnsBack?: boolean;
  /**
   * Settles after the host's event loop has had a turn: a task of its own, behind the messages
   * and reads already waiting. Chunks that are already queued reach the parser as microtasks, so
   * without a turn it keeps the thread until the queue is dry, and nothing the thread itself must
   * do to refill it (a file read completing, compressed bytes passed on to an inflater on another
   * thread) happens meanwhile: the parser then waits for the bytes it starved.
   */
  yieldTurn?: () => Promise<void>;
}

export interface IngestSummary {
  status: 'complete' | 'cancelled' | 'failed';
  events: number;
  rejected: number;
  maxInFlight: number;
  error?: string;
}

/**
 * Runs one import: walks the picked items, hashes every container and entry, detects each
 * entry's format, parses it, packs events into segments and streams them to the writer with
 * backpressure. Platform-agnostic: the Electron ingest worker and the browser ingest worker both
 * call this with their own ByteSources and port.
 */
export async function runIngest(req: IngestRequest): Promise<IngestSummary> {
  return new IngestRun(req).run();
}

class IngestRun {
  private readonly abort = new AbortController();
  private readonly cancelledRefs = new Set<number>();
  private readonly window: AckWindow;
  /** Column buffers for every source's segments, refilled as the writer hands them back. */
  private readonly columns = new ColumnPool();
  private events = 0;
  private rejected = 0;
  private readonly counted: CountingSource[] = [];
  private lastProgress = 0;
  private lastTurn = 0;
  private currentPath = '';
  private readonly openContainers = new Set<number>();
  /** The picked item being walked (its index), which every source opened now comes from. */
  private item = 0;
  /** Sources whose close waits for their SHA-256 while the next source is read. */
  private readonly closing: Promise<void>[] = [];

  constructor(private readonly req: IngestRequest) {
    this.window = new AckWindow(req.port, ACK_WINDOW, (msg) => this.onControl(msg), (buffers) => this.columns.give(buffers));
  }

  async run(): Promise<IngestSummary> {
    const { importId } = this.req;
    let status: IngestSummary['status'] = 'complete';
    let error: string | undefined;
    let limit: string | undefined;
    try {
      this.window.post({ t: 'hello', protocol: INGEST_PROTOCOL_VERSION, importId, columnsBack: this.req.columnsBack === true });
      const items = this.req.items.map((item) => (isFolderSource(item) ? item : this.counting(item)));
      const walk = walkInputs(items, {
        limits: this.req.options.limits, signal: this.abort.signal, sha256: this.req.sha256, gunzip: this.req.gunzip,
        onItem: (index) => { this.item = index; },
      });
      for await (const node of walk) {
        if (this.abort.signal.aborted) break;
        switch (node.type) {
          case 'container-open':
            this.openContainers.add(node.ref);
            this.window.post({
              t: 'source-open', ref: node.ref, parentRef: node.parentRef, role: 'container',
              containerKind: node.kind, name: node.name, path: node.path, bytes: node.bytes,
              timeZone: this.req.options.timeZone,
            });
            break;
          case 'container-close':
            this.openContainers.delete(node.ref);
            this.closeWhenHashed(node.sha256, (sha256, failure) => ({
              t: 'source-close', ref: node.ref, status: failure ? 'failed' : 'complete', sha256, bytes: node.bytes,
              events: 0, rejected: 0, zoneless: 0, error: failure,
            }));
            break;
          case 'failure':
            if (this.openContainers.delete(node.ref)) {
              this.window.post({
                t: 'source-close', ref: node.ref, status: 'failed', bytes: 0, events: 0, rejected: 0,
                zoneless: 0, error: node.message,
              });
            } else {
              // A failure before anything was opened still gets an evidence row, so it shows.
              this.window.post({
                t: 'source-open', ref: node.ref, role: 'container', name: lastSegment(node.path),
                path: node.path, timeZone: this.req.options.timeZone,
              });
              this.window.post({
                t: 'source-close', ref: node.ref, status: 'failed', bytes: 0, events: 0, rejected: 0,
                zoneless: 0, error: node.message,
              });
            }
            if (node.fatal) {
              status = 'failed';
              error = node.message;
              limit = node.limit;
              this.abort.abort();
            }
            break;
          case 'entry':
            await this.ingestLeaf(node);
            break;
        }
        this.progress(false);
      }
      await Promise.all(this.closing);
      if (this.abort.signal.aborted && status === 'complete') status = 'cancelled';
      // Containers the walk left open (cancel, fatal limit) are closed with the run's status.
      for (const ref of this.openContainers) {
        this.window.post({
          t: 'source-close', ref, status: status === 'complete' ? 'failed' : status, bytes: 0,
          events: 0, rejected: 0, zoneless: 0, error,
        });
      }
      await this.window.drain();
    } catch (e) {
      status = 'failed';
      error = describe(e);
      if (e instanceof LimitExceededError) limit = e.limit;
      await Promise.all(this.closing);
    }
    this.progress(true);
    try {
      this.window.post({ t: 'done', status, error, limit });
    } catch {
      // The writer is gone; nothing more can be said to it.
    }
    const summary: IngestSummary = {
      status, events: this.events, rejected: this.rejected, maxInFlight: this.window.maxInFlight, error,
    };
    this.window.dispose();
    return summary;
  }

  private onControl(msg: Exclude<WriterMessage, { t: 'ack' }>): void {
    if (msg.t === 'cancel' && msg.ref !== undefined) this.cancelledRefs.add(msg.ref);
    else this.abort.abort();
  }

  private async ingestLeaf(entry: LeafEntry): Promise<void> {
    const { options } = this.req;
    this.currentPath = entry.path;
    const reader = entry.open().getReader();
    // Hashed apart from the stream when the host can (a picked file), else as it is read.
    const apart = entry.sha256?.();
    apart?.catch(() => undefined);
    const hasher: Sha256 = apart
      ? { update: () => undefined, digestHex: () => apart }
      : await (this.req.sha256 ?? inThreadSha256)();
    let bytes = 0;
    // Read enough to judge the format. A stream that fails this early (a gzip member cut short
    // within its first KiB) fails this source once its evidence row is open, as a later failure
    // would; it does not leave the import.
    const { parts: head, ended, failure: headFailure } = await readHead(reader, SNIFF_BYTES);
    const headText = new TextDecoder().decode(concatBytes(head, SNIFF_BYTES));
    const override = options.formatOverrides[entry.path];
    const format: FormatId = override ?? detectFormat(headText).format;
    const module = format === 'unknown' ? undefined : formatModule(format);
    // Records that are their source's lines need no copy of their text when the picked item is
    // kept and holds them compressed (a plain log kept as it is would cost more disk than its
    // text compressed in segments).
    const inSource = this.req.rawInSource === true && entry.compressed && module?.createSplitter === createLineSplitter;
    const lines = inSource ? new LineCheckpoints() : undefined;
    this.window.post({
      t: 'source-open', ref: entry.ref, parentRef: entry.parentRef, role: 'log', name: entry.name,
      path: entry.path, bytes: entry.size, format, formatChosenBy: override ? 'user' : 'detected',
      parserVersion: module?.version, timeZone: options.timeZone, item: inSource ? this.item : undefined,
    });

    const decoder = new TextDecoder();
    const parser = module?.createParser({ timeZone: options.timeZone, mapping: options.mappings[entry.path] });
    // Records are read where they lie in the bytes when the parser can (see LineText for their text).
    const bytesParser = module?.byteRecords ? parser?.bytes : undefined;
    const lineReader = bytesParser ? new LineBytesReader(options.limits.maxRecordChars, module?.byteRecords === 'csv-rows') : undefined;
    const splitter = lineReader ? undefined : module?.createSplitter(options.limits.maxRecordChars);
    const builder = new SegmentBuilder(lines === undefined, this.columns);
    let rejectCount = 0;
    let rejects: { line: number; reason: string; text: string }[] = [];
    /** Segments the byte path sealed within a chunk, sent when the chunk is done. */
    const sealed: RawSegment[] = [];

    const send = async (segment: RawSegment) => {
      await this.window.sendAcked(
        (seq) => ({ t: 'segment', seq, ref: entry.ref, segment }),
        rawSegmentTransfers(segment),
      );
    };
    const seal = () => builder.seal(lines?.before(builder.firstLine));
    const flushSegment = async () => {
      if (builder.size > 0) await send(seal());
    };
    const flushRejects = async () => {
      if (rejects.length === 0) return;
      const batch = rejects;
      rejects = [];
      await this.window.sendAcked((seq) => ({ t: 'rejects', seq, ref: entry.ref, rejects: batch }), []);
    };
    /** Parses one record into the builder, or keeps it as rejected. */
    const takeRecord = (record: TextRecord) => {
      let reason: string | undefined;
      if (parser!.parseInto) {
        // The fast form: the parser writes the row into the builder itself.
        const outcome = parser!.parseInto(record, builder);
        if (outcome === 'row') builder.commit(record.line, record.text);
        else if (outcome !== 'skip') reason = outcome.reject;
      } else {
        const outcome = parser!.parse(record);
        if (outcome.kind === 'event') builder.addEvent(outcome.event, record.line, record.text);
        else if (outcome.kind === 'reject') reason = outcome.reason;
      }
      if (reason !== undefined) {
        rejectCount++;
        rejects.push({ line: record.line, reason, text: record.text.slice(0, REJECT_TEXT_MAX) });
      }
    };
    const take = async (records: TextRecord[]) => {
      if (!parser) return;
      for (const record of records) {
        takeRecord(record);
        if (builder.full) await flushSegment();
        if (rejects.length >= REJECT_BATCH) await flushRejects();
      }
    };
    const lineText = new LineText();
    const visitLine = bytesParser && new LineTaker(bytesParser, builder, lines === undefined, lineText, takeRecord, () => sealed.push(seal()));
    const sendSealed = async () => {
      for (const segment of sealed.splice(0)) await send(segment);
      if (rejects.length >= REJECT_BATCH) await flushRejects();
    };
    const feed = async (chunk: Uint8Array) => {
      // Waits only when a helper thread hashing for us is 32 MB behind.
      await hasher.update(chunk);
      const at = bytes;
      bytes += chunk.byteLength;
      if (lineReader) {
        // Node hands out Buffers, a subclass: a plain view keeps the parsers' byte reads of one kind.
        const plain = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        lines?.chunk(plain, at, lineReader.nextLine);
        // A row's text is kept unless the source keeps it; a record the text parser takes needs it.
        if (!lines) lineText.chunk(plain);
        lineReader.push(plain, visitLine!);
        await sendSealed();
        return;
      }
      if (!splitter) return;
      const records = splitter.push(decoder.decode(chunk, { stream: true }));
      if (records.length > 0) lines?.chunk(chunk, at, records[0]!.line);
      await take(records);
    };

    let status: 'complete' | 'cancelled' | 'failed' = 'complete';
    let error: string | undefined;
    let fatal: unknown;
    try {
      if (headFailure) throw headFailure.error;
      // Nothing here holds on to a chunk once it is parsed: the entry may have it back.
      const release = entry.release;
      for (const chunk of head) {
        await feed(chunk);
        release?.(chunk);
      }
      while (!ended) {
        if (this.cancelledRefs.has(entry.ref) || this.abort.signal.aborted) {
          status = 'cancelled';
          await reader.cancel('cancelled by the user');
          break;
        }
        const { done, value } = await reader.read();
        if (done) break;
        await feed(value);
        release?.(value);
        this.progress(false);
        await this.giveTurn();
      }
      if (status === 'complete' && splitter) {
        await take(splitter.push(decoder.decode()));
        await take(splitter.end());
      }
      if (status === 'complete' && lineReader) {
        lineReader.end(visitLine!);
        await sendSealed();
      }
      if (status === 'complete') {
        await flushSegment();
        await flushRejects();
      }
    } catch (e) {
      status = 'failed';
      error = describe(e);
      if (e instanceof LimitExceededError) fatal = e;
      await reader.cancel(error).catch(() => undefined);
    }
    const { events, zoneless, tsMin, tsMax } = builder;
    const kept = status === 'complete';
    this.closeWhenHashed(kept ? hasher.digestHex() : Promise.resolve(undefined), (sha256, failure) => {
      const closed = failure ? 'failed' : status;
      this.events += closed === 'complete' ? events : 0;
      this.rejected += closed === 'complete' ? rejectCount : 0;
      return {
        t: 'source-close', ref: entry.ref, status: closed, sha256, bytes, events, rejected: rejectCount, zoneless,
        tsMin: events > 0 ? tsMin : undefined, tsMax: events > 0 ? tsMax : undefined,
        error: failure ?? (status === 'cancelled' ? 'Cancelled by the user; nothing from this source was kept.' : error),
      };
    });
    if (fatal) throw fatal;
  }

  /**
   * Closes a source once its SHA-256 is in. Hashing the end of a long stream takes its thread a
   * moment; the walk goes on to the next source meanwhile. A source that cannot be hashed is
   * closed as failed: evidence without its hash is not kept.
   */
  private closeWhenHashed(sha256: Promise<string | undefined>, close: (sha256: string | undefined, failure?: string) => object): void {
    const post = (message: object) => {
      try {
        this.window.post(message);
      } catch {
        // The writer is gone: the run fails on its next message, or at its end.
      }
    };
    this.closing.push(sha256.then(
      (hex) => post(close(hex)),
      (e: unknown) => post(close(undefined, `Its SHA-256 could not be computed (${describe(e)}); nothing from it was kept.`)),
    ));
  }

  private counting(source: ByteSource): ByteSource {
    const counted = new CountingSource(source);
    this.counted.push(counted);
    return counted;
  }

  /** Lets the host's event loop run when the parser has held the thread for a while. */
  private async giveTurn(): Promise<void> {
    if (!this.req.yieldTurn) return;
    const now = Date.now();
    if (now - this.lastTurn < TURN_INTERVAL_MS) return;
    await this.req.yieldTurn();
    this.lastTurn = Date.now();
  }

  private progress(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    let bytesRead = 0;
    let bytesTotal = 0;
    let itemIndex = 0;
    this.counted.forEach((c, i) => {
      bytesRead += Math.min(c.bytesRead, c.size);
      bytesTotal += c.size;
      if (c.bytesRead > 0) itemIndex = i;
    });
    try {
      this.window.post({
        t: 'progress', item: this.counted[itemIndex]?.name ?? '', itemIndex, itemCount: this.counted.length,
        bytesRead, bytesTotal, events: this.events, rejected: this.rejected, currentPath: this.currentPath,
      });
    } catch {
      // Progress is advisory; a closed writer surfaces through the next data message.
    }
  }
}

/** Counts the bytes read from a picked file, for progress and ETA. */
class CountingSource implements ByteSource {
  bytesRead = 0;
  readonly sha256?: () => Promise<string>;
  constructor(private readonly inner: ByteSource) {
    const own = inner.sha256;
    if (own) this.sha256 = () => own.call(inner);
  }
  get name() { return this.inner.name; }
  get size() { return this.inner.size; }
  stream(): ReadableStream<Uint8Array> {
    const self = this;
    let started = false;
    return this.inner.stream().pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        // A second pass over the file (zip: hash, then entries) restarts the count.
        if (!started) { started = true; self.bytesRead = 0; }
        self.bytesRead += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }));
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = await this.inner.read(offset, length);
    this.bytesRead = Math.max(this.bytesRead, offset + out.byteLength);
    return out;
  }
}

/** Every buffer inside a segment, each once, for a zero-copy postMessage. */
function lastSegment(path: string): string {
  const parts = path.split(/!\/|\//);
  return parts[parts.length - 1] || path;
}

export function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * The text of lines read as bytes, for the rows that keep it and the records the text parser
 * takes. A chunk is decoded once; where its characters line up one to one with its bytes (plain
 * ASCII, as logs mostly are), a line's text is a slice of it. Any other line, and a line joined
 * from two chunks, is decoded alone. Either way the text is what the stream's own decoder gives:
 * a line begins and ends at a newline byte, which no longer character contains.
 */
class LineText {
  private bytes: Uint8Array | undefined;
  private text: string | undefined;

  chunk(bytes: Uint8Array): void {
    const text = decodeUtf8(bytes);
    this.bytes = bytes;
    this.text = text.length === bytes.length ? text : undefined;
  }

  of(bytes: Uint8Array, start: number, end: number): string {
    if (bytes === this.bytes && this.text !== undefined) return this.text.slice(start, end);
    return decodeUtf8(bytes.subarray(start, end));
  }
}

/**
 * Takes a source's lines from its LineBytesReader: each goes to the parser's byte form, and a
 * line that form leaves to the text form goes to `fallback` with its text. A class, so that
 * every source's lines go through the same compiled code (see LineParser).
 */
class LineTaker implements LineVisitor {
  constructor(
    private readonly parser: LineParser,
    private readonly builder: SegmentBuilder,
    /** The rows keep their text (the source does not hold it for them). */
    private readonly keepText: boolean,
    private readonly text: LineText,
    private readonly fallback: (record: TextRecord) => void,
    /** Seals the builder, which is full. */
    private readonly sealFull: () => void,
  ) {}

  line(b: Uint8Array, view: DataView, start: number, end: number, line: number): void {
    const builder = this.builder;
    if (this.parser.parseLine(b, view, start, end, builder) === 'row') builder.commit(line, this.keepText ? this.text.of(b, start, end) : '');
    else this.fallback({ text: this.text.of(b, start, end), line });
    if (builder.full) this.sealFull();
  }
}

/**
 * Places in a source where a line starts, one per chunk read: the first record a chunk completes
 * ends at the chunk's first newline (the text carried over holds none), so the next line starts
 * just after that byte. A newline byte is never part of a longer UTF-8 character, so bytes and
 * lines line up however the text decodes.
 */
class LineCheckpoints {
  private points: RawLineCheckpoint[] = [{ byte: 0, line: 1 }];

  /** A chunk read from byte `at` of the source, whose first newline ends line `firstLine`. */
  chunk(bytes: Uint8Array, at: number, firstLine: number): void {
    const nl = bytes.indexOf(10);
    if (nl >= 0) this.points.push({ byte: at + nl + 1, line: firstLine + 1 });
  }

  /** The last place at or before `line`; earlier ones are let go (segments come in line order). */
  before(line: number): RawLineCheckpoint {
    let i = this.points.length - 1;
    while (i > 0 && this.points[i]!.line > line) i--;
    if (i > 0) this.points = this.points.slice(i);
    return this.points[0]!;
  }
}

