import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { newCase, openApp, screenshot, sha256 } from './helpers';

/** How many picked archives the open case keeps (its `originals` store, read directly). */
async function keptArchives(page: import('@playwright/test').Page): Promise<string[]> {
  const caseId = /#\/case\/([^/]+)\//.exec(page.url())![1]!;
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(`tidemark-case-${id}`);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<Array<{ item: { name: string } }>>((resolve, reject) => {
      const req = db.transaction('originals').objectStore('originals').getAll();
      req.onsuccess = () => resolve(req.result as Array<{ item: { name: string } }>);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows.map((r) => r.item.name);
  }, caseId);
}

/** Files dropped on the import screen, as a browser delivers them. */
async function dropFiles(page: import('@playwright/test').Page, files: { name: string; text?: string; bytes?: number[] }[]) {
  await page.getByTestId('dropzone').evaluate((zone, list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.bytes ? new Uint8Array(f.bytes) : f.text ?? ''], f.name));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('dropped files import, and a crossed limit stops with a message and a way to raise it', async ({ page }) => {
  await newCase(page, 'Limits');
  const ok = '198.51.100.4 - - [02/Feb/2026:10:00:02 +0000] "GET / HTTP/1.1" 200 10 "-" "Mozilla/5.0"';
  const long = `198.51.100.5 - - [02/Feb/2026:10:00:03 +0000] "GET /${'a'.repeat(3000)} HTTP/1.1" 200 10 "-" "Mozilla/5.0"`;
  await dropFiles(page, [{ name: 'long-lines.log', text: `${ok}\n${long}\n${ok}\n` }]);
  await expect(page.getByTestId('picked-list')).toContainText('long-lines.log');

  await page.getByText('Safety limits').click();
  await page.getByLabel('Record length (characters)').fill('1000');
  await page.getByTestId('start-import').click();
  const progress = page.locator('[data-testid="import-progress"][data-status="failed"]');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('alert')).toContainText('longer than 1,000 characters, the record length limit');
  await screenshot(page, 'import-limit-stopped');

  await progress.getByRole('button', { name: /Raise this limit tenfold/ }).click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await page.getByTestId('show-evidence').click();
  const rows = page.getByTestId('evidence-row');
  // The first attempt stays on record as failed; the second holds the events.
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid="evidence-row"][data-status="failed"]')).toContainText('record length limit');
  await expect(page.locator('[data-testid="evidence-row"][data-status="complete"]').getByTestId('events')).toHaveText('3');
  await screenshot(page, 'evidence-after-limit');
});

test('the dark theme applies everywhere and is remembered', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 20, 26)');
  await screenshot(page, 'home-dark');
});

test('a rotated log of several gzip members imports whole in the browser', async ({ page }) => {
  await newCase(page, 'Rotated');
  const line = (i: number) => `192.0.2.${i} - - [02/Feb/2026:10:00:0${i} +0000] "GET /p${i} HTTP/1.1" 200 ${i} "-" "curl/8.5"`;
  const text = `${line(1)}\n${line(2)}\n${line(3)}\n${line(4)}\n`;
  const members = Buffer.concat([gzipSync(`${line(1)}\n${line(2)}\n`), gzipSync(`${line(3)}\n`), gzipSync(`${line(4)}\n`)]);
  await dropFiles(page, [{ name: 'access.log.gz', bytes: [...members] }]);
  await page.getByTestId('start-import').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await page.getByTestId('show-evidence').click();
  const leaf = page.locator('[data-testid="evidence-row"][data-path="access.log.gz!/access.log"]');
  await expect(leaf.getByTestId('events')).toHaveText('4');
  await expect(leaf.getByTestId('rejected')).toHaveText('0');
  // Chromium's inflater stops after the first member and fflate starts over: the hash of the
  // log is still of every member's text, and the archive's of its bytes.
  await expect(leaf.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(Buffer.from(text)));
  await expect(page.locator('[data-testid="evidence-row"][data-path="access.log.gz"]').getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(members));
});

test('leaving a case and coming back while it imports does not disturb the import', async ({ page }) => {
  await newCase(page, 'Busy');
  const caseUrl = page.url();
  const lines: string[] = [];
  for (let i = 0; i < 300_000; i++) {
    lines.push(`198.51.100.${i % 200} - - [02/Feb/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /item/${i} HTTP/1.1" 200 ${i % 5000} "-" "Mozilla/5.0"`);
  }
  await dropFiles(page, [{ name: 'busy.log', text: `${lines.join('\n')}\n` }]);
  await page.getByTestId('start-import').click();
  // Wait until part of the source is stored (a segment holds 16,384 events).
  await expect(page.getByTestId('import-progress')).toContainText(/[1-9][\d,]* events stored/);
  await expect(page.getByTestId('import-summary')).toContainText('importing');
  // Away to the case list and straight back: the case is opened again while its writer works.
  await page.goto('/#/');
  await page.goto(caseUrl.replace(/\/import$/, '/evidence'));
  const row = page.locator('[data-testid="evidence-row"][data-path="busy.log"]');
  await expect(row).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
  await expect(row.getByTestId('events')).toHaveText('300,000');
  // Every event is really stored, not just counted.
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('events-total')).toContainText('300,000 events');
});

