import type { QueryCall } from '../../shared/contract/workers';
import { columnByteLength } from '../../shared/store/columns';
import { CaseDb } from '../db/schema';
import { registry } from '../db/cases';
import { queryClient } from './query-client';

/**
 * A small, read-only diagnostics surface on `window.tidemarkDiagnostics`: what a support engineer
 * (or the benchmark) asks of a case without clicking through views. It reads; it never writes.
 */
export interface StorageReport {
  events: number;
  segments: number;
  /** Typed-array bytes of all event columns (what scans read). */
  columnBytes: number;
  /** Segment-local string tables (dictionaries) and the case's address table, approximated as UTF-16. */
  dictionaryBytes: number;
  /** Raw text as the case holds it (characters, or gzip bytes in older cases), before IndexedDB compresses it on disk. */
  rawBytes: number;
  /** Bytes of the log sources as parsed (decompressed), for MB/s. */
  logBytes: number;
}

async function storageReport(caseId: string): Promise<StorageReport> {
  const db = new CaseDb(caseId);
  try {
    const report: StorageReport = { events: 0, segments: 0, columnBytes: 0, dictionaryBytes: 0, rawBytes: 0, logBytes: 0 };
    await db.segmentIndex.each((s) => {
      report.segments++;
      report.events += s.count;
      report.columnBytes += 48 + s.addrIds.byteLength;
    });
    await db.segmentData.each(({ columns: c }) => {
      for (const col of [c.ts, c.line, c.kind, ...Object.values(c.num), ...Object.values(c.str), ...Object.values(c.addr), ...Object.values(c.fields), ...Object.values(c.fieldNumbers ?? {})]) {
        report.columnBytes += columnByteLength(col);
      }
      report.dictionaryBytes += c.strings.reduce((n, s) => n + s.length * 2, 0);
    });
    await db.segmentRaw.each((r) => { report.rawBytes += (r.text?.length ?? 0) + (r.gz?.byteLength ?? 0) + (r.offsets?.byteLength ?? 0); });
    // Where raw text is read from the picked items themselves, they are what it costs.
    await db.originals.each(({ item }) => {
      report.rawBytes += item.kind === 'file' ? item.blob.size : item.files.reduce((n, f) => n + f.blob.size, 0);
    });
    await db.addresses.each((a) => { report.dictionaryBytes += a.ip.length * 2 + 48; });
    await db.sources.each((src) => { if (src.role === 'log' && src.status === 'complete') report.logBytes += src.bytes; });
    return report;
  } finally {
    db.close();
  }
}

export function installDiagnostics(): void {
  const api = {
    cases: () => registry.cases.toArray(),
    async query(caseId: string, call: QueryCall): Promise<{ result: unknown; ms: number }> {
      const t0 = performance.now();
      // Read-only: the one call that changes a case is refused here.
      if (call.op === 'setInternalRanges') throw new Error('Diagnostics cannot change a case.');
      // (forgetAnswers with `saved` drops only a cache of answers the case can always recompute.)
      const result = await queryClient.call<unknown>(caseId, call);
      return { result, ms: performance.now() - t0 };
    },
    storageReport,
  };
  Object.defineProperty(window, 'tidemarkDiagnostics', { value: Object.freeze(api) });
}
