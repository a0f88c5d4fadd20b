import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { FolderSource } from '../../../shared/ingest/bytes';
import { fileSource } from '../../../main/ingest/node-source';
import { fileBytes, sha, src, walk } from './helpers';
import { walkInputs } from '../../../shared/ingest/containers/walk';
import { nativeGunzip, type GzipInflater } from '../../../shared/ingest/containers/gzip';
import { DEFAULT_LIMITS } from '../../../shared/ingest/limits';
import { tempDir } from '../helpers/temp';

const tmp = () => tempDir('tidemark-c-');
const LOG = 'line one\nline two\n';

describe('containers, recognised by content', () => {
  test('a plain file is one entry', async () => {
    const r = await walk([src('access.log', LOG)]);
    expect(r.containers).toEqual([]);
    expect(r.entries).toEqual([{ path: 'access.log', name: 'access.log', parentRef: undefined, text: LOG }]);
  });

  test('gzip: member name from the header, hash of the compressed bytes', async () => {
    const gz = gzipSync(strToU8(LOG), { filename: 'inner.log', mtime: 0 });
    const r = await walk([src('renamed.bin', gz)]);
    expect(r.containers).toMatchObject([{ kind: 'gzip', path: 'renamed.bin', close: { sha256: sha(gz), bytes: gz.byteLength } }]);
    expect(r.entries).toMatchObject([{ path: 'renamed.bin!/inner.log', text: LOG }]);
  });

  test("gzip goes through the host's inflater when it has one (the browser's helper thread)", async () => {
    const gz = gzipSync(strToU8(LOG), { filename: 'inner.log', mtime: 0 });
    let asked = 0;
    const r = await walk([src('a.log.gz', gz)], {}, undefined, async () => {
      asked++;
      // Another thread's inflater arrives asynchronously; here it is this thread's.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    });
    expect(asked).toBe(1);
    expect(r.entries).toMatchObject([{ path: 'a.log.gz!/inner.log', text: LOG }]);
    expect(r.containers).toMatchObject([{ kind: 'gzip', close: { sha256: sha(gz) } }]);
  });

  test('an inflater that hashes what it puts out spares this thread hashing it again', async () => {
    const gz = gzipSync(strToU8(LOG), { filename: 'inner.log', mtime: 0 });
    const hashed: number[] = [];
    // Counts what this thread hashes (only the compressed bytes should come here).
    const counting = async () => {
      const { createHash } = await import('node:crypto');
      const h = createHash('sha256');
      return { update: (b: Uint8Array) => { hashed.push(b.byteLength); h.update(b); }, digestHex: async () => h.digest('hex') };
    };
    const inflater = () => Object.assign(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>, {
      outputSha256: Promise.resolve(sha(LOG)),
    });
    const nodes = [];
    for await (const node of walkInputs([src('a.log.gz', gz)], { limits: DEFAULT_LIMITS, sha256: counting, gunzip: inflater })) {
      nodes.push(node);
      if (node.type === 'entry') {
        expect(node.sha256).toBeTypeOf('function');
        const text = await new Response(node.open()).text();
        expect(text).toBe(LOG);
        expect(await node.sha256!()).toBe(sha(LOG));
      }
    }
    expect(hashed.reduce((a, b) => a + b, 0)).toBe(gz.byteLength);
  });

  test("without such an inflater, the inflated bytes are hashed here, and the entry's hash is theirs", async () => {
    const gz = gzipSync(strToU8(LOG), { mtime: 0 });
    for await (const node of walkInputs([src('b.log.gz', gz)], { limits: DEFAULT_LIMITS })) {
      if (node.type !== 'entry') continue;
      await new Response(node.open()).arrayBuffer();
      expect(await node.sha256!()).toBe(sha(LOG));
    }
  });

  test('multi-member gzip (cat a.gz b.gz) reads every member', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a'), 'first\n');
    writeFileSync(join(dir, 'b'), 'second\n');
    execFileSync('gzip', ['-n', join(dir, 'a'), join(dir, 'b')]);
    const both = Buffer.concat([fileBytes(join(dir, 'a.gz')), fileBytes(join(dir, 'b.gz'))]);
    const r = await walk([src('rotated.log.gz', both)]);
    expect(r.entries).toMatchObject([{ path: 'rotated.log.gz!/rotated.log', text: 'first\nsecond\n' }]);
  });

  test('tar and tgz made by the system tar, with long (pax) names and folders', async () => {
    const dir = tmp();
    const long = `${'deep/'.repeat(25)}very-long-file-name-that-needs-pax-headers.log`;
    mkdirSync(join(dir, 'logs', long, '..'), { recursive: true });
    writeFileSync(join(dir, 'logs', long), LOG);
    writeFileSync(join(dir, 'logs/a.log'), 'a\n');
    execFileSync('tar', ['--format=pax', '-cf', join(dir, 'x.tar'), '-C', dir, 'logs']);
    execFileSync('tar', ['-czf', join(dir, 'x.tgz'), '-C', dir, 'logs']);
    const tar = fileBytes(join(dir, 'x.tar'));
    const t = await walk([fileSource(join(dir, 'x.tar'), tar.byteLength)]);
    expect(t.containers).toMatchObject([{ kind: 'tar', path: 'x.tar', close: { sha256: sha(tar), bytes: tar.byteLength } }]);
    expect(t.entries.map((e) => [e.path, e.text]).sort()).toEqual([
      [`x.tar!/logs/${long}`, LOG], ['x.tar!/logs/a.log', 'a\n'],
    ].sort());
    const tgz = fileBytes(join(dir, 'x.tgz'));
    const g = await walk([fileSource(join(dir, 'x.tgz'), tgz.byteLength)]);
    expect(g.containers.map((c) => [c.kind, c.path])).toEqual([['gzip', 'x.tgz'], ['tar', 'x.tgz!/x.tar']]);
    expect(g.containers[0]!.close!.sha256).toBe(sha(tgz));
    expect(g.entries.map((e) => e.path).sort()).toEqual([`x.tgz!/x.tar!/logs/${long}`, 'x.tgz!/x.tar!/logs/a.log'].sort());
  });

  test('a tar entry whose name opens with U+FEFF keeps it: a name is no text stream with a byte order mark', async () => {
    const dir = tmp();
    const odd = '\uFEFFodd.log';
    writeFileSync(join(dir, odd), LOG);
    execFileSync('tar', ['--format=ustar', '-cf', join(dir, 'x.tar'), '-C', dir, odd]);
    const tar = fileBytes(join(dir, 'x.tar'));
    const t = await walk([fileSource(join(dir, 'x.tar'), tar.byteLength)]);
    expect(t.entries.map((e) => [e.path, e.name, e.text])).toEqual([[`x.tar!/${odd}`, odd, LOG]]);
  });

  test('zip: stored and deflated entries, directories skipped, hash of the file', async () => {
    const zip = zipSync({ 'web/': {}, 'web/a.log': [strToU8(LOG), { level: 0 }], 'b.log': [strToU8('bbb\n'), { level: 9 }] });
    const r = await walk([src('case.zip', zip)]);
    expect(r.containers).toMatchObject([{ kind: 'zip', path: 'case.zip', close: { sha256: sha(zip) } }]);
    expect(r.entries.map((e) => [e.path, e.name, e.text])).toEqual([['case.zip!/web/a.log', 'a.log', LOG], ['case.zip!/b.log', 'b.log', 'bbb\n']]);
    // Whether the picked file holds each log compressed (what keeping the file is worth).
    const compressed = new Map(r.nodes.flatMap((n) => (n.type === 'entry' ? [[n.path, n.compressed] as const] : [])));
    expect(compressed).toEqual(new Map([['case.zip!/web/a.log', false], ['case.zip!/b.log', true]]));
  });

  test('a zip entry\'s first bytes are read while the entry before it is still being read', async () => {
    const zip = zipSync({ 'a.log': [strToU8(LOG.repeat(100_000)), { level: 0 }], 'b.log': [strToU8(LOG), { level: 0 }] });
    const reads: number[] = [];
    const base = src('case.zip', zip);
    const watched = { ...base, read: (offset: number, length: number) => { reads.push(offset); return base.read(offset, length); } };
    const bHeader = zip.findIndex((_, i) => zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 3 && zip[i + 3] === 4 && i > 0);
    const texts: string[] = [];
    for await (const node of walkInputs([watched], { limits: DEFAULT_LIMITS })) {
      if (node.type !== 'entry') continue;
      const reader = node.open().getReader();
      const first = await reader.read();
      if (node.name === 'a.log') {
        // a.log is far from read to its end, and b.log's local header has been asked for.
        expect(first.value!.byteLength).toBeLessThan(LOG.length * 100_000);
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(reads).toContain(bHeader);
      }
      const parts = [first.value!];
      for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
      texts.push(Buffer.concat(parts).toString('utf8'));
    }
    expect(texts).toEqual([LOG.repeat(100_000), LOG]);
  });

  test('the next gzipped log in a zip is inflating while the one before it is read; entries come out in order', async () => {
    const big = Array.from({ length: 60_000 }, (_, i) => `line ${i} ${(i * 7919) % 100_003}\n`).join('');
    const zip = zipSync({
      'a.log.gz': [gzipSync(strToU8(big)), { level: 0 }], 'b.log.gz': [gzipSync(strToU8(LOG)), { level: 0 }],
      'c.tgz': [gzipSync(strToU8('not a tar after all\n')), { level: 0 }],
    });
    const started: number[] = [];
    const counting: GzipInflater = () => { started.push(started.length); return nativeGunzip(); };
    const seen: string[] = [];
    const containers = new Map<number, string>();
    const texts = new Map<string, string>();
    for await (const node of walkInputs([src('case.zip', zip)], { limits: DEFAULT_LIMITS, gunzip: counting })) {
      if (node.type === 'container-open') containers.set(node.ref, node.path);
      seen.push(`${node.type} ${node.type === 'container-close' ? containers.get(node.ref) : node.path}`);
      if (node.type !== 'entry') continue;
      const reader = node.open().getReader();
      const parts: Uint8Array[] = [];
      const first = await reader.read();
      if (node.name === 'a.log') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        // a.log is not read to its end, and b.log.gz's inflater has started.
        expect(started.length).toBe(2);
      }
      if (!first.done) parts.push(first.value);
      for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
      texts.set(node.path, Buffer.concat(parts).toString('utf8'));
    }
    expect(seen).toEqual([
      'container-open case.zip',
      'container-open case.zip!/a.log.gz', 'entry case.zip!/a.log.gz!/a.log', 'container-close case.zip!/a.log.gz',
      'container-open case.zip!/b.log.gz', 'entry case.zip!/b.log.gz!/b.log', 'container-close case.zip!/b.log.gz',
      'container-open case.zip!/c.tgz', 'entry case.zip!/c.tgz!/c.tar', 'container-close case.zip!/c.tgz',
      'container-close case.zip',
    ]);
    expect(texts.get('case.zip!/a.log.gz!/a.log')).toBe(big);
    expect(texts.get('case.zip!/b.log.gz!/b.log')).toBe(LOG);
  });

  test('a log is held compressed inside gzip at any depth, and plain when picked as it is', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x/inner.log'), LOG);
    execFileSync('tar', ['-czf', join(dir, 'logs.tgz'), '-C', dir, 'x/inner.log']);
    const tgz = fileBytes(join(dir, 'logs.tgz'));
    const zip = zipSync({ 'logs.tgz': [tgz, { level: 0 }] });
    const r = await walk([src('case.zip', zip), src('plain.log', LOG)]);
    const compressed = new Map(r.nodes.flatMap((n) => (n.type === 'entry' ? [[n.path, n.compressed] as const] : [])));
    expect(compressed).toEqual(new Map([['case.zip!/logs.tgz!/logs.tar!/x/inner.log', true], ['plain.log', false]]));
  });

  test('zip64 and data descriptors (written by zip.js), and 5,000 entries', async () => {
    const w = new ZipWriter(new BlobWriter('application/zip'), { zip64: true, dataDescriptor: true });
    await w.add('a.log', new TextReader(LOG));
    await w.add('b.log', new TextReader('second\n'), { level: 0 });
    const z64 = new Uint8Array(await (await w.close()).arrayBuffer());
    const r = await walk([src('z64.zip', z64)]);
    expect(r.entries.map((e) => [e.path, e.text])).toEqual([['z64.zip!/a.log', LOG], ['z64.zip!/b.log', 'second\n']]);

    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5000; i++) many[`f/${String(i).padStart(4, '0')}.log`] = strToU8(`${i}\n`);
    const big = await walk([src('many.zip', zipSync(many))]);
    expect(big.entries).toHaveLength(5000);
    expect(big.entries[4999]).toMatchObject({ path: 'many.zip!/f/4999.log', text: '4999\n' });
  });

  test('nesting: a zip of gz files, a tgz of zips, a zip in a zip', async () => {
    const inner = zipSync({ 'deep.log': strToU8('deep\n') });
    const zipOfGz = zipSync({ 'a.log.gz': [gzipSync(strToU8('a\n'), { mtime: 0 }), { level: 0 }], 'inner.zip': [inner, { level: 0 }] });
    const r = await walk([src('outer.zip', zipOfGz)]);
    expect(r.entries.map((e) => [e.path, e.text])).toEqual([
      ['outer.zip!/a.log.gz!/a.log', 'a\n'], ['outer.zip!/inner.zip!/deep.log', 'deep\n'],
    ]);
    expect(r.containers.find((c) => c.path === 'outer.zip!/inner.zip')!.close!.sha256).toBe(sha(inner));

    const dir = tmp();
    writeFileSync(join(dir, 'one.zip'), zipSync({ 'one.log': strToU8('1\n') }));
    writeFileSync(join(dir, 'two.zip'), zipSync({ 'two.log': strToU8('2\n') }));
    execFileSync('tar', ['-czf', join(dir, 'zips.tgz'), '-C', dir, 'one.zip', 'two.zip']);
    const t = await walk([src('zips.tgz', fileBytes(join(dir, 'zips.tgz')))]);
    expect(t.entries.map((e) => [e.path, e.text])).toEqual([
      ['zips.tgz!/zips.tar!/one.zip!/one.log', '1\n'], ['zips.tgz!/zips.tar!/two.zip!/two.log', '2\n'],
    ]);
    // Every entry names its container.
    const refs = new Map(t.containers.map((c) => [c.ref, c.path]));
    expect(t.entries.map((e) => refs.get(e.parentRef!))).toEqual(['zips.tgz!/zips.tar!/one.zip', 'zips.tgz!/zips.tar!/two.zip']);

    // A tgz after a gzipped log in a zip (walked ahead only up to its tar): its entries are
    // counted in their turn, so the entry limit stops at the same entry as without the walk ahead.
    writeFileSync(join(dir, 'x.log'), 'x\n');
    writeFileSync(join(dir, 'y.log'), 'y\n');
    execFileSync('tar', ['-czf', join(dir, 'logs.tgz'), '-C', dir, 'x.log', 'y.log']);
    const mixed = zipSync({ 'a.log.gz': [gzipSync(strToU8('a\n')), { level: 0 }], 'logs.tgz': [fileBytes(join(dir, 'logs.tgz')), { level: 0 }] });
    const m = await walk([src('mixed.zip', mixed)]);
    expect(m.entries.map((e) => [e.path, e.text])).toEqual([
      ['mixed.zip!/a.log.gz!/a.log', 'a\n'], ['mixed.zip!/logs.tgz!/logs.tar!/x.log', 'x\n'], ['mixed.zip!/logs.tgz!/logs.tar!/y.log', 'y\n'],
    ]);
    const limited = await walk([src('mixed.zip', mixed)], { maxEntries: 3 });
    expect(limited.entries.map((e) => e.path)).toEqual(['mixed.zip!/a.log.gz!/a.log', 'mixed.zip!/logs.tgz!/logs.tar!/x.log']);
    expect(limited.failures).toMatchObject([{ path: 'mixed.zip!/logs.tgz!/logs.tar!/y.log', fatal: true, limit: 'maxEntries' }]);
  });

  test('folders: every file, archives inside opened', async () => {
    const folder: FolderSource = {
      kind: 'folder', name: 'export',
      async *entries() {
        yield { relativePath: 'a.log', source: src('a.log', 'a\n') };
        yield { relativePath: 'sub/b.log.gz', source: src('b.log.gz', gzipSync(strToU8('b\n'))) };
      },
    };
    const r = await walk([folder]);
    expect(r.containers.map((c) => [c.kind, c.path])).toEqual([['folder', 'export'], ['gzip', 'export/sub/b.log.gz']]);
    expect(r.entries.map((e) => [e.path, e.text])).toEqual([['export/a.log', 'a\n'], ['export/sub/b.log.gz!/b.log', 'b\n']]);
  });

  test('a file named .zip that is not one is just a file', async () => {
    const r = await walk([src('evidence.zip', 'not a zip at all\n')]);
    expect(r.containers).toEqual([]);
    expect(r.entries).toMatchObject([{ path: 'evidence.zip', text: 'not a zip at all\n' }]);
  });
});

