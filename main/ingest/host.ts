import { MessageChannel, Worker } from 'node:worker_threads';
import type { ImportOptions } from '../../shared/contract/import-options';
import type { ScanResult } from '../../shared/contract/scan';
import { ScanResultSchema } from '../../shared/contract/scan';
import type { IngestSummary } from '../../shared/ingest/pipeline';
import type { IngestWorkerData } from './worker-data';

/** The renderer's end as the main process sees it: Electron's MessagePortMain, or a test double. */
export interface RendererPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  start(): void;
  close(): void;
}

/** Where the worker's code is: the built file in the app, the TypeScript source under tests. */
export interface WorkerEntry {
  url: URL;
  execArgv?: string[];
}

export interface IngestHandle {
  done: Promise<IngestSummary>;
  /** Stops the worker at once (the app is closing); the writer marks what was open as failed. */
  terminate(): Promise<void>;
}

type Item = { path: string; kind: 'file' | 'folder' };

/**
 * Runs one import in a worker thread and relays its protocol to the renderer's port, both ways.
 * The relay holds nothing: the producer's acknowledgement window is the backpressure, so at most
 * a few segments are ever in flight between the thread, this process and the renderer.
 */
export function startIngest(entry: WorkerEntry, importId: string, items: Item[], options: ImportOptions, rendererPort: RendererPort): IngestHandle {
  const channel = new MessageChannel();
  const data: IngestWorkerData = { mode: 'import', importId, items, options };
  const worker = new Worker(entry.url, {
    workerData: { data, port: channel.port2 },
    transferList: [channel.port2],
    execArgv: entry.execArgv,
  });
  // The protocol ends with the producer's `done`; the ports close only after it is passed on.
  let relayedDone!: () => void;
  const protocolEnded = new Promise<void>((resolve) => { relayedDone = resolve; });
  channel.port1.on('message', (msg: unknown) => {
    rendererPort.postMessage(msg);
    if ((msg as { t?: unknown } | null)?.t === 'done') relayedDone();
  });
  rendererPort.on('message', (e) => channel.port1.postMessage(e.data));
  rendererPort.start();

  const summary = new Promise<IngestSummary>((resolve, reject) => {
    worker.on('message', (m: { type?: string; summary?: IngestSummary; error?: string }) => {
      if (m.type === 'summary' && m.summary) resolve(m.summary);
      else if (m.type === 'error') reject(new Error(m.error ?? 'The import failed.'));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => { if (code !== 0) reject(new Error(`The ingest worker stopped (exit code ${code}).`)); });
  });
  const done = Promise.all([summary, protocolEnded]).then(([s]) => s).finally(() => {
    channel.port1.close();
    rendererPort.close();
  });
  return { done, terminate: async () => { await worker.terminate(); } };
}

/** A quick look at picked items (formats, columns, first lines), in a worker thread too. */
export function scanInWorker(entry: WorkerEntry, items: Item[], options: ImportOptions): Promise<ScanResult> {
  const data: IngestWorkerData = { mode: 'scan', items, options };
  const worker = new Worker(entry.url, { workerData: { data }, execArgv: entry.execArgv });
  return new Promise<ScanResult>((resolve, reject) => {
    worker.on('message', (m: { type?: string; result?: unknown; error?: string }) => {
      if (m.type === 'scan') resolve(ScanResultSchema.parse(m.result));
      else if (m.type === 'error') reject(new Error(m.error ?? 'The scan failed.'));
    });
    worker.on('error', reject);
  }).finally(() => { void worker.terminate(); });
}
