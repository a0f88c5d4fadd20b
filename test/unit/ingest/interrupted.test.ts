import 'fake-indexeddb/auto';
import { strToU8 } from 'fflate';
import { expect, test } from 'vitest';
import { bytesSource } from '../../../shared/ingest/bytes';
import { recoverInterruptedImports } from '../../../renderer/db/writer';
import { importIntoNewCase } from '../helpers/case-harness';

test('an import the app was closed in the middle of is repaired when the case opens', async () => {
  const line = (i: number) => `198.51.100.${i} - - [12/Mar/2026:10:00:0${i} +0000] "GET / HTTP/1.1" 200 1 "-" "ua"`;
  const { db } = await importIntoNewCase([bytesSource('kept.log', strToU8(`${line(1)}\n${line(2)}\n`))]);
  // Simulate a second import cut off by a closed app: a source left importing, with a segment and a reject stored.
  const id = await db.sources.add({
    importId: 'cut', role: 'log', name: 'cut.log', path: 'cut.log', bytes: 10, events: 0, rejected: 0,
    zoneless: 0, timeZone: 'UTC', status: 'importing', startedAt: Date.now(),
  });
  const kept = await db.segmentIndex.toArray();
  const { id: _keptId, ...template } = kept[0]!;
  const segId = await db.segmentIndex.add({ ...template, sourceId: id });
  await db.segmentData.add({ id: segId, columns: (await db.segmentData.get(kept[0]!.id))!.columns });
  await db.rejects.add({ sourceId: id, line: 3, reason: 'x', text: 'y' });
  await db.imports.put({ id: 'cut', startedAt: Date.now(), status: 'running', events: 0, rejected: 0, options: {} });

  expect(await recoverInterruptedImports(db)).toBe(1);
  const row = await db.sources.get(id);
  expect(row).toMatchObject({ status: 'failed', events: 0 });
  expect(row!.error).toMatch(/closed while this source was importing/);
  expect(await db.segmentIndex.where('sourceId').equals(id).count()).toBe(0);
  expect(await db.segmentData.get(segId)).toBeUndefined();
  expect(await db.rejects.where('sourceId').equals(id).count()).toBe(0);
  expect((await db.imports.get('cut'))!.status).toBe('interrupted');
  // The complete source is untouched.
  expect(await db.segmentIndex.count()).toBe(kept.length);
  expect(await recoverInterruptedImports(db)).toBe(0);
});
