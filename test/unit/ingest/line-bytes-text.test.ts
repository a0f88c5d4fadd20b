import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { ByteSource } from '../../../shared/ingest/bytes';
import type { GzipInflater } from '../../../shared/ingest/containers/gzip';
import type { QueryEngine } from '../../../shared/query/engine';
import type { CaseDb } from '../../../renderer/db/schema';
import { importIntoNewCase } from '../helpers/case-harness';
import { tempDir } from '../helpers/temp';

/** A picked file whose stream arrives in chunks of the given sizes, so lines and characters straddle them. */
function chunkedSource(name: string, bytes: Uint8Array, sizes: number[]): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    stream() {
      let at = 0;
      let k = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.byteLength) { controller.close(); return; }
          const size = sizes[k++ % sizes.length]!;
          controller.enqueue(bytes.slice(at, at + size));
          at += size;
        },
      });
    },
    async read(offset, length) {
      return bytes.slice(offset, offset + length);
    },
  };
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
};

describe('logs read in their bytes keep each line\'s own text', () => {
  test('plain access and flow logs: every event and every rejected record shows its line exactly as the file decodes', async () => {
    const encoder = new TextEncoder();
    const accessLine = (i: number) => {
      const path = i % 13 === 0 ? `/caf\u00e9/${i}` : i % 17 === 0 ? `/\u65e5\u672c/\u{1F600}/${i}` : `/item/${i}`;
      return encoder.encode(`198.51.100.${(i % 50) + 1} - - [12/Mar/2026:14:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 ${i} "-" "agent ${i % 5}`);
    };
    const parts: Uint8Array[] = [new Uint8Array([0xef, 0xbb, 0xbf])];
    for (let i = 0; i < 3000; i++) {
      parts.push(accessLine(i));
      // Bytes that are no UTF-8 at all, in the agent: one stray byte, and a character cut short.
      if (i % 29 === 0) parts.push(new Uint8Array([0xff]));
      if (i % 31 === 0) parts.push(new Uint8Array([0xe2, 0x82]));
      parts.push(encoder.encode(i % 37 === 0 ? '"\r\n' : '"\n'));
      if (i % 401 === 0) parts.push(encoder.encode(`not an access log line \u00e9 ${i}\n`));
      if (i % 503 === 0) parts.push(encoder.encode('\n'));
    }
    const access = concat(parts);
    const flows = encoder.encode([
      ...Array.from({ length: 2000 }, (_, i) => `2 123456789012 eni-0a1b 10.0.1.${i % 30} 203.0.113.${i % 9} ${40000 + i} 443 6 ${i} ${i * 10} ${1773324000 + i} ${1773324060 + i} ACCEPT OK`),
      '2 123456789012 eni-0a1b 10.0.1.5 203.0.113.9 40000 443 6 1 10 soon 1773324060 ACCEPT OK',
      '2 123456789012 eni-\u00e9t\u00e9 10.0.1.5 203.0.113.9 40000 443 6 1 10 1773324001 1773324060 ACCEPT OK',
      'caf\u00e9 is not a flow record',
    ].join('\n'));

    const sizes = [4093, 1, 2, 3, 65_536, 7, 250];
    const { db, engine, summary } = await importIntoNewCase([chunkedSource('access.log', access, sizes), chunkedSource('flows.log', flows, sizes)]);
    expect(summary.status).toBe('complete');
    await expectLinesKept(db, engine, [['access.log', access], ['flows.log', flows]]);
    // Both logs had lines of no format, kept with their text.
    for (const s of await db.sources.toArray()) expect(s.rejected).toBeGreaterThan(0);
  });

  test('an inflater that lends its buffers gets back each chunk of a gzipped log once it is parsed, and never one a tar inside still holds', async () => {
    const encoder = new TextEncoder();
    const access = encoder.encode(Array.from({ length: 20_000 }, (_, i) =>
      `198.51.100.${(i % 50) + 1} - - [12/Mar/2026:14:00:${String(i % 60).padStart(2, '0')} +0000] "GET /caf\u00e9/${i} HTTP/1.1" 200 ${i} "-" "agent"\n`).join(''));
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs/access.log'), access);
    execFileSync('tar', ['-czf', join(dir, 'logs.tgz'), '-C', dir, 'logs']);

    // Every chunk handed back is taken away at once (its buffer detached), as the browser's
    // helper takes back its pieces: nothing may read a chunk after releasing it.
    let released = 0;
    const lending: GzipInflater = () => {
      const inflate = new DecompressionStream('gzip');
      const lent = new WeakSet<ArrayBuffer>();
      const lend = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const own = new Uint8Array(chunk);
          lent.add(own.buffer);
          controller.enqueue(own);
        },
      });
      return {
        writable: inflate.writable as WritableStream<Uint8Array>,
        readable: inflate.readable.pipeThrough(lend),
        release(chunk) {
          if (!lent.delete(chunk.buffer as ArrayBuffer)) return false;
          structuredClone(chunk.buffer, { transfer: [chunk.buffer as ArrayBuffer] });
          released++;
          return true;
        },
      };
    };
    const gz = chunkedSource('access.log.gz', gzipSync(access), [70_000]);
    const plain = await importIntoNewCase([gz], {}, undefined, undefined, undefined, lending);
    expect(plain.summary.status).toBe('complete');
    expect(released).toBeGreaterThan(5);
    await expectLinesKept(plain.db, plain.engine, [['access.log', access]]);

    released = 0;
    const tgz = chunkedSource('logs.tgz', new Uint8Array(readFileSync(join(dir, 'logs.tgz'))), [70_000]);
    const tarred = await importIntoNewCase([tgz], {}, undefined, undefined, undefined, lending);
    expect(tarred.summary.status).toBe('complete');
    expect(released).toBe(0);
    await expectLinesKept(tarred.db, tarred.engine, [['access.log', access]]);
  });
});

/** Each named source's events and rejected records show their own lines of `bytes`, as the file decodes. */
async function expectLinesKept(db: CaseDb, engine: QueryEngine, logs: [string, Uint8Array][]): Promise<void> {
  {
    for (const [name, bytes] of logs) {
      // What the file says, line by line, by the stream decoder's rules.
      const expected = new TextDecoder().decode(bytes).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      const source = (await db.sources.toArray()).find((s) => s.name === name)!;
      const rows = (await engine.page({}, 0, 100_000)).rows.filter((r) => r.sourceId === source.id);
      expect(rows.length).toBe(source.events);
      expect(rows.length).toBeGreaterThan(1900);
      const details = await engine.details(rows.map((r) => r.id!));
      details.forEach((d, k) => expect(d!.raw).toBe(expected[rows[k]!.line! - 1]));
      const rejects = await db.rejects.where('sourceId').equals(source.id).toArray();
      expect(rejects.length).toBe(source.rejected);
      for (const r of rejects) expect(r.text).toBe(expected[r.line - 1]);
    }
  }
}