test('the desktop File menu opens the file picker on the import screen', async ({ page }) => {
  await newCase(page, 'Menu');
  // What the preload relays from the menu; here posted by the page itself, as the preload would.
  const chooser = page.waitForEvent('filechooser');
  await page.evaluate(() => window.postMessage({ tag: 'tidemark:menu', command: 'openFiles' }, window.location.origin));
  await (await chooser).setFiles({ name: 'menu.log', mimeType: 'text/plain', buffer: Buffer.from('x\n') });
  await expect(page.getByTestId('picked-list')).toContainText('menu.log');
  // Anything else posted to the window is ignored.
  const none = page.waitForEvent('filechooser', { timeout: 1500 }).then(() => 'opened', () => 'none');
  await page.evaluate(() => window.postMessage({ tag: 'tidemark:menu', command: 'format-disk' }, window.location.origin));
  expect(await none).toBe('none');
});

test('a truncated gzip inside a zip fails on its own with a plain reason; the rest of the zip imports', async ({ page }) => {
  await newCase(page, 'Truncated');
  const line = (i: number) => `192.0.2.${i} - - [02/Feb/2026:10:00:0${i} +0000] "GET /p${i} HTTP/1.1" 200 ${i} "-" "curl/8.5"`;
  const good = `${line(1)}\n${line(2)}\n${line(3)}\n`;
  // Long enough that the helper's inflater has put out pieces before the data runs out.
  const long = Array.from({ length: 40_000 }, (_, i) => `${line(i % 9)} ${i}`).join('\n');
  const cutGz = gzipSync(long);
  const zip = zipSync({ 'web/good.log.gz': gzipSync(good), 'web/cut.log.gz': cutGz.subarray(0, cutGz.length >> 1) }, { level: 0 });
  await dropFiles(page, [{ name: 'export.zip', bytes: [...zip] }]);
  await page.getByTestId('start-import').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await page.getByTestId('show-evidence').click();
  const goodLeaf = page.locator('[data-testid="evidence-row"][data-path="export.zip!/web/good.log.gz!/good.log"]');
  await expect(goodLeaf).toHaveAttribute('data-status', 'complete');
  await expect(goodLeaf.getByTestId('events')).toHaveText('3');
  await expect(goodLeaf.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(Buffer.from(good)));
  const cut = page.locator('[data-testid="evidence-row"][data-path="export.zip!/web/cut.log.gz"]');
  await expect(cut).toHaveAttribute('data-status', 'failed');
  await expect(cut).toContainText('ends before its compressed data does');
  // Nothing of the cut log was kept, though part of it had been read.
  const cutLeaf = page.locator('[data-testid="evidence-row"][data-path="export.zip!/web/cut.log.gz!/cut.log"]');
  await expect(cutLeaf).toHaveAttribute('data-status', 'failed');
  await expect(cutLeaf.getByTestId('events')).toHaveText('0');
  await screenshot(page, 'evidence-truncated-gzip');
  // The archive is kept with the case: good.log's raw lines are read from it.
  await expect.poll(() => keptArchives(page)).toEqual(['export.zip']);
});

test('an archive none of whose logs is read back from it is not kept with the case', async ({ page }) => {
  await newCase(page, 'Nothing kept');
  const csv = 'time,src,dst,bytes\n2026-02-02T10:00:00Z,10.0.0.5,203.0.113.9,77\n';
  const line = '192.0.2.1 - - [02/Feb/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 1 "-" "curl/8.5"';
  // A CSV (its text stays with its segments) and a log stored uncompressed in the zip.
  const zip = zipSync({ 'fw.csv': strToU8(csv), 'plain.log': [strToU8(`${line}\n`), { level: 0 }] });
  await dropFiles(page, [{ name: 'fw.zip', bytes: [...zip] }]);
  await page.getByTestId('start-import').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await expect.poll(() => keptArchives(page)).toEqual([]);
  await page.getByTestId('show-evidence').click();
  await expect(page.locator('[data-testid="evidence-row"][data-path="fw.zip!/plain.log"]').getByTestId('events')).toHaveText('1');
});
