import type { ImportOptions } from '../../shared/contract/import-options';
import { WriterWorkerRequestSchema } from '../../shared/contract/workers';
import { workerScope } from './scope';
import { domPortEndpoint } from '../../shared/contract/port';
import { CaseDb } from '../db/schema';
import { CaseWriter, importLockName } from '../db/writer';
import { finishImport, beginImport } from '../db/cases';
import type { KeptItem } from '../../shared/contract/workers';
import { keptItemKey } from '../../shared/ingest/kept';

/**
 * The case's dedicated writer: takes the producer's stream off the UI thread, writes each
 * segment in a transaction and acknowledges it (the backpressure), and reports to the page.
 */

const writers = new Map<string, CaseWriter>();

workerScope.onmessage = async (e: MessageEvent) => {
  const parsed = WriterWorkerRequestSchema.safeParse(e.data);
  if (!parsed.success) {
    workerScope.postMessage({ type: 'done', importId: '', status: 'failed', error: 'Bad request to the case writer.' });
    return;
  }
  const req = parsed.data;
  if (req.type === 'cancel') {
    const w = writers.get(req.importId);
    if (!w) return;
    w.cancel(req.sourceId === undefined ? undefined : w.refForSource(req.sourceId));
    return;
  }
  if (req.type === 'abort') {
    writers.get(req.importId)?.abort(req.reason);
    return;
  }
  const port = e.ports[0];
  if (!port) return;
  const importId = req.importId;
  // While the import lock is held, the import is alive: opening the case (in any tab) must not
  // take its half-written sources for the leftovers of a crashed import. The case lock lets one
  // writer at a time into a case (another tab may import into it too): a second import waits its
  // turn, so address ids and rollups are never allocated twice.
  await navigator.locks.request(importLockName(importId), () =>
    navigator.locks.request(`tidemark-case-writer-${req.caseId}`, () => writeImport(req.caseId, importId, req.options, port, req.originals ?? [])));
};

async function writeImport(caseId: string, importId: string, options: ImportOptions, port: MessagePort, originals: Array<KeptItem | null>): Promise<void> {
  const db = new CaseDb(caseId);
  await beginImport(db, caseId, importId, options);
  const keys = originals.map((item, i) => (item ? keptItemKey(importId, i) : undefined));
  const writer = new CaseWriter(db, importId, domPortEndpoint(port), (ev) => workerScope.postMessage({ ...ev, importId }), {
    internalRanges: options.internalRanges, originals: keys,
  });
  writers.set(importId, writer);
  // The picked items are kept beside the import, not before it: the browser copies the files in
  // the background while the events are written. Without them events would have no raw text,
  // so failing to keep them fails the import.
  const rows = originals.flatMap((item, i) => (item ? [{ id: keys[i]!, importId, item }] : []));
  const kept = db.originals.bulkPut(rows).then(
    () => undefined,
    (e: unknown) => `The picked files could not be kept with the case (${e instanceof Error ? e.message : String(e)}), so their events would have no raw text.`,
  );
  void kept.then((failure) => { if (failure) writer.abort(failure); });
  try {
    await writer.run();
    const failure = await kept;
    if (failure) await db.imports.update(importId, { error: failure });
    else await dropUnused(db, importId);
  } finally {
    writers.delete(importId);
    await finishImport(db, caseId, importId);
    db.close();
    workerScope.postMessage({ type: 'finished', importId });
  }
}

/** Picked items none of whose sources was kept (a cancelled or failed import) are not kept either. */
async function dropUnused(db: CaseDb, importId: string): Promise<void> {
  const used = new Set<string>();
  await db.sources.where('importId').equals(importId).each((s) => { if (s.status === 'complete' && s.original) used.add(s.original); });
  const unused = (await db.originals.where('importId').equals(importId).primaryKeys()).filter((key) => !used.has(key));
  if (unused.length > 0) await db.originals.bulkDelete(unused);
}

