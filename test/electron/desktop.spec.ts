import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  app = await electron.launch({
    executablePath: process.env.TIDEMARK_ELECTRON,
    args: [join(ROOT, 'out/main/index.js')],
    cwd: ROOT,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
});

test('the page runs without Node, with the named preload API only', async () => {
  await expect(page.getByTestId('open-demo')).toBeVisible();
  expect(page.url().startsWith('app://tidemark/')).toBe(true);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  const methods = await page.evaluate(() => Object.keys((window as unknown as { tidemark: object }).tidemark).sort());
  expect(methods).toEqual(['appInfo', 'openFiles', 'openFolder', 'pathsForFiles', 'printToPdf', 'registerPaths', 'scan', 'startImport']);
  const info = await page.evaluate(() => (window as unknown as { tidemark: { appInfo(r: object): Promise<{ electron: string }> } }).tidemark.appInfo({}));
  expect(info.electron).toMatch(/^\d+\./);
  // A malformed request is refused in the preload, before it reaches the main process.
  const refused = await page.evaluate(() => (window as unknown as { tidemark: { registerPaths(r: object): Promise<unknown> } }).tidemark
    .registerPaths({ paths: [] }).then(() => 'accepted', () => 'refused'));
  expect(refused).toBe('refused');
});

test('the app page is served with its CSP and reaches no network', async () => {
  const csp = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')));
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  const outside = await page.evaluate(() => fetch('https://example.com/').then(() => 'reached', () => 'blocked'));
  expect(outside).toBe('blocked');
  const outsideFile = await page.evaluate(() => fetch('app://tidemark/../../../etc/passwd').then((r) => r.status, () => 0));
  expect([0, 404]).toContain(outsideFile);
});

test('the window cannot leave the app or open others', async () => {
  // (Its webPreferences are checked in test/unit/main/security.test.ts; Electron does not report them back.)
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  await page.evaluate(() => { window.location.href = 'https://example.com/'; });
  await page.waitForTimeout(500);
  expect(page.url().startsWith('app://tidemark/')).toBe(true);
  const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? []);
  expect(menu).toEqual(expect.arrayContaining(['File', 'View', 'Help']));
});

test('reports print to PDF', async () => {
  const head = await page.evaluate(async () => {
    const api = (window as unknown as { tidemark: { printToPdf(r: object): Promise<Uint8Array> } }).tidemark;
    const pdf = await api.printToPdf({ html: '<!doctype html><title>r</title><h1>Report</h1><img src="https://203.0.113.9/beacon.png">', title: 'r' });
    return String.fromCharCode(...pdf.subarray(0, 5));
  });
  expect(head).toBe('%PDF-');
});

test('the demo case imports through the desktop app', async () => {
  await page.getByTestId('open-demo').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible({ timeout: 90_000 });
});
