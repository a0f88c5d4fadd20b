import { z } from 'zod';
import { FormatIdSchema } from './import-options';
import { EVENT_NUMBER_FIELDS, EVENT_STRING_FIELDS } from '../model/event';
import { SEGMENT_CAPACITY } from '../store/segment';

/**
 * The conversation between an ingest producer (the Electron main process's worker thread, or the
 * browser edition's ingest Web Worker) and the renderer's writer worker, over one MessagePort per
 * import. The producer sends; the writer stores and acknowledges every `seq`, and the producer
 * keeps at most a few messages unacknowledged, which bounds memory whatever the archive size.
 */
/** 2: segments travel as raw columns (RawSegment) and the writer packs them. */
export const INGEST_PROTOCOL_VERSION = 2;

const f64 = z.instanceof(Float64Array);

/**
 * A segment as the producer sends it (RawSegment): a column per field, the producer's whole
 * buffers, of which the first `count` rows count. Ids are checked against the segment's tables
 * when the writer packs it (segment-pack).
 */
export const RawSegmentSchema = z.object({
  count: z.number().int().positive().max(SEGMENT_CAPACITY),
  ts: f64,
  line: f64,
  kind: f64,
  src: f64,
  dst: f64,
  num: z.partialRecord(z.enum(EVENT_NUMBER_FIELDS), f64),
  str: z.partialRecord(z.enum(EVENT_STRING_FIELDS), f64),
  fields: z.record(z.string(), f64),
  fieldNumbers: z.record(z.string(), f64),
  fieldOrder: z.array(z.string()),
  strings: z.array(z.string()),
  addrs: z.array(z.string()),
  raw: z.string().optional(),
  rawOffsets: z.instanceof(Uint32Array).optional(),
  rawAt: z.object({ byte: z.number().int().nonnegative(), line: z.number().int().min(1) }).optional(),
}).refine((s) => (s.raw !== undefined && s.rawOffsets !== undefined && s.rawOffsets.length > s.count) !== (s.rawAt !== undefined), {
  message: 'A segment keeps its raw text either with it (raw and rawOffsets) or in its source (rawAt).',
}).refine((s) => [s.ts, s.line, s.kind, s.src, s.dst, ...Object.values(s.num), ...Object.values(s.str),
  ...Object.values(s.fields), ...Object.values(s.fieldNumbers)].every((col) => col !== undefined && col.length >= s.count), {
  message: 'A segment column is shorter than its row count.',
});

const ref = z.number().int().nonnegative();
const seq = z.number().int().nonnegative();

export const SourceOpenSchema = z.object({
  t: z.literal('source-open'),
  ref,
  parentRef: ref.optional(),
  role: z.enum(['container', 'log']),
  containerKind: z.enum(['zip', 'gzip', 'tar', 'folder']).optional(),
  name: z.string().max(4096),
  path: z.string().max(65_536),
  bytes: z.number().nonnegative().optional(),
  format: FormatIdSchema.optional(),
  formatChosenBy: z.enum(['detected', 'user']).optional(),
  /** The picked item (by its index in the import) a log's raw text is read from, when it is. */
  item: z.number().int().nonnegative().optional(),
  parserVersion: z.string().max(64).optional(),
  timeZone: z.string().max(64),
});

export const SourceCloseSchema = z.object({
  t: z.literal('source-close'),
  ref,
  status: z.enum(['complete', 'cancelled', 'failed']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bytes: z.number().nonnegative(),
  events: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  zoneless: z.number().int().nonnegative(),
  tsMin: z.number().optional(),
  tsMax: z.number().optional(),
  error: z.string().max(8192).optional(),
});

export const RejectSchema = z.object({
  line: z.number().int().nonnegative(),
  reason: z.string().max(2048),
  text: z.string().max(65_536),
});

export const ProgressSchema = z.object({
  t: z.literal('progress'),
  /** The picked item being read, and how far. */
  item: z.string().max(4096),
  itemIndex: z.number().int().nonnegative(),
  itemCount: z.number().int().nonnegative(),
  bytesRead: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  /** Totals over the whole import so far. */
  events: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  currentPath: z.string().max(65_536),
});

export const ProducerMessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('hello'), protocol: z.literal(INGEST_PROTOCOL_VERSION), importId: z.string().max(128),
    /** The producer wants each segment's column buffers back with its acknowledgement. */
    columnsBack: z.boolean().optional(),
  }),
  SourceOpenSchema,
  z.object({ t: z.literal('segment'), seq, ref, segment: RawSegmentSchema }),
  z.object({ t: z.literal('rejects'), seq, ref, rejects: z.array(RejectSchema).max(100_000) }),
  SourceCloseSchema,
  ProgressSchema,
  z.object({
    t: z.literal('done'),
    status: z.enum(['complete', 'cancelled', 'failed']),
    error: z.string().max(8192).optional(),
    /** The limit that stopped the import, when one did; the UI offers to raise it. */
    limit: z.string().max(64).optional(),
  }),
]);
export type ProducerMessage = z.infer<typeof ProducerMessageSchema>;

export const WriterMessageSchema = z.discriminatedUnion('t', [
  /** `columns`: the acknowledged segment's column buffers, handed back to fill again. */
  z.object({ t: z.literal('ack'), seq, columns: z.array(z.instanceof(ArrayBuffer)).max(256).optional() }),
  /** Cancel one source (by ref) or, without ref, the whole import. */
  z.object({ t: z.literal('cancel'), ref: ref.optional() }),
  /** The writer could not store (quota, closed database): the producer stops. */
  z.object({ t: z.literal('abort'), reason: z.string().max(8192) }),
]);
export type WriterMessage = z.infer<typeof WriterMessageSchema>;
