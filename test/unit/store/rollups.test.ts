import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { CaseDb, caseDbName } from '../../../renderer/db/schema';
import { dexieSegmentStore } from '../../../renderer/db/segment-store';
import type { RollupMinute } from '../../../shared/query/types';
import { mergePeers } from '../../../shared/store/rollups';

const minute = (m: number, peers: [number, number][], kinds = [1, 0, 0, 0, 0, 0, 0]): RollupMinute => ({
  minute: m,
  kindCounts: Uint32Array.from(kinds),
  bytesOut: peers.reduce((n, [, out]) => n + out, 0),
  bytesIn: 0,
  peerIds: Uint32Array.from(peers.map(([id]) => id)),
  peerCount: Uint32Array.from(peers.map(() => 1)),
  peerOut: Float64Array.from(peers.map(([, out]) => out)),
  peerIn: new Float64Array(peers.length),
});

describe("the case's minutes, stored per source", () => {
  test("two sources' peers of one minute merge into one ascending list, a shared peer summed", () => {
    const a = minute(60_000, [[2, 100], [5, 10]]);
    const b = minute(60_000, [[3, 7], [5, 1], [9, 2]]);
    const merged = mergePeers(
      { ids: a.peerIds, count: a.peerCount, out: a.peerOut, in: a.peerIn },
      { ids: b.peerIds, count: b.peerCount, out: b.peerOut, in: b.peerIn },
    );
    expect(Array.from(merged.ids)).toEqual([2, 3, 5, 9]);
    expect(Array.from(merged.out)).toEqual([100, 7, 11, 2]);
    expect(Array.from(merged.count)).toEqual([1, 1, 2, 1]);
  });

  test('a case stored before per-source rows keeps its minutes when it is opened', async () => {
    const id = `upgrade-${process.pid}`;
    // The case database as version 4 left it: one row per minute.
    const old = new Dexie(caseDbName(id));
    old.version(4).stores({
      meta: 'key', imports: 'id, startedAt', sources: '++id, importId, parentId, status',
      rejects: '++id, sourceId, [sourceId+line]', segmentIndex: '++id, sourceId, tsMin', segmentData: 'id',
      segmentRaw: 'id', addresses: '++id, &ip, bytesOut, events', rollups: 'minute',
      pins: '++id, &eventId, ts', indicators: '++id, &value, block', audit: '++id, at, entity',
      playbooks: 'id, addedAt', checklist: '[playbookId+stepId], playbookId', parties: '++id, name', derived: 'name',
    });
    await old.table('rollups').bulkPut([minute(60_000, [[2, 100]]), minute(120_000, [[3, 5]])]);
    old.close();

    const db = new CaseDb(id);
    const rows = await dexieSegmentStore(db).rollups(-Infinity, Infinity);
    expect(rows.map((r) => [r.minute, r.bytesOut])).toEqual([[60_000, 100], [120_000, 5]]);
    expect(db.tables.map((t) => t.name)).not.toContain('rollups');
    expect(await db.minuteRollups.where('sourceId').equals(0).count()).toBe(2);
    db.close();
  });
});
