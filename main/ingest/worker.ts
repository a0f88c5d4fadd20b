import { stat } from 'node:fs/promises';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { PortEndpoint } from '../../shared/contract/port';
import type { InputItem } from '../../shared/ingest/bytes';
import { runIngest } from '../../shared/ingest/pipeline';
import { scanInputs } from '../../shared/ingest/scan';
import { fileSource, folderSource } from './node-source';
import { nodeSha256 } from './node-sha256';
import { nodeEventLoopTurn } from './event-loop-turn';
import { IngestWorkerDataSchema, type WorkerItem } from './worker-data';

/**
 * The ingest worker thread of the Electron main process: runs the shared pipeline on files
 * opened read-only and speaks the ingest protocol on the port it was given. Reports (summary,
 * scan result, error) go to the parent; the protocol itself goes over the port.
 */
function nodePortEndpoint(port: MessagePort): PortEndpoint {
  return {
    send: (message, transfer = []) => port.postMessage(message, transfer),
    onMessage(handler) {
      const listener = (data: unknown) => handler(data);
      port.on('message', listener);
      return () => port.off('message', listener);
    },
    close: () => port.close(),
  };
}

async function inputs(items: WorkerItem[]): Promise<InputItem[]> {
  return Promise.all(items.map(async (i) => (i.kind === 'folder' ? folderSource(i.path) : fileSource(i.path, (await stat(i.path)).size))));
}

const raw = workerData as { data?: unknown; port?: MessagePort } | null;

async function main(): Promise<void> {
  const data = IngestWorkerDataSchema.parse(raw?.data);
  if (data.mode === 'scan') {
    parentPort?.postMessage({ type: 'scan', result: await scanInputs(await inputs(data.items), data.options, nodeSha256) });
    return;
  }
  if (!raw?.port) throw new Error('The ingest worker was started without its port.');
  const port = raw.port;
  // Segments' columns are not asked back (IngestRequest.columnsBack): the writer is in the
  // renderer's process, so they would return as copies.
  const summary = await runIngest({
    importId: data.importId, items: await inputs(data.items), options: data.options, port: nodePortEndpoint(port), sha256: nodeSha256,
    yieldTurn: nodeEventLoopTurn,
  });
  port.close();
  parentPort?.postMessage({ type: 'summary', summary });
}

main().catch((e: unknown) => {
  parentPort?.postMessage({ type: 'error', error: e instanceof Error ? e.message : String(e) });
  // A listener left on the port would keep this thread alive; the host has been told.
  raw?.port?.close();
});
