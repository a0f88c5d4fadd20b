import Dexie from 'dexie';
import type { ImportOptions } from '../../shared/contract/import-options';
import { CaseDb, RegistryDb, caseDbName, type CaseRecord } from './schema';
import { recoverInterruptedImports } from './writer';

export const registry = new RegistryDb();

/** Case ids are short, URL-safe and random: they name IndexedDB databases. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

export async function createCase(name: string, demo = false): Promise<CaseRecord> {
  const now = Date.now();
  const rec: CaseRecord = { id: newId(), name, createdAt: now, updatedAt: now, events: 0, sources: 0, demo };
  await registry.cases.add(rec);
  return rec;
}

export async function deleteCase(id: string): Promise<void> {
  await Dexie.delete(caseDbName(id));
  await registry.cases.delete(id);
}

/** Opens a case, first repairing any import the app was closed in the middle of. */
export async function openCase(id: string): Promise<CaseDb> {
  const db = new CaseDb(id);
  await db.open();
  if (await recoverInterruptedImports(db)) {
    await refreshCaseTotals(db, id);
    await registry.cases.update(id, { importing: undefined });
  }
  return db;
}

export async function beginImport(db: CaseDb, caseId: string, importId: string, options: ImportOptions): Promise<void> {
  await db.imports.put({ id: importId, startedAt: Date.now(), status: 'running', events: 0, rejected: 0, options });
  await db.meta.put({ key: 'internalRanges', value: options.internalRanges });
  await registry.cases.update(caseId, { importing: importId, updatedAt: Date.now() });
}

export async function finishImport(db: CaseDb, caseId: string, _importId: string): Promise<void> {
  await refreshCaseTotals(db, caseId);
  await registry.cases.update(caseId, { importing: undefined });
}

/** Recomputes the registry's summary of a case from its evidence rows. */
export async function refreshCaseTotals(db: CaseDb, caseId: string): Promise<void> {
  const sources = await db.sources.toArray();
  let events = 0;
  let tsMin = Infinity;
  let tsMax = -Infinity;
  let logs = 0;
  for (const s of sources) {
    if (s.role !== 'log' || s.status !== 'complete') continue;
    logs++;
    events += s.events;
    if (s.tsMin !== undefined) tsMin = Math.min(tsMin, s.tsMin);
    if (s.tsMax !== undefined) tsMax = Math.max(tsMax, s.tsMax);
  }
  await registry.cases.update(caseId, {
    events, sources: logs, updatedAt: Date.now(),
    tsMin: Number.isFinite(tsMin) ? tsMin : undefined,
    tsMax: Number.isFinite(tsMax) ? tsMax : undefined,
  });
}
