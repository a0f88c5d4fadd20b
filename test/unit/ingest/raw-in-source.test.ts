import { gzipSync, strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { KeptItem } from '../../../shared/contract/workers';
import { keptInput } from '../../../shared/ingest/kept';
import { SEGMENT_CAPACITY } from '../../../shared/store/segment';
import { importIntoNewCase } from '../helpers/case-harness';
import { QueryEngine } from '../../../shared/query/engine';
import { dexieSegmentStore } from '../../../renderer/db/segment-store';

const line = (i: number) => {
  // Some lines carry characters of two, three and four UTF-8 bytes, so bytes and characters part ways.
  const path = i % 97 === 0 ? `/caf\u00e9/\u65e5\u672c/${i}` : i % 89 === 0 ? `/smile/\u{1F600}/${i}` : `/item/${i}`;
  return `198.51.100.${(i % 50) + 1} - - [12/Mar/2026:14:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 ${1000 + i} "-" "Mozilla/5.0"`;
};

describe('raw text read from the kept source', () => {
  test('events of a gzipped log in a zip show their own line, read again from the kept archive; other formats and logs stored plain keep their text', async () => {
    const n = SEGMENT_CAPACITY * 2 + 123;
    const lines = Array.from({ length: n }, (_, i) => line(i));
    // A blank line (no event), and a few lines ended by CRLF; a byte order mark first.
    lines[5000] = '';
    const text = '\uFEFF' + lines.map((l, i) => (i % 1000 === 7 ? `${l}\r\n` : `${l}\n`)).join('');
    const csv = 'time,src,dst,bytes\n2026-03-12T14:00:00Z,10.0.0.5,203.0.113.9,77\n2026-03-12T14:00:01Z,10.0.0.6,203.0.113.9,88\n';
    const plain = `${line(1)}\n${line(2)}\n`;
    const zip = zipSync({ 'web/access.log.gz': gzipSync(strToU8(text)), 'fw/fw.csv': strToU8(csv), 'web/plain.log': strToU8(plain) }, { level: 0 });
    const kept: KeptItem[] = [{ kind: 'file', name: 'case.zip', blob: new Blob([zip]) }];
    const { db, engine, summary } = await importIntoNewCase(kept.map(keptInput), {}, undefined, undefined, kept);
    expect(summary.status).toBe('complete');

    const sources = await db.sources.toArray();
    const access = sources.find((s) => s.path === 'case.zip!/web/access.log.gz!/access.log')!;
    expect(access).toMatchObject({ status: 'complete', events: n - 1 });
    expect(access.original).toBeDefined();
    // A log stored as it is in the zip (no compression) keeps its text with its segments.
    const plainLog = sources.find((s) => s.path === 'case.zip!/web/plain.log')!;
    expect(plainLog.original).toBeUndefined();
    // The access log's segments hold no copy of its text; the CSV's does.
    const raws = await db.segmentRaw.toArray();
    const accessSegments = (await db.segmentIndex.where('sourceId').equals(access.id).primaryKeys()).sort((a, b) => a - b);
    expect(accessSegments).toHaveLength(3);
    for (const r of raws) {
      if (accessSegments.includes(r.id)) {
        expect(r.at).toMatchObject({ byte: expect.any(Number), line: expect.any(Number) });
        expect(r.text).toBeUndefined();
      } else {
        expect(r.text).toMatch(/203\.0\.113\.9|198\.51\.100\./);
      }
    }

    // Every event of the first rows, across segment borders, and the multi-byte and CRLF ones.
    const all = (await engine.page({}, 0, 200_000)).rows;
    const rows = all.filter((r) => r.sourceId === access.id);
    expect(rows).toHaveLength(n - 1);
    const lineOf = (r: { line?: number }) => r.line ?? 0;
    const pick = rows.filter((r, k) => k < 40 || Math.abs(k - SEGMENT_CAPACITY) < 30 || k > rows.length - 30
      || (lineOf(r) - 1) % 97 === 0 || (lineOf(r) - 1) % 89 === 0 || (lineOf(r) - 1) % 1000 === 7).slice(0, 900);
    expect(pick.length).toBeGreaterThan(200);
    for (const r of pick) {
      const d = await engine.detail(r.id!);
      expect(d!.raw).toBe(lines[lineOf(r) - 1]);
    }
    // Many at once (a report's pins), from a fresh engine: one pass over the source for all.
    const fresh = new QueryEngine(dexieSegmentStore(db));
    const spread = [rows[3]!, rows[SEGMENT_CAPACITY - 1]!, rows[SEGMENT_CAPACITY]!, rows[SEGMENT_CAPACITY + 1]!, rows[rows.length - 1]!, rows[2 * SEGMENT_CAPACITY + 5]!, rows[10]!];
    const batch = await fresh.details(spread.map((r) => r.id!));
    expect(batch.map((d) => d!.raw)).toEqual(spread.map((r) => lines[lineOf(r) - 1]));

    const csvRow = all.find((r) => r.sourceId !== access.id && lineOf(r) === 2)!;
    const csvDetail = await engine.detail(csvRow.id!);
    expect(csvDetail!.raw).toBe('2026-03-12T14:00:00Z,10.0.0.5,203.0.113.9,77');
  });

  test('in a folder pick, a gzipped log is read again from its kept file by path; a plain log keeps its text', async () => {
    const a = Array.from({ length: 300 }, (_, i) => line(i));
    const b = Array.from({ length: 200 }, (_, i) => line(i + 7000));
    const kept: KeptItem[] = [{
      kind: 'folder', name: 'export',
      files: [
        { relativePath: 'a/access.log', name: 'access.log', blob: new Blob([`${a.join('\n')}\n`]) },
        // The last line has no newline after it, as the splitter allows.
        { relativePath: 'b/access.log.gz', name: 'access.log.gz', blob: new Blob([gzipSync(strToU8(b.join('\n')))]) },
      ],
    }];
    const { db, engine } = await importIntoNewCase(kept.map(keptInput), {}, undefined, undefined, kept);
    const sources = await db.sources.toArray();
    const bSource = sources.find((s) => s.path === 'export/b/access.log.gz!/access.log')!;
    const aSource = sources.find((s) => s.path === 'export/a/access.log')!;
    expect(bSource.original).toBeDefined();
    expect(aSource.original).toBeUndefined();
    const all = (await engine.page({}, 0, 1000)).rows;
    const bRows = all.filter((r) => r.sourceId === bSource.id);
    expect(bRows).toHaveLength(200);
    for (const r of [bRows[0]!, bRows[100]!, bRows[199]!]) expect((await engine.detail(r.id!))!.raw).toBe(b[(r.line ?? 0) - 1]);
    const aRow = all.find((r) => r.sourceId === aSource.id && r.line === 150)!;
    expect((await engine.detail(aRow.id!))!.raw).toBe(a[149]);
  });
});
