import { open, opendir, type FileHandle } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { ByteSource, FolderSource } from '../../shared/ingest/bytes';

const CHUNK = 1 << 20;

/**
 * A ByteSource over a file on disk, opened read-only ('r'): evidence is never written. Each
 * stream opens its own handle and reads at explicit positions, so concurrent readers (a zip's
 * hash pass and its entries) never share a cursor.
 */
export function fileSource(path: string, size: number): ByteSource {
  return {
    name: basename(path),
    size,
    stream() {
      let handle: FileHandle | undefined;
      let position = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          handle ??= await open(path, 'r');
          const buf = new Uint8Array(CHUNK);
          const { bytesRead } = await handle.read(buf, 0, CHUNK, position);
          if (bytesRead === 0) {
            await handle.close();
            controller.close();
            return;
          }
          position += bytesRead;
          controller.enqueue(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
        },
        async cancel() {
          await handle?.close();
        },
      }, { highWaterMark: 0 });
    },
    async read(offset, length) {
      // One handle per read: random reads are few (a zip's directory, its entries' headers)
      // and nothing is left open for the evidence file.
      const h = await open(path, 'r');
      try {
        const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        let got = 0;
        while (got < buf.length) {
          const { bytesRead } = await h.read(buf, got, buf.length - got, offset + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return got === buf.length ? buf : buf.subarray(0, got);
      } finally {
        await h.close();
      }
    },
  };
}

/**
 * A picked folder, walked recursively in sorted order (so the same folder always imports the
 * same way). Symbolic links are not followed: a link can point anywhere, and evidence is what
 * the folder itself holds.
 */
export function folderSource(root: string): FolderSource {
  return {
    kind: 'folder',
    name: basename(root),
    async *entries() {
      yield* walk(root, root);
    },
  };
}

async function* walk(root: string, dir: string): AsyncGenerator<{ relativePath: string; source: ByteSource }> {
  const entries = [];
  for await (const e of await opendir(dir)) entries.push(e);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* walk(root, full);
    else if (e.isFile()) {
      const { size } = await (await import('node:fs/promises')).stat(full);
      yield { relativePath: relative(root, full).split(sep).join('/'), source: fileSource(full, size) };
    }
  }
}
