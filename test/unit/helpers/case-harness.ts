import 'fake-indexeddb/auto';
import { defaultImportOptions, type ImportOptions } from '../../../shared/contract/import-options';
import { domPortEndpoint } from '../../../shared/contract/port';
import type { InputItem } from '../../../shared/ingest/bytes';
import type { Sha256Factory } from '../../../shared/ingest/hash';
import type { GzipInflater } from '../../../shared/ingest/containers/gzip';
import type { KeptItem } from '../../../shared/contract/workers';
import { keptItemKey } from '../../../shared/ingest/kept';
import { runIngest, type IngestSummary } from '../../../shared/ingest/pipeline';
import { QueryEngine } from '../../../shared/query/engine';
import { CaseDb } from '../../../renderer/db/schema';
import { CaseWriter, type WriterEvent } from '../../../renderer/db/writer';
import { dexieSegmentStore } from '../../../renderer/db/segment-store';
import { nodeEventLoopTurn } from '../../../main/ingest/event-loop-turn';

let counter = 0;

/**
 * Runs the real pipeline into the real case writer over a real MessageChannel, on an in-memory
 * IndexedDB (fake-indexeddb). The browser end-to-end tests cover Chromium's IndexedDB itself.
 */
export async function importIntoNewCase(
  items: InputItem[],
  opts: Partial<ImportOptions> = {},
  onWriterEvent?: (e: WriterEvent, writer: CaseWriter, db: CaseDb) => void,
  sha256?: Sha256Factory,
  /** Keep these picked items with the case, as the browser edition does (raw text in source). */
  kept?: KeptItem[],
  /** The host's gzip inflater (IngestRequest.gunzip). */
  gunzip?: GzipInflater,
): Promise<{ db: CaseDb; engine: QueryEngine; summary: IngestSummary; events: WriterEvent[] }> {
  const db = new CaseDb(`test-${process.pid}-${++counter}`);
  const importId = `imp${counter}`;
  const options = { ...defaultImportOptions(), ...opts };
  const channel = new MessageChannel();
  const events: WriterEvent[] = [];
  await db.imports.put({ id: importId, startedAt: Date.now(), status: 'running', events: 0, rejected: 0, options });
  const keys = kept?.map((_, i) => keptItemKey(importId, i)) ?? [];
  if (kept) await db.originals.bulkPut(kept.map((item, i) => ({ id: keys[i]!, importId, item })));
  const writer: CaseWriter = new CaseWriter(db, importId, domPortEndpoint(channel.port2), (e) => {
    events.push(e);
    onWriterEvent?.(e, writer, db);
  }, { internalRanges: options.internalRanges, originals: keys });
  const written = writer.run();
  const summary = await runIngest({
    importId, items, options, port: domPortEndpoint(channel.port1), sha256, rawInSource: kept !== undefined, gunzip, columnsBack: true,
    yieldTurn: nodeEventLoopTurn,
  });
  await written;
  channel.port1.close();
  channel.port2.close();
  return { db, engine: new QueryEngine(dexieSegmentStore(db)), summary, events };
}