describe('hostile and broken archives', () => {
  test('a gzip bomb is stopped by the expansion ratio limit', async () => {
    const bomb = gzipSync(new Uint8Array(50 * 1024 * 1024), { level: 9 });
    const r = await walk([src('bomb.gz', bomb)], { maxExpansionRatio: 100 });
    expect(r.entries[0]!.error).toMatch(/expands more than 100 times/);
    expect(r.failures).toMatchObject([{ path: 'bomb.gz', limit: 'maxExpansionRatio', fatal: true }]);
  });

  test('a zip bomb is stopped before it is inflated', async () => {
    const bomb = zipSync({ 'zeros.log': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    const r = await walk([src('bomb.zip', bomb)], { maxExpansionRatio: 100 });
    expect(r.entries[0]!.error).toMatch(/expands more than 100 times/);
  });

  test('too many entries, and archives nested too deep, stop the walk with the limit named', async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) many[`${i}.log`] = strToU8('x\n');
    const r = await walk([src('many.zip', zipSync(many))], { maxEntries: 10 });
    expect(r.entries).toHaveLength(10);
    expect(r.failures).toMatchObject([{ limit: 'maxEntries', fatal: true }]);
    let nested: Uint8Array = strToU8('x\n');
    for (let i = 0; i < 5; i++) nested = gzipSync(nested);
    const d = await walk([src('onion.gz', nested)], { maxNestingDepth: 3 });
    expect(d.failures).toMatchObject([{ limit: 'maxNestingDepth', fatal: true }]);
  });

  test('truncated gzip, tar and zip fail with a clear message; siblings go on', async () => {
    const gz = gzipSync(strToU8(LOG.repeat(1000)));
    const g = await walk([src('cut.gz', gz.subarray(0, gz.byteLength - 30)), src('ok.log', 'fine\n')]);
    expect(g.failures).toMatchObject([{ path: 'cut.gz', fatal: false }]);
    expect(g.failures[0]!.type === 'failure' && g.failures[0]!.message).toMatch(/truncated/);
    expect(g.entries.find((e) => e.path === 'ok.log')!.text).toBe('fine\n');

    const dir = tmp();
    writeFileSync(join(dir, 'big.log'), 'y'.repeat(5000));
    execFileSync('tar', ['-cf', join(dir, 't.tar'), '-C', dir, 'big.log']);
    const tar = fileBytes(join(dir, 't.tar'));
    const t = await walk([src('t.tar', tar.subarray(0, 2048))]);
    expect(t.failures[0]).toMatchObject({ path: 't.tar', fatal: false });
    expect(t.failures[0]!.type === 'failure' && t.failures[0]!.message).toMatch(/truncated|ends in the middle/);

    const zip = zipSync({ 'a.log': strToU8(LOG.repeat(100)) });
    const z = await walk([src('cut.zip', zip.subarray(0, zip.byteLength - 40))]);
    expect(z.failures[0]).toMatchObject({ path: 'cut.zip', fatal: false });
    expect(z.failures[0]!.type === 'failure' && z.failures[0]!.message).toMatch(/not a readable zip/);
  });

  test('a damaged zip entry fails with a message naming it; its siblings are read', async () => {
    const body = Array.from({ length: 4000 }, (_, i) => `line ${i} ${i * 7919 % 1000}\n`).join('');
    const zip = zipSync({ 'bad.log': [strToU8(body), { level: 6 }], 'good.log': [strToU8(LOG), { level: 0 }], 'sized.log': [strToU8(LOG), { level: 0 }] });
    const at = (name: string) => {
      // Local headers, found by their signature and name: 30 fixed bytes, then the name.
      for (let i = 0; i + 30 < zip.length; i++) {
        if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 3 && zip[i + 3] === 4 && new TextDecoder().decode(zip.subarray(i + 30, i + 30 + name.length)) === name) return i;
      }
      throw new Error(name);
    };
    const damaged = zip.slice();
    // Deflate data that is no deflate stream.
    damaged.fill(0xff, at('bad.log') + 30 + 'bad.log'.length + 2, at('bad.log') + 30 + 'bad.log'.length + 40);
    const r = await walk([src('damaged.zip', damaged)]);
    const errors = new Map(r.entries.map((e) => [e.path, e.error]));
    expect(errors.get('damaged.zip!/bad.log')).toMatch(/^damaged\.zip!\/bad\.log could not be read \(it could not be decompressed: .+\); the archive may be damaged\.$/);
    expect(r.entries.find((e) => e.path === 'damaged.zip!/good.log')).toEqual(expect.objectContaining({ text: LOG }));
    expect(errors.get('damaged.zip!/good.log')).toBeUndefined();

    // A stored entry its directory says is larger than it is.
    const oversized = zip.slice();
    for (let i = 0; i + 46 < oversized.length; i++) {
      if (oversized[i] === 0x50 && oversized[i + 1] === 0x4b && oversized[i + 2] === 1 && oversized[i + 3] === 2
        && new TextDecoder().decode(oversized.subarray(i + 46, i + 46 + 'sized.log'.length)) === 'sized.log') {
        new DataView(oversized.buffer).setUint32(i + 24, LOG.length + 5, true);
      }
    }
    const o = await walk([src('oversized.zip', oversized)]);
    expect(new Map(o.entries.map((e) => [e.path, e.error])).get('oversized.zip!/sized.log'))
      .toBe(`oversized.zip!/sized.log could not be read (${LOG.length} bytes where its directory says ${LOG.length + 5}); the archive may be damaged.`);

    // A local header overwritten: the entry says so, the others still read.
    const lost = zip.slice();
    lost.fill(0, at('sized.log'), at('sized.log') + 4);
    const l = await walk([src('lost.zip', lost)]);
    expect(new Map(l.entries.map((e) => [e.path, e.error])).get('lost.zip!/sized.log')).toBe('lost.zip!/sized.log could not be read (its local header is missing); the archive may be damaged.');
    expect(l.entries.find((e) => e.path === 'lost.zip!/bad.log')).toEqual(expect.objectContaining({ text: body }));
    expect(l.entries.find((e) => e.path === 'lost.zip!/bad.log')!.error).toBeUndefined();
  });

  test('an encrypted zip entry is reported and its siblings are read', async () => {
    const w = new ZipWriter(new BlobWriter('application/zip'));
    await w.add('secret.log', new TextReader('hidden\n'), { password: 'infected', encryptionStrength: 3 });
    await w.add('open.log', new Uint8ArrayReader(strToU8('open\n')));
    const bytes = new Uint8Array(await (await w.close()).arrayBuffer());
    const r = await walk([src('mixed.zip', bytes)]);
    expect(r.failures).toMatchObject([{ path: 'mixed.zip!/secret.log', fatal: false }]);
    expect(r.failures[0]!.type === 'failure' && r.failures[0]!.message).toMatch(/encrypted/);
    expect(r.entries.map((e) => [e.path, e.text])).toEqual([['mixed.zip!/open.log', 'open\n']]);
  });
});

