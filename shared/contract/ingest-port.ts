import { z } from 'zod';
import { FormatIdSchema } from './import-options';
import { EVENT_ADDRESS_FIELDS, EVENT_NUMBER_FIELDS, EVENT_STRING_FIELDS } from '../model/event';

/**
 * The conversation between an ingest producer (the Electron main process's worker thread, or the
 * browser edition's ingest Web Worker) and the renderer's writer worker, over one MessagePort per
 * import. The producer sends; the writer stores and acknowledges every `seq`, and the producer
 * keeps at most a few messages unacknowledged, which bounds memory whatever the archive size.
 */
export const INGEST_PROTOCOL_VERSION = 1;

const u8 = z.instanceof(Uint8Array);
const missing = { missing: u8.optional() };
export const NumericColumnSchema = z.discriminatedUnion('enc', [
  z.object({ enc: z.literal('const'), value: z.number(), ...missing }),
  z.object({ enc: z.literal('seq'), start: z.number() }),
  z.object({ enc: z.literal('u8'), data: u8, ...missing }),
  z.object({ enc: z.literal('u16'), data: z.instanceof(Uint16Array), ...missing }),
  z.object({ enc: z.literal('u32'), data: z.instanceof(Uint32Array), ...missing }),
  z.object({ enc: z.literal('f64'), data: z.instanceof(Float64Array), ...missing }),
]);

const columnRecord = z.record(z.string(), NumericColumnSchema);

export const SegmentPayloadSchema = z.object({
  columns: z.object({
    count: z.number().int().positive().max(65_536),
    ts: NumericColumnSchema,
    line: NumericColumnSchema,
    kind: NumericColumnSchema,
    num: z.partialRecord(z.enum(EVENT_NUMBER_FIELDS), NumericColumnSchema),
    str: z.partialRecord(z.enum(EVENT_STRING_FIELDS), NumericColumnSchema),
    addr: z.partialRecord(z.enum(EVENT_ADDRESS_FIELDS), NumericColumnSchema),
    fields: columnRecord,
    fieldNumbers: columnRecord.optional(),
    fieldOrder: z.array(z.string()).optional(),
    strings: z.array(z.string()),
  }),
  addrs: z.array(z.string()),
  addrStats: z.object({
    count: z.instanceof(Uint32Array),
    bytesOut: z.instanceof(Float64Array),
    bytesIn: z.instanceof(Float64Array),
    firstTs: z.instanceof(Float64Array),
    lastTs: z.instanceof(Float64Array),
    internal: u8,
  }),
  rollup: z.object({
    minutes: z.instanceof(Float64Array),
    kindCounts: z.instanceof(Uint32Array),
    bytesOut: z.instanceof(Float64Array),
    bytesIn: z.instanceof(Float64Array),
    peerMinute: z.instanceof(Uint32Array),
    peerAddr: z.instanceof(Uint32Array),
    peerCount: z.instanceof(Uint32Array),
    peerOut: z.instanceof(Float64Array),
    peerIn: z.instanceof(Float64Array),
  }),
  tsMin: z.number(),
  tsMax: z.number(),
  kindsMask: z.number().int(),
  raw: z.string().optional(),
  rawOffsets: z.instanceof(Uint32Array).optional(),
  rawAt: z.object({ byte: z.number().int().nonnegative(), line: z.number().int().min(1) }).optional(),
}).refine((s) => (s.raw !== undefined && s.rawOffsets !== undefined) !== (s.rawAt !== undefined), {
  message: 'A segment keeps its raw text either with it (raw and rawOffsets) or in its source (rawAt).',
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
  z.object({ t: z.literal('hello'), protocol: z.literal(INGEST_PROTOCOL_VERSION), importId: z.string().max(128) }),
  SourceOpenSchema,
  z.object({ t: z.literal('segment'), seq, ref, segment: SegmentPayloadSchema }),
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
  z.object({ t: z.literal('ack'), seq }),
  /** Cancel one source (by ref) or, without ref, the whole import. */
  z.object({ t: z.literal('cancel'), ref: ref.optional() }),
  /** The writer could not store (quota, closed database): the producer stops. */
  z.object({ t: z.literal('abort'), reason: z.string().max(8192) }),
]);
export type WriterMessage = z.infer<typeof WriterMessageSchema>;
