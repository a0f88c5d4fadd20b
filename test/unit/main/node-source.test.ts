import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileSource, folderSource } from '../../../main/ingest/node-source';
import { tempDir } from '../helpers/temp';

async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  return Buffer.concat(parts);
}

describe('reading evidence from disk', () => {
  test('files are read without being changed, even when they are read-only', async () => {
    const dir = tempDir('tidemark-src-');
    const file = join(dir, 'evidence.log');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 'tidemark evidence line\n');
    writeFileSync(file, bytes);
    chmodSync(file, 0o444);
    // An access time older than the modification time is one a 'relatime' mount would update
    // on the next read: the read below must not (O_NOATIME, Linux, owner).
    utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    const before = statSync(file);
    const src = fileSource(file, bytes.length);
    const [a, b] = await Promise.all([readAll(src.stream()), readAll(src.stream())]);
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(b.equals(bytes)).toBe(true);
    expect(Buffer.from(await src.read(1_000_000, 10)).equals(bytes.subarray(1_000_000, 1_000_010))).toBe(true);
    expect((await src.read(bytes.length - 5, 100)).byteLength).toBe(5);
    const after = statSync(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    if (process.platform === 'linux') expect(after.atimeMs).toBe(before.atimeMs);
    expect(after.size).toBe(before.size);
    expect(after.mode & 0o777).toBe(0o444);
  });

  test('a folder is walked recursively in a stable order, without following links', async () => {
    const dir = tempDir('tidemark-dir-');
    mkdirSync(join(dir, 'b/c'), { recursive: true });
    writeFileSync(join(dir, 'z.log'), 'z');
    writeFileSync(join(dir, 'a.log'), 'a');
    writeFileSync(join(dir, 'b/c/deep.log'), 'deep');
    const { symlinkSync } = await import('node:fs');
    symlinkSync('/etc/hostname', join(dir, 'link.log'));
    const seen: string[] = [];
    for await (const e of folderSource(dir).entries()) seen.push(`${e.relativePath}:${e.source.size}`);
    expect(seen).toEqual(['a.log:1', 'b/c/deep.log:4', 'z.log:1']);
  });
});
