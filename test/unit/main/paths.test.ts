import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { builtWorkerUrl, WORKER_BUNDLE } from '../../../main/ingest/worker-entry';
import { caseIdFromUrl } from '../../../main/menu-command';

describe('where the built ingest worker is', () => {
  test('next to the main bundle in a build folder', () => {
    const dir = join(sep, 'src', 'tidemark', 'out', 'main');
    expect(fileURLToPath(builtWorkerUrl(dir))).toBe(join(dir, WORKER_BUNDLE));
    expect(fileURLToPath(builtWorkerUrl(dir + sep))).toBe(join(dir, WORKER_BUNDLE));
  });

  test('in the unpacked copy when the app runs from app.asar', () => {
    const dir = join(sep, 'opt', 'Tidemark', 'resources', 'app.asar', 'out', 'main');
    expect(fileURLToPath(builtWorkerUrl(dir))).toBe(join(sep, 'opt', 'Tidemark', 'resources', 'app.asar.unpacked', 'out', 'main', WORKER_BUNDLE));
  });
});

describe('the File menu knows which case is open', () => {
  test('from the page URL', () => {
    expect(caseIdFromUrl('app://tidemark/index.html#/case/c_1-a/events')).toBe('c_1-a');
    expect(caseIdFromUrl('app://tidemark/index.html#/case/abc')).toBe('abc');
    expect(caseIdFromUrl('app://tidemark/index.html#/')).toBeNull();
    expect(caseIdFromUrl('app://tidemark/index.html')).toBeNull();
    expect(caseIdFromUrl('app://tidemark/index.html#/case/a"b/events')).toBeNull();
    expect(caseIdFromUrl('app://tidemark/case/x#/')).toBeNull();
  });
});
