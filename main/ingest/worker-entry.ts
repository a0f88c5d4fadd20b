import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file name electron.config.ts gives the ingest worker's bundle, next to the main bundle. */
export const WORKER_BUNDLE = 'ingest-worker.js';

/**
 * The built ingest worker, given the folder of the main bundle (out/main). In a packaged app that
 * folder is inside app.asar; the worker and its chunks are unpacked next to it
 * (app.asar.unpacked, see build/electron-builder.yml) and loaded from there as plain files, so the
 * thread does not depend on Electron's asar support inside worker threads and ES modules.
 */
export function builtWorkerUrl(mainDir: string): URL {
  const marker = `${sep}app.asar${sep}`;
  const dir = (mainDir.endsWith(sep) ? mainDir : mainDir + sep).replace(marker, `${sep}app.asar.unpacked${sep}`);
  return pathToFileURL(join(dir, WORKER_BUNDLE));
}
