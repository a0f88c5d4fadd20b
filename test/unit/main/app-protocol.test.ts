import { join, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { appRequestHandler, resolveAppFile } from '../../../main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/csp';

const ROOT = join(sep, 'opt', 'tidemark', 'out', 'renderer');

describe('the app:// scheme', () => {
  test('serves files of the renderer build, index.html for the root', () => {
    expect(resolveAppFile(ROOT, 'app://tidemark/')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://tidemark/index.html')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'app://tidemark/assets/index-1.js?x=1#y')).toBe(join(ROOT, 'assets', 'index-1.js'));
    expect(resolveAppFile(ROOT, 'app://tidemark/demo/case%20one.zip')).toBe(join(ROOT, 'demo', 'case one.zip'));
  });

  test('refuses anything outside the build, and other hosts', () => {
    for (const url of [
      'app://tidemark/../../etc/passwd',
      'app://tidemark/%2e%2e/%2e%2e/etc/passwd',
      'app://tidemark/assets/..%2F..%2F..%2Fmain%2Findex.js',
      'app://tidemark/..%5C..%5Csecrets',
      'app://tidemark/a%00.js',
      'app://tidemark/%E0%A4%A',
      'app://other/index.html',
      'app://tidemark..evil/index.html',
    ]) {
      const file = resolveAppFile(ROOT, url);
      if (file !== null) expect(file.startsWith(ROOT + sep)).toBe(true);
    }
    // URL parsing already folds dot segments at the root; what is left stays inside the build.
    expect(resolveAppFile(ROOT, 'app://tidemark/%2e%2e/%2e%2e/etc/passwd')).toBe(join(ROOT, 'etc', 'passwd'));
    expect(resolveAppFile(ROOT, 'app://tidemark/assets/..%2F..%2F..%2Fmain%2Findex.js')).toBeNull();
    expect(resolveAppFile(ROOT, 'app://tidemark/a%00.js')).toBeNull();
    expect(resolveAppFile(ROOT, 'app://tidemark/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(ROOT, 'app://other/index.html')).toBeNull();
  });

  test('every response carries the CSP and the right content type; misses are 404s', async () => {
    const files: Record<string, string> = { [join(ROOT, 'index.html')]: '<!doctype html>', [join(ROOT, 'assets', 'a.js')]: 'export {}' };
    const read = async (p: string) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    };
    const handler = appRequestHandler(ROOT, read);

    const page = await handler(new Request('app://tidemark/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe('<!doctype html>');

    const script = await handler(new Request('app://tidemark/assets/a.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');

    const missing = await handler(new Request('app://tidemark/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler(new Request('app://tidemark/../../etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://tidemark/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
