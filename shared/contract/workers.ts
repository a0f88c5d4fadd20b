import { z } from 'zod';
import { EVENT_KINDS } from '../model/event';
import { FormatIdSchema, ImportOptionsSchema } from './import-options';
import { ImportIdSchema } from './ipc';

/**
 * Messages between the renderer's page and its workers (ingest, writer, query). They never leave
 * the renderer, but they cross a thread boundary, so they are declared and validated like IPC.
 */

const caseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A picked file or folder of the browser edition (File objects clone into workers). */
export const WebInputItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), file: z.instanceof(File) }),
  z.object({
    kind: z.literal('folder'),
    name: z.string().max(4096),
    files: z.array(z.object({ relativePath: z.string().max(32_768), file: z.instanceof(File) })).max(1_000_000),
  }),
]);
export type WebInputItem = z.infer<typeof WebInputItemSchema>;

/**
 * A picked item as the case keeps it (the browser edition stores the picked archives, so the raw
 * text of logs compressed in them can be read from them again): names apart, since a stored File
 * may come back as a plain Blob.
 */
export const KeptItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), name: z.string().max(4096), blob: z.instanceof(Blob) }),
  z.object({
    kind: z.literal('folder'),
    name: z.string().max(4096),
    files: z.array(z.object({ relativePath: z.string().max(32_768), name: z.string().max(4096), blob: z.instanceof(Blob) })).max(1_000_000),
  }),
]);
export type KeptItem = z.infer<typeof KeptItemSchema>;

export const IngestWorkerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('import'), importId: ImportIdSchema, items: z.array(WebInputItemSchema).min(1), options: ImportOptionsSchema,
    /** The case keeps the picked archives: see IngestRequest.rawInSource. */
    rawInSource: z.boolean().optional(),
  }),
  z.object({ type: z.literal('scan'), items: z.array(WebInputItemSchema).min(1), options: ImportOptionsSchema }),
  /** An import is likely soon: start the helper now, so the import does not wait for it. */
  z.object({ type: z.literal('warm') }),
]);
export type IngestWorkerRequest = z.infer<typeof IngestWorkerRequestSchema>;

export const WriterWorkerRequestSchema = z.discriminatedUnion('type', [
  /** The producer's port travels as the message's transferred port. */
  z.object({
    type: z.literal('start'), caseId, importId: ImportIdSchema, options: ImportOptionsSchema,
    /** What to keep of each picked item, in import order (see IngestRequest.rawInSource). */
    originals: z.array(KeptItemSchema.nullable()).max(100_000).optional(),
  }),
  z.object({ type: z.literal('cancel'), importId: ImportIdSchema, sourceId: z.number().int().optional() }),
  /** The producer died without finishing: end the import as failed. */
  z.object({ type: z.literal('abort'), importId: ImportIdSchema, reason: z.string().max(8192) }),
]);
export type WriterWorkerRequest = z.infer<typeof WriterWorkerRequestSchema>;

export const EventFilterSchema = z.object({
  from: z.number().optional(),
  to: z.number().optional(),
  address: z.string().max(64).optional(),
  kinds: z.array(z.enum(EVENT_KINDS)).optional(),
  sourceIds: z.array(z.number().int()).optional(),
  method: z.string().max(32).optional(),
  status: z.number().int().optional(),
  text: z.string().max(1024).optional(),
});

