import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { CaseDb, caseDbName } from '../../../renderer/db/schema';
import { dexieSegmentStore } from '../../../renderer/db/segment-store';
import type { RollupMinute } from '../../../shared/query/types';
import { mergePeers, packMinutes, unpackMinutes } from '../../../shared/store/rollups';

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

  test('a packed record reads back as the minutes it was made of', () => {
    const rows = [minute(60_000, [[2, 100], [5, 10]]), minute(120_000, []), minute(180_000, [[9, 4]], [0, 0, 3, 0, 0, 0, 0])];
    const back = unpackMinutes(packMinutes(7, rows, 7), 7);
    const plain = (r: RollupMinute) => ({ ...r, kindCounts: [...r.kindCounts], peerIds: [...r.peerIds], peerCount: [...r.peerCount], peerOut: [...r.peerOut], peerIn: [...r.peerIn] });
    expect(back.map(plain)).toEqual(rows.map(plain));
  });

  const V4_STORES = {
    meta: 'key', imports: 'id, startedAt', sources: '++id, importId, parentId, status',
    rejects: '++id, sourceId, [sourceId+line]', segmentIndex: '++id, sourceId, tsMin', segmentData: 'id',
    segmentRaw: 'id', addresses: '++id, &ip, bytesOut, events', rollups: 'minute',
    pins: '++id, &eventId, ts', indicators: '++id, &value, block', audit: '++id, at, entity',
    playbooks: 'id, addedAt', checklist: '[playbookId+stepId], playbookId', parties: '++id, name', derived: 'name',
  };

  test('a case stored with a record per minute keeps its minutes when it is opened', async () => {
    const id = `upgrade4-${process.pid}`;
    const old = new Dexie(caseDbName(id));
    old.version(4).stores(V4_STORES);
    await old.table('rollups').bulkPut([minute(60_000, [[2, 100]]), minute(120_000, [[3, 5]])]);
    old.close();

    const db = new CaseDb(id);
    const rows = await dexieSegmentStore(db).rollups(-Infinity, Infinity);
    expect(rows.map((r) => [r.minute, r.bytesOut, [...r.peerIds]])).toEqual([[60_000, 100, [2]], [120_000, 5, [3]]]);
    expect(db.tables.map((t) => t.name)).not.toContain('rollups');
    expect(db.tables.map((t) => t.name)).not.toContain('minuteRollups');
    expect((await db.sourceRollups.toArray()).map((r) => r.sourceId)).toEqual([0]);
    db.close();
  });

  test('a case stored with a record per minute and source gets one record per source', async () => {
    const id = `upgrade6-${process.pid}`;
    const old = new Dexie(caseDbName(id));
    old.version(6).stores({ ...V4_STORES, rollups: null, minuteRollups: '[minute+sourceId], sourceId' });
    await old.table('minuteRollups').bulkPut([
      { ...minute(60_000, [[2, 100]]), sourceId: 1 }, { ...minute(60_000, [[3, 7]]), sourceId: 2 }, { ...minute(120_000, [[2, 1]]), sourceId: 1 },
    ]);
    old.close();

    const db = new CaseDb(id);
    const packed = await db.sourceRollups.toArray();
    expect(packed.map((p) => [p.sourceId, [...p.minutes]])).toEqual([[1, [60_000, 120_000]], [2, [60_000]]]);
    const rows = await dexieSegmentStore(db).rollups(-Infinity, Infinity);
    expect(rows.map((r) => r.minute)).toEqual([60_000, 60_000, 120_000]);
    expect(rows.reduce((n, r) => n + r.bytesOut, 0)).toBe(108);
    db.close();
  });
});
