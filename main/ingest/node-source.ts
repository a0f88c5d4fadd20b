import { constants } from 'node:fs';
import { open, opendir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { ByteSource, FolderSource } from '../../shared/ingest/bytes';

const CHUNK = 1 << 20;

/**
 * Opens evidence read-only. On Linux it first asks for O_NOATIME so reading does not even move
 * the access time; the kernel grants that only to the file's owner (or root), so otherwise it
 * falls back to a plain read-only open. Other systems have no such flag.
 */
export async function openEvidence(path: string): Promise<FileHandle> {
  const noAtime = constants.O_NOATIME;
  if (process.platform === 'linux' && noAtime !== undefined) {
    try {
      return await open(path, constants.O_RDONLY | noAtime);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    }
  }
  return open(path, 'r');
}

/**
 * A ByteSource over a file on disk, opened read-only (openEvidence): evidence is never written. Each
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
      const closeHandle = async () => {
        const h = handle;
        handle = undefined;
        await h?.close().catch(() => undefined);
      };
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            handle ??= await openEvidence(path);
            const buf = new Uint8Array(CHUNK);
            const { bytesRead } = await handle.read(buf, 0, CHUNK, position);
            if (bytesRead === 0) {
              await closeHandle();
              controller.close();
              return;
            }
            position += bytesRead;
            controller.enqueue(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
          } catch (e) {
            // A read error ends the stream; the handle must not outlive it.
            await closeHandle();
            throw e;
          }
        },
        async cancel() {
          await closeHandle();
        },
      }, { highWaterMark: 0 });
    },
    async read(offset, length) {
      // One handle per read: random reads are few (a zip's directory, its entries' headers)
      // and nothing is left open for the evidence file.
      const h = await openEvidence(path);
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
 * A picked folder, walked recursively in sorted order (by UTF-16 code unit, not locale, so the
 * same folder imports the same way on every machine). Symbolic links are not followed, whether
 * they point inside or outside the folder: a link can point anywhere (even back at its own
 * parent), and the evidence is what the folder itself holds. Sockets, FIFOs and devices are
 * skipped too: reading a FIFO would block for ever.
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
      const { size } = await stat(full);
      yield { relativePath: relative(root, full).split(sep).join('/'), source: fileSource(full, size) };
    }
  }
}