export const QueryRequestSchema = z.object({
  id: z.number().int(),
  caseId,
  call: z.discriminatedUnion('op', [
    z.object({ op: z.literal('invalidate') }),
    z.object({ op: z.literal('count'), filter: EventFilterSchema }),
    z.object({
      op: z.literal('page'), filter: EventFilterSchema, offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(10_000), descending: z.boolean().optional(),
    }),
    z.object({
      op: z.literal('topAddresses'), filter: EventFilterSchema, side: z.enum(['src', 'dst']),
      by: z.enum(['events', 'origBytes', 'respBytes']), n: z.number().int().min(1).max(10_000),
    }),
    z.object({ op: z.literal('detail'), eventId: z.number().int().min(0) }),
    z.object({ op: z.literal('details'), eventIds: z.array(z.number().int().min(0)).max(100_000) }),
    z.object({ op: z.literal('suspects') }),
    z.object({ op: z.literal('pivot'), address: z.string().min(1).max(64) }),
    z.object({ op: z.literal('related'), address: z.string().min(1).max(64) }),
    z.object({
      op: z.literal('histogram'), filter: EventFilterSchema, maxBuckets: z.number().int().min(1).max(2000),
      bucketMs: z.number().int().min(1000).optional(),
    }),
    z.object({ op: z.literal('exfiltration'), maxBuckets: z.number().int().min(1).max(2000) }),
    z.object({ op: z.literal('span') }),
    /**
     * Drop computed answers, keep loaded segments (benchmark: warm timings without memoized
     * results); with `saved`, also the answers saved in the case (to time a recomputation).
     */
    z.object({ op: z.literal('forgetAnswers'), saved: z.boolean().optional() }),
    /** The case's internal ranges changed: recompute internal flags, bytes out/in and rollups. */
    z.object({ op: z.literal('setInternalRanges'), ranges: z.array(z.string().max(64)).max(1000) }),
  ]),
});
export type QueryRequest = z.infer<typeof QueryRequestSchema>;
export type QueryCall = QueryRequest['call'];

export const QueryResponseSchema = z.object({
  id: z.number().int(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  /** Milliseconds the engine spent, for the benchmark and the status bar. */
  ms: z.number().optional(),
});

/** An evidence row as the writer reports it to the page (the full row lives in the case database). */
export const EvidenceSourceSchema = z.object({
  id: z.number().int(),
  importId: z.string(),
  parentId: z.number().int().optional(),
  role: z.enum(['container', 'log']),
  containerKind: z.enum(['zip', 'gzip', 'tar', 'folder']).optional(),
  name: z.string(),
  path: z.string(),
  bytes: z.number(),
  sha256: z.string().optional(),
  format: FormatIdSchema.optional(),
  formatChosenBy: z.enum(['detected', 'user']).optional(),
  parserVersion: z.string().optional(),
  tsMin: z.number().optional(),
  tsMax: z.number().optional(),
  events: z.number(),
  rejected: z.number(),
  zoneless: z.number(),
  timeZone: z.string(),
  status: z.enum(['importing', 'complete', 'cancelled', 'failed']),
  error: z.string().optional(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
});

/** What the writer worker tells the page about an import. */
export const WriterReportSchema = z.intersection(
  z.object({ importId: ImportIdSchema }),
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('source'), source: EvidenceSourceSchema }),
    z.object({
      type: z.literal('progress'),
      progress: z.object({
        t: z.literal('progress'), item: z.string(), itemIndex: z.number(), itemCount: z.number(), bytesRead: z.number(),
        bytesTotal: z.number(), events: z.number(), rejected: z.number(), currentPath: z.string(),
      }),
      storedEvents: z.number(),
      perSource: z.record(z.string(), z.number()),
    }),
    z.object({ type: z.literal('done'), status: z.enum(['complete', 'cancelled', 'failed']), error: z.string().optional(), limit: z.string().optional() }),
    z.object({ type: z.literal('finished') }),
  ]),
);

/** The ingest worker's helper that hashes and inflates beside it (browser edition). */
export const HelperWorkerRequestSchema = z.discriminatedUnion('t', [
  /** Bytes of stream `id`, in order; the buffer is transferred. */
  z.object({ t: z.literal('update'), id: z.number().int().min(1), bytes: z.instanceof(Uint8Array) }),
  z.object({ t: z.literal('digest'), id: z.number().int().min(1) }),
  /** A whole picked file, read and hashed beside the parse; answered with `digest` for `id`. */
  z.object({ t: z.literal('digest-blob'), id: z.number().int().min(1), blob: z.instanceof(Blob) }),
  /**
   * A gzip inflater running in the helper, spoken to over the message's transferred port (see
   * InflaterInputSchema); `id` names the digest of what it puts out.
   */
  z.object({ t: z.literal('inflater'), id: z.number().int().min(1) }),
]);
export type HelperWorkerRequest = z.infer<typeof HelperWorkerRequestSchema>;

