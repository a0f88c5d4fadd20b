import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { digestFile } from '../../../renderer/workers/file-digest';

describe('whole-file SHA-256 of the hashing helper', () => {
  // Several slices of the wasm path, and a last slice that is not full.
  const bytes = new Uint8Array(9 * 1024 * 1024 + 123).map((_, i) => (i * 31 + (i >> 11)) & 0xff);
  const expected = createHash('sha256').update(bytes).digest('hex');

  test('a file within the native limit is hashed by WebCrypto', async () => {
    expect(await digestFile(new Blob([bytes]))).toBe(expected);
  });

  test('a file over it streams through wasm in slices, to the same digest', async () => {
    expect(await digestFile(new Blob([bytes]), 1024)).toBe(expected);
  });

  test('an empty file', async () => {
    expect(await digestFile(new Blob([]), 0)).toBe(createHash('sha256').digest('hex'));
  });
});
