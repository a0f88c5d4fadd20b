import { MessageChannel, Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { ImportOptions } from '../../shared/contract/import-options';
import type { ProducerMessage } from '../../shared/contract/ingest-port';
import { ScanResultSchema, type ScanResult } from '../../shared/contract/scan';
import type { IngestSummary } from '../../shared/ingest/pipeline';
import type { IngestWorkerData, WorkerItem } from './worker-data';

/** The renderer's end as the main process sees it: Electron's MessagePortMain, or a test double. */
export interface RendererPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  start(): void;
  close(): void;
}

/** Where the worker's code is: the built bundle in the app, a TypeScript bootstrap under tests. */
export interface WorkerEntry {
  url: URL;
  execArgv?: string[];
}

export interface StartIngestRequest {
  entry: WorkerEntry;
  importId: string;
  items: WorkerItem[];
  options: ImportOptions;
  rendererPort: RendererPort;
}

export interface IngestHandle {
  /** The producer's summary, once its last message has been passed to the renderer. */
  done: Promise<IngestSummary>;
  /**
   * Stops the worker at once (the app is closing). The renderer is told the import failed; a
   * graceful stop is the writer's `cancel` message, which travels through the relay.
   */
  terminate(): Promise<void>;
}

/** What the worker thread reports to this process (its protocol messages go over the port). */
const WorkerReportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('summary'),
    summary: z.object({
      status: z.enum(['complete', 'cancelled', 'failed']),
      events: z.number(),
      rejected: z.number(),
      maxInFlight: z.number(),
      error: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal('scan'), result: ScanResultSchema }),
  z.object({ type: z.literal('error'), error: z.string() }),
]);

/** How long to wait, after the worker exits without its `done`, for port messages still queued. */
const DRAIN_MS = 1_000;

/**
 * Runs one import in a worker thread and relays its protocol to the renderer's port, both ways.
 * The relay holds nothing: the producer's acknowledgement window is the backpressure, so at most
 * a few segments are ever in flight between the thread, this process and the renderer. If the
 * thread dies before its `done`, the renderer gets a `done` with status failed, so the writer
 * closes the import instead of waiting for ever.
 */
export function startIngest(req: StartIngestRequest): IngestHandle {
  const { entry, importId, items, options, rendererPort } = req;
  const channel = new MessageChannel();
  const data: IngestWorkerData = { mode: 'import', importId, items, options };
  const worker = new Worker(entry.url, {
    workerData: { data, port: channel.port2 },
    transferList: [channel.port2],
    execArgv: entry.execArgv,
  });

  let ended = false;
  let markEnded!: () => void;
  const protocolEnded = new Promise<void>((resolve) => { markEnded = resolve; });
  const end = (): void => { ended = true; markEnded(); };
  const failRenderer = (error: string): void => {
    if (ended) return;
    const done: ProducerMessage = { t: 'done', status: 'failed', error };
    rendererPort.postMessage(done);
    end();
  };

  channel.port1.on('message', (msg: unknown) => {
    if (ended) return;
    rendererPort.postMessage(msg);
    if (isDone(msg)) end();
  });
  rendererPort.on('message', (e) => channel.port1.postMessage(e.data));
  rendererPort.start();

  const summary = new Promise<IngestSummary>((resolve, reject) => {
    worker.on('message', (m: unknown) => {
      const report = WorkerReportSchema.safeParse(m);
      if (!report.success) reject(new Error('The ingest worker sent an unexpected report.'));
      else if (report.data.type === 'summary') resolve(report.data.summary);
      else if (report.data.type === 'error') reject(new Error(report.data.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      // Settling twice is a no-op: after a summary this changes nothing.
      reject(new Error(code === 0 ? 'The ingest worker ended without a summary.' : `The ingest worker stopped (exit code ${code}).`));
      if (!ended) setTimeout(() => failRenderer('The import stopped before it finished.'), DRAIN_MS).unref();
    });
  });

  const done = summary
    .then(async (s) => { await protocolEnded; return s; })
    .catch((e: unknown) => {
      failRenderer(e instanceof Error ? e.message : String(e));
      throw e;
    })
    .finally(() => {
      channel.port1.close();
      rendererPort.close();
    });
  return { done, terminate: async () => { await worker.terminate(); } };
}

function isDone(msg: unknown): boolean {
  return typeof msg === 'object' && msg !== null && (msg as { t?: unknown }).t === 'done';
}

/** A quick look at picked items (formats, columns, first lines), in a worker thread too. */
export function scanInWorker(entry: WorkerEntry, items: WorkerItem[], options: ImportOptions): Promise<ScanResult> {
  const data: IngestWorkerData = { mode: 'scan', items, options };
  const worker = new Worker(entry.url, { workerData: { data }, execArgv: entry.execArgv });
  return new Promise<ScanResult>((resolve, reject) => {
    worker.on('message', (m: unknown) => {
      const report = WorkerReportSchema.safeParse(m);
      if (!report.success) reject(new Error('The ingest worker sent an unexpected report.'));
      else if (report.data.type === 'scan') resolve(report.data.result);
      else if (report.data.type === 'error') reject(new Error(report.data.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`The scan stopped before it finished (exit code ${code}).`)));
  }).finally(() => { void worker.terminate(); });
}