export const HelperWorkerReplySchema = z.discriminatedUnion('t', [
  /** That many bytes of `id` are hashed (the client's backpressure). */
  z.object({ t: z.literal('hashed'), id: z.number().int(), bytes: z.number().int().min(0) }),
  z.object({ t: z.literal('digest'), id: z.number().int(), hex: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ t: z.literal('error'), message: z.string().max(8192) }),
]);
export type HelperWorkerReply = z.infer<typeof HelperWorkerReplySchema>;

/**
 * An inflater on the helper, over its own port. Byte buffers are transferred both ways, never
 * copied by the message: a transferred stream would clone every chunk, which for a log of
 * hundreds of megabytes costs two copies and as many fresh pages.
 */
export const InflaterInputSchema = z.discriminatedUnion('t', [
  /** Compressed bytes, in order. */
  z.object({ t: z.literal('in'), bytes: z.instanceof(Uint8Array) }),
  /** No more compressed bytes. */
  z.object({ t: z.literal('end') }),
  /** The asker took one piece of output: one more may be sent. */
  z.object({ t: z.literal('more') }),
  /** A piece of output the asker has read, its buffer handed back for a later piece. */
  z.object({ t: z.literal('back'), bytes: z.instanceof(Uint8Array) }),
  /** The SHA-256 of the whole output, asked once the output has ended. */
  z.object({ t: z.literal('digest') }),
  /** Stop and forget the stream. */
  z.object({ t: z.literal('cancel') }),
]);
export type InflaterInput = z.infer<typeof InflaterInputSchema>;

export const InflaterOutputSchema = z.discriminatedUnion('t', [
  /** That many compressed bytes went into the inflater (the asker's backpressure). */
  z.object({ t: z.literal('took'), bytes: z.number().int().min(0) }),
  /** Inflated bytes, in order. */
  z.object({ t: z.literal('out'), bytes: z.instanceof(Uint8Array) }),
  /** The output ended. */
  z.object({ t: z.literal('done') }),
  z.object({ t: z.literal('digest'), hex: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The inflater failed (not gzip, truncated, junk after the member): its message. */
  z.object({ t: z.literal('error'), message: z.string().max(8192) }),
]);
export type InflaterOutput = z.infer<typeof InflaterOutputSchema>;

/**
 * The helper's own helper: it hashes what the helper holds whole, and streams too long to hold
 * piece by piece (see StreamDigests), so that the helper goes on inflating meanwhile (WebCrypto
 * hashes on the calling thread, and wasm is slow).
 */
export const DigestWorkerRequestSchema = z.discriminatedUnion('t', [
  /** One stream's bytes in order, transferred. */
  z.object({ t: z.literal('pieces'), id: z.number().int().min(1), pieces: z.array(z.instanceof(Uint8Array)) }),
  /** A whole file, read here. */
  z.object({ t: z.literal('blob'), id: z.number().int().min(1), blob: z.instanceof(Blob) }),
  /** More of stream `id`, transferred and hashed as it comes (wasm): a stream past the hold budget. */
  z.object({ t: z.literal('stream'), id: z.number().int().min(1), pieces: z.array(z.instanceof(Uint8Array)) }),
  /** Stream `id` has ended: its digest, please. */
  z.object({ t: z.literal('stream-digest'), id: z.number().int().min(1) }),
  /** Stream `id` was abandoned: forget it (no answer). */
  z.object({ t: z.literal('stream-forget'), id: z.number().int().min(1) }),
]);
export type DigestWorkerRequest = z.infer<typeof DigestWorkerRequestSchema>;

export const DigestWorkerReplySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('digest'), id: z.number().int(), hex: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ t: z.literal('error'), id: z.number().int(), message: z.string().max(8192) }),
]);
export type DigestWorkerReply = z.infer<typeof DigestWorkerReplySchema>;
