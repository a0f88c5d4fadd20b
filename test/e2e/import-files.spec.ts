import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { newCase, screenshot, sha256, sha256File } from './helpers';

const fixtures: string[] = [];
test.afterAll(() => { for (const d of fixtures) rmSync(d, { recursive: true, force: true }); });

/**
 * A real nested archive made with the system's tar and gzip, picked through the file chooser,
 * imported through the real pipeline into Chromium's IndexedDB.
 */
test('a tgz of logs picked through the file chooser becomes evidence with hashes and rejects', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-e2e-'));
  fixtures.push(dir);
  mkdirSync(join(dir, 'logs/web'), { recursive: true });
  const access = [
    '203.0.113.9 - - [02/Feb/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 512 "-" "curl/8.5"',
    '203.0.113.9 - - [02/Feb/2026:10:00:01 +0000] "GET /../../etc/passwd HTTP/1.1" 404 0 "-" "curl/8.5"',
    'garbage that is no log line',
    '198.51.100.4 - - [02/Feb/2026:10:00:02 +0000] "POST /login HTTP/1.1" 302 0 "-" "Mozilla/5.0"',
  ].join('\n') + '\n';
  writeFileSync(join(dir, 'logs/web/access.log'), access);
  const ndjson = [
    JSON.stringify({ timestamp: '2026-02-02T10:00:03Z', src_ip: '10.0.0.5', dst_ip: '203.0.113.9', dst_port: 443, bytes_sent: 1234 }),
    '{"broken json',
  ].join('\n') + '\n';
  writeFileSync(join(dir, 'logs/events.ndjson'), ndjson);
  execFileSync('tar', ['-czf', join(dir, 'bundle.tgz'), '-C', dir, 'logs']);

  await newCase(page, 'Picked tgz');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('pick-files').click();
  await (await chooser).setFiles(join(dir, 'bundle.tgz'));
  await expect(page.getByTestId('picked-list')).toContainText('bundle.tgz');

  await page.getByTestId('check-formats').click();
  const scan = page.getByTestId('scan-table');
  await expect(scan.getByTestId('scan-row')).toHaveCount(2);
  await screenshot(page, 'import-scan');

  await page.getByTestId('start-import').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await screenshot(page, 'import-complete');
  await page.getByTestId('show-evidence').click();

  const rows = page.getByTestId('evidence-row');
  const byPath = (p: string) => page.locator(`[data-testid="evidence-row"][data-path="${p}"]`);
  // bundle.tgz (gzip) → bundle.tar (tar) → logs/web/access.log and logs/events.ndjson
  await expect(rows).toHaveCount(4);
  await expect(byPath('bundle.tgz').getByTestId('sha256')).toHaveAttribute('data-sha256', sha256File(join(dir, 'bundle.tgz')));
  const accessRow = page.locator('[data-testid="evidence-row"][data-path$="logs/web/access.log"]');
  await expect(accessRow.getByTestId('events')).toHaveText('3');
  await expect(accessRow.getByTestId('rejected')).toHaveText('1');
  await expect(accessRow.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(readFileSync(join(dir, 'logs/web/access.log'))));
  const jsonRow = page.locator('[data-testid="evidence-row"][data-path$="logs/events.ndjson"]');
  await expect(jsonRow.getByTestId('events')).toHaveText('1');
  await expect(jsonRow.getByTestId('rejected')).toHaveText('1');
  await screenshot(page, 'evidence-tgz');

  await page.getByTestId('tab-rejects').click();
  await expect(page.getByTestId('reject-row')).toHaveCount(2);
  await expect(page.getByTestId('rejects-table')).toContainText('garbage that is no log line');
  await expect(page.getByTestId('rejects-table')).toContainText('{"broken json');

  await page.getByTestId('tab-events').click();
  await page.getByTestId('filter-address').fill('203.0.113.9');
  await page.getByTestId('apply-filter').click();
  await expect(page.getByTestId('events-total')).toContainText('3 events');
  await page.getByTestId('event-row').first().click();
  await expect(page.getByTestId('raw-text')).toHaveText(access.split('\n')[0]!);
  await expect(page.getByTestId('detail-line')).toHaveText('1');
  await screenshot(page, 'events-detail');

  // Rejects can be narrowed to one source.
  await page.getByTestId('tab-rejects').click();
  await page.getByLabel('Show rejects of one source').selectOption({ label: 'bundle.tgz!/bundle.tar!/logs/events.ndjson (1)' });
  await expect(page.getByTestId('reject-row')).toHaveCount(1);
  await expect(page.getByTestId('rejects-table')).toContainText('{"broken json');

  // Importing the same bytes again is allowed, and flagged where it shows.
  await page.getByTestId('tab-import').click();
  const again = page.waitForEvent('filechooser');
  await page.getByTestId('pick-files').click();
  await (await again).setFiles(join(dir, 'bundle.tgz'));
  await page.getByTestId('start-import').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await page.getByTestId('show-evidence').click();
  await expect(page.getByTestId('duplicate')).toHaveCount(2);
  await screenshot(page, 'evidence-duplicates');
});

