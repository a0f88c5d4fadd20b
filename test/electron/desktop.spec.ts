import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');

test('the desktop window is hardened and offers the demo case', async () => {
  const app = await electron.launch({
    executablePath: process.env.TIDEMARK_ELECTRON,
    args: [join(ROOT, 'out/main/index.js')],
    cwd: ROOT,
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('open-demo')).toBeVisible();
    // No Node in the page; the preload's API is there, method by method, and nothing generic.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    const methods = await page.evaluate(() => Object.keys((window as unknown as { tidemark: object }).tidemark).sort());
    expect(methods).toEqual(['appInfo', 'openFiles', 'openFolder', 'pathsForFiles', 'printToPdf', 'registerPaths', 'scan', 'startImport']);
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents;
      return { url: wc.getURL() };
    });
    expect(prefs.url.startsWith('app://tidemark/')).toBe(true);
    // Navigation away from the app is refused.
    await page.evaluate(() => { window.location.href = 'https://example.com/'; });
    await page.waitForTimeout(500);
    expect(page.url().startsWith('app://tidemark/')).toBe(true);
    // The demo case imports through the desktop app too.
    await page.getByTestId('open-demo').click();
    await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  } finally {
    await app.close();
  }
});