describe('gunzip where the platform stops at the first member', () => {
  test('the fflate path reads every member and reports truncation', async () => {
    const { fflateGunzip, explainGzipError } = await import('../../../shared/ingest/containers/gzip');
    const both = Buffer.concat([gzipSync(strToU8('first\n')), gzipSync(strToU8('second\n'))]);
    const out = await new Response(src('x.gz', both).stream().pipeThrough(fflateGunzip())).text();
    expect(out).toBe('first\nsecond\n');
    const big = gzipSync(strToU8(LOG.repeat(1000)));
    let error: unknown;
    try {
      await new Response(src('cut.gz', big.subarray(0, big.byteLength - 30)).stream().pipeThrough(fflateGunzip())).text();
    } catch (e) { error = e; }
    expect(explainGzipError(error, 'cut.gz').message).toMatch(/truncated/);
  });
});

describe('pluggable hashing', () => {
  test('a host SHA-256 that asks the walker to wait still hashes every container byte', async () => {
    const { createHash } = await import('node:crypto');
    let waits = 0;
    const slowHasher = async () => {
      const h = createHash('sha256');
      return {
        update: async (bytes: Uint8Array) => { waits++; await new Promise((r) => setTimeout(r, 0)); h.update(bytes); },
        digestHex: async () => h.digest('hex'),
      };
    };
    const gz = gzipSync(strToU8('line one\nline two\n'));
    const r = await walk([src('w.log.gz', gz)], {}, slowHasher);
    expect(waits).toBeGreaterThan(0);
    expect(r.containers[0]!.close!.sha256).toBe(sha(gz));
  });
});