/**
 * A log larger than the hashing helper holds for WebCrypto (192 MiB, and 32 MiB more than the
 * ingest worker lets it fall behind), stored deflated in a zip: the helper hashes it piece by
 * piece past the budget. Its acknowledgements once counted 0 bytes for such pieces, and the
 * import stopped for good partway through the log.
 */
test('a zip holding a log larger than the hashing helper holds is imported to its end, with its SHA-256', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-e2e-'));
  fixtures.push(dir);
  const LINES = 240_000;
  // Long lines (a long user agent), so that 264 MB is few events and the test stays quick.
  const agent = `Mozilla/5.0 (X11; Linux x86_64) ${'Gecko/20100101 '.repeat(66)}Firefox/120.0`;
  const line = (i: number) => `198.51.100.${i % 200} - - [02/Feb/2026:10:${String(Math.floor(i / 4000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')} +0000] "GET /item/${i % 500} HTTP/1.1" 200 ${i % 9000} "-" "${agent}"`;
  const log = Buffer.from(Array.from({ length: LINES }, (_, i) => line(i)).join('\n') + '\n');
  expect(log.byteLength).toBeGreaterThan(250 * 1024 * 1024);
  writeFileSync(join(dir, 'big.zip'), zipSync({ 'big.log': [new Uint8Array(log), { level: 1 }] }));

  await newCase(page, 'Big entry');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('pick-files').click();
  await (await chooser).setFiles(join(dir, 'big.zip'));
  await page.getByTestId('start-import').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('show-evidence').click();
  const logRow = page.locator('[data-testid="evidence-row"][data-path="big.zip!/big.log"]');
  await expect(logRow.getByTestId('events')).toHaveText(LINES.toLocaleString('en-US'));
  await expect(logRow.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(log));
});

/**
 * Cancelling one source while it imports: its events go, its evidence row stays and says so, and
 * the archive's next entry is still read. The log is gzipped inside the zip, so its bytes come
 * inflated from the helper thread, queued ahead of the parser.
 */
test('a log cancelled while it imports keeps its evidence row and no events, and the archive\'s next entry still imports', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-e2e-'));
  fixtures.push(dir);
  const LINES = 1_000_000;
  const line = (i: number) => `198.51.100.${i % 200} - - [02/Feb/2026:1${Math.floor(i / 360_000)}:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')} +0000] "GET /item/${i % 500} HTTP/1.1" 200 ${i % 9000} "-" "Mozilla/5.0"`;
  const log = strToU8(Array.from({ length: LINES }, (_, i) => line(i)).join('\n') + '\n');
  const csv = 'time,src_ip,dst_ip,dst_port,bytes_out\n2026-02-02T10:00:00Z,10.0.0.5,203.0.113.9,443,1200\n2026-02-02T10:00:05Z,10.0.0.6,203.0.113.9,443,800\n';
  writeFileSync(join(dir, 'cancel.zip'), zipSync({
    'web/access.log.gz': [gzipSync(log, { level: 1 }), { level: 0 }],
    'firewall/fw.csv': [strToU8(csv), { level: 0 }],
  }));

  await newCase(page, 'Cancel one source');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('pick-files').click();
  await (await chooser).setFiles(join(dir, 'cancel.zip'));
  await page.getByTestId('start-import').click();
  await page.getByRole('button', { name: 'Cancel access.log', exact: true }).click();
  await expect(page.locator('[data-testid="import-progress"]:not([data-status="running"])')).toBeVisible();
  await screenshot(page, 'import-source-cancelled');

  await page.getByTestId('show-evidence').click();
  const logRow = page.locator('[data-testid="evidence-row"][data-path="cancel.zip!/web/access.log.gz!/access.log"]');
  await expect(logRow).toHaveAttribute('data-status', 'cancelled');
  await expect(logRow.getByTestId('events')).toHaveText('0');
  const csvRow = page.locator('[data-testid="evidence-row"][data-path="cancel.zip!/firewall/fw.csv"]');
  await expect(csvRow).toHaveAttribute('data-status', 'complete');
  await expect(csvRow.getByTestId('events')).toHaveText('2');
  await expect(csvRow.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(strToU8(csv)));
});
