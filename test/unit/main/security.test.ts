import { describe, expect, test } from 'vitest';
import { CONTENT_SECURITY_POLICY, withSecurityHeaders } from '../../../main/csp';
import { isAppUrl } from '../../../main/app-origin';
import { downloadAllowed, navigationAllowed, permissionDecision, printRequestAllowed, requestAllowed, windowOpenDecision } from '../../../main/security';
import { mainWindowOptions, PRINT_PARTITION, printWindowOptions } from '../../../main/window-options';

describe('desktop window hardening', () => {
  test('the main window runs the page sandboxed, isolated, without Node or webviews', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webviewTag: false, webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  test('the PDF printer window runs no script at all', () => {
    expect(printWindowOptions().webPreferences).toMatchObject({
      javascript: false, sandbox: true, nodeIntegration: false, contextIsolation: true, webviewTag: false, partition: PRINT_PARTITION,
    });
    // An in-memory partition ('persist:' would keep a profile on disk), not the app's own session.
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
    expect(printWindowOptions().webPreferences?.preload).toBeUndefined();
  });

  test('the CSP allows only the app itself', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'/);
    for (const [d, v] of [['base-uri', "'none'"], ['frame-src', "'none'"], ['form-action', "'none'"], ['worker-src', "'self' blob:"], ['style-src', "'self' 'unsafe-inline'"], ['img-src', "'self' data: blob:"]] as const) {
      expect(directives.get(d)?.join(' ')).toBe(v);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
    const headers = withSecurityHeaders({ 'content-type': 'text/html' });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-type']).toEqual(['text/html']);
  });

  test('navigation stays inside the app', () => {
    expect(navigationAllowed('app://tidemark/index.html#/case/x', 'app://tidemark')).toBe(true);
    expect(navigationAllowed('https://evil.example/', 'app://tidemark')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd', 'app://tidemark')).toBe(false);
    expect(navigationAllowed('app://other/index.html', 'app://tidemark')).toBe(false);
    expect(navigationAllowed('not a url', 'app://tidemark')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
  });

  test('new windows and permission requests are refused', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(permissionDecision()).toBe(false);
  });

  test('the PDF printer loads the report and its embedded images, nothing else', () => {
    const page = 'file:///tmp/tidemark-print-x/report.html';
    expect(printRequestAllowed(page, page)).toBe(true);
    expect(printRequestAllowed('data:image/png;base64,AAAA', page)).toBe(true);
    expect(printRequestAllowed('https://203.0.113.9/beacon.png', page)).toBe(false);
    expect(printRequestAllowed('file:///etc/passwd', page)).toBe(false);
    expect(printRequestAllowed('app://tidemark/index.html', page)).toBe(false);
  });

  test('the page reaches no network, and the dev server only in development', () => {
    expect(requestAllowed('app://tidemark/assets/index.js')).toBe(true);
    expect(requestAllowed('blob:app://tidemark/1234')).toBe(true);
    expect(requestAllowed('https://203.0.113.66/x')).toBe(false);
    expect(requestAllowed('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(requestAllowed('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(requestAllowed('http://localhost:9999/', 'http://localhost:5173')).toBe(false);
    expect(requestAllowed('ws://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(requestAllowed('file:///etc/passwd')).toBe(false);
    expect(requestAllowed('application://tidemark/')).toBe(false);
  });

  test('only blobs the app made may be saved as downloads', () => {
    expect(downloadAllowed('blob:app://tidemark/5d1e0c4a-1111-4222-8333-944445555666')).toBe(true);
    expect(downloadAllowed('blob:http://localhost:5173/abc', 'http://localhost:5173')).toBe(true);
    expect(downloadAllowed('blob:http://localhost:5173/abc')).toBe(false);
    expect(downloadAllowed('https://203.0.113.66/payload.exe')).toBe(false);
    expect(downloadAllowed('blob:https://203.0.113.66/x')).toBe(false);
    expect(downloadAllowed('data:text/html,hi')).toBe(false);
  });
});
