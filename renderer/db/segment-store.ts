import { defaultImportOptions, ImportOptionsSchema } from '../../shared/contract/import-options';
import { keptInput } from '../../shared/ingest/kept';
import { EVENT_KINDS } from '../../shared/model/event';
import type { RollupMinute, SegmentStore } from '../../shared/query/types';
import { unpackMinutes } from '../../shared/store/rollups';
import type { CaseDb } from './schema';

/** The query engine's view of a case database. */
export function dexieSegmentStore(db: CaseDb): SegmentStore {
  const ipById = new Map<number, string>();
  return {
    segments: () => db.segmentIndex.toArray(),
    columns: async (id) => (await db.segmentData.get(id))?.columns,
    raw: (id) => db.segmentRaw.get(id),
    async original(key) {
      const row = await db.originals.get(key);
      if (!row) return undefined;
      const imported = await db.imports.get(row.importId);
      const options = ImportOptionsSchema.safeParse(imported?.options);
      return { item: keptInput(row.item), limits: options.success ? options.data.limits : defaultImportOptions().limits };
    },
    addressId: async (ip) => (await db.addresses.where('ip').equals(ip).first())?.id,
    async addressTexts(ids) {
      const missing = ids.filter((id) => !ipById.has(id));
      if (missing.length) {
        const rows = await db.addresses.bulkGet(missing);
        for (const r of rows) if (r) ipById.set(r.id, r.ip);
      }
      return new Map(ids.map((id) => [id, ipById.get(id) ?? '']));
    },
    source: (id) => db.sources.get(id),
    sources: () => db.sources.toArray(),
    addresses: () => db.addresses.toArray(),
    async rollups(from, to) {
      const rows: RollupMinute[] = [];
      for (const packed of await db.sourceRollups.toArray()) {
        for (const r of unpackMinutes(packed, EVENT_KINDS.length)) if (r.minute >= from && r.minute < to) rows.push(r);
      }
      return rows.sort((a, b) => a.minute - b.minute);
    },
    loadDerived: (name) => db.derived.get(name),
    saveDerived: async (name, stamp, value) => { await db.derived.put({ name, stamp, value }); },
    clearDerived: () => db.derived.clear(),
  };
}
