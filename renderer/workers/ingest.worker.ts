import { IngestWorkerRequestSchema, type WebInputItem } from '../../shared/contract/workers';
import { workerScope } from './scope';
import { domPortEndpoint } from '../../shared/contract/port';
import { blobSource, type ByteSource, type InputItem } from '../../shared/ingest/bytes';
import { inWalkOrder } from '../../shared/ingest/kept';
import { nativeReadsAllMembers } from '../../shared/ingest/containers/gzip';
import { runIngest } from '../../shared/ingest/pipeline';
import { scanInputs } from '../../shared/ingest/scan';
import { startIngestHelper, type IngestHelper } from './ingest-helper';
import { eventLoopTurns } from './event-loop-turn';

/**
 * The browser edition's ingest host: the same pipeline the Electron main process runs in a
 * worker thread, here over File objects. Import mode streams to the writer over the transferred
 * port; scan mode answers with what the picked items hold.
 */

/** A picked file; where a hashing helper runs, it hashes the file whole, beside the parse. */
function fileSource(file: File, hashing?: IngestHelper): ByteSource {
  const source = blobSource(file.name, file);
  const digestFile = hashing?.digestFile;
  return digestFile ? { ...source, sha256: () => digestFile(file) } : source;
}

function toInput(item: WebInputItem, hashing?: IngestHelper): InputItem {
  if (item.kind === 'file') return fileSource(item.file, hashing);
  const files = inWalkOrder(item.files);
  return {
    kind: 'folder',
    name: item.name,
    async *entries() {
      for (const f of files) yield { relativePath: f.relativePath, source: fileSource(f.file, hashing) };
    },
  };
}

/** This worker's helper, started by `warm` or by the import (each worker runs one import). */
let helper: IngestHelper | undefined;
/** The parser's breaks, in which this thread sends the helper the compressed bytes it inflates next. */
const nextTurn = eventLoopTurns();

workerScope.onmessage = async (e: MessageEvent) => {
  const parsed = IngestWorkerRequestSchema.safeParse(e.data);
  if (!parsed.success) {
    workerScope.postMessage({ type: 'error', error: `Bad request to the ingest worker: ${parsed.error.issues[0]?.message}` });
    return;
  }
  const req = parsed.data;
  if (req.type === 'warm') {
    helper ??= startIngestHelper();
    // Asked once per worker, on a tiny stream; asked here, the first gzip entry need not wait.
    void nativeReadsAllMembers();
    return;
  }
  try {
    if (req.type === 'scan') {
      workerScope.postMessage({ type: 'scan', result: await scanInputs(req.items.map((item) => toInput(item)), req.options) });
      return;
    }
    const port = e.ports[0];
    if (!port) throw new Error('The import has no port to the case writer.');
    const hashing = (helper ??= startIngestHelper());
    try {
      const summary = await runIngest({
        importId: req.importId, items: req.items.map((item) => toInput(item, hashing)), options: req.options, port: domPortEndpoint(port),
        sha256: hashing.create, gunzip: hashing.gunzip, rawInSource: req.rawInSource,
        // The writer is a worker of this page: columns go to it and come back by transfer.
        columnsBack: true,
        yieldTurn: nextTurn,
      });
      workerScope.postMessage({ type: 'summary', summary });
    } finally {
      hashing.dispose();
    }
  } catch (err) {
    workerScope.postMessage({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
};
