import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { DemoManifest } from '../../shared/demo/generator';
import { ROOT, SCREENSHOTS, openApp, screenshot } from './helpers';

const manifest = JSON.parse(readFileSync(join(ROOT, 'renderer/public/demo/tidemark-demo.manifest.json'), 'utf8')) as DemoManifest;
const OUT = join(ROOT, 'test-results/reports');

async function openDemo(page: Page): Promise<string> {
  await openApp(page);
  await page.getByTestId('open-demo').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  return /#\/case\/([^/]+)/.exec(page.url())![1]!;
}

async function download(page: Page, testId: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

test('the checklist is worked through, block rules name the attacker, and the reports carry the case facts', async ({ page, context }) => {
  const caseId = await openDemo(page);

  // The attacker, marked as an indicator and put on the block list from its pivot.
  await page.goto(`/#/case/${caseId}/pivot/${manifest.attacker}`);
  await page.getByTestId('mark-indicator').click();
  await page.getByTestId('block-address').click();
  await expect(page.getByTestId('ioc-badge')).toContainText('blocked');

  await page.getByTestId('tab-checklist').click();
  const step = (id: string) => page.locator(`[data-testid="step"][data-step="${id}"]`);
  await expect(step('inv-identify-sources')).toBeVisible();
  // Step one lists the top suspects; the exploitation step lists the detection hits.
  await expect(step('inv-identify-sources').getByTestId('step-facts')).toContainText(manifest.attacker);
  await expect(step('inv-review-requests').getByTestId('step-detections')).toContainText('JNDI');

  await step('inv-identify-sources').getByTestId('state-done').click();
  await expect(step('inv-identify-sources')).toHaveAttribute('data-state', 'done');
  await step('inv-check-reputation').getByTestId('state-in-progress').click();
  await step('inv-check-reputation').getByTestId('step-notes').fill('Listed on two blocklists; hosting provider in another country.');
  await step('inv-check-reputation').getByTestId('step-link-evidence').selectOption({ index: 1 });
  await expect(step('inv-check-reputation').getByTestId('step-evidence')).toContainText(manifest.attacker);
  await expect(step('inv-check-reputation').getByTestId('step-who')).toBeVisible();

  // Not applicable needs a reason.
  const deeper = step('inv-decide-deeper-assessment');
  await deeper.getByTestId('state-not-applicable').click();
  await expect(deeper).toHaveAttribute('data-state', 'todo');
  await deeper.getByTestId('step-reason').fill('A penetration test ran last month.');
  await deeper.getByRole('button', { name: 'Mark not applicable' }).click();
  await expect(deeper).toHaveAttribute('data-state', 'not-applicable');
  await expect(deeper.getByTestId('step-who')).toContainText('A penetration test ran last month.');

  // "Cut the address off" carries ready-to-paste rules with the attacker in every syntax.
  const cut = step('res-block-addresses');
  await expect(cut.getByTestId('block-rules-text')).toContainText(manifest.attacker);
  for (const tool of ['iptables', 'nftables', 'aws-nacl', 'netsh', 'powershell']) {
    await cut.getByTestId(`rules-${tool}`).click();
    await expect(cut.getByTestId('block-rules-text')).toContainText(manifest.attacker);
  }
  await page.getByTestId('audit-trail').locator('summary').click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await screenshot(page, 'checklist');

  // State survives a reload.
  await page.reload();
  await expect(step('inv-identify-sources')).toHaveAttribute('data-state', 'done');
  await expect(step('inv-check-reputation').getByTestId('step-notes')).toHaveValue(/two blocklists/);
  await expect(deeper).toHaveAttribute('data-state', 'not-applicable');

  // Reports.
  await page.getByTestId('tab-report').click();
  await page.getByTestId('report-narrative').fill('An external host exploited the shop application and took data out.');
  await page.getByTestId('report-narrative').blur();
  await expect(page.frameLocator('[data-testid="report-preview"]').getByText(manifest.attacker).first()).toBeVisible();
  await screenshot(page, 'report-view');
  const htmlPath = await download(page, 'report-html');
  const mdPath = await download(page, 'report-md');
  const jsonPath = await download(page, 'report-json');
  const html = readFileSync(htmlPath, 'utf8');
  const md = readFileSync(mdPath, 'utf8');
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { summary: { exfiltratedBytes: number }; evidence: Array<{ sha256: string }> };
  expect(html).toContain('An external host exploited the shop application');
  expect(md).toContain(manifest.attacker);
  expect(json.summary.exfiltratedBytes).toBe(manifest.expected.bytesLeftToAttacker);
  expect(json.evidence).toHaveLength(manifest.files.length);

  // The HTML opens with no network request at all.
  const viewer = await context.newPage();
  const requests: string[] = [];
  viewer.on('request', (r) => requests.push(r.url()));
  await viewer.goto(`file://${htmlPath}`);
  await viewer.waitForLoadState('load');
  expect(requests.filter((u) => u !== `file://${htmlPath}`)).toEqual([]);

  // The PDF is the same HTML printed by Chromium; its text carries the facts.
  const pdfPath = join(OUT, 'report.pdf');
  await viewer.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  expect(text).toContain(manifest.attacker);
  expect(flat).toContain(manifest.expected.bytesLeftToAttacker.toLocaleString('en-US'));
  const sourceHashes = json.evidence.map((s) => s.sha256);
  for (const h of sourceHashes) expect(flat).toContain(h);
  // The pages as images, to look at.
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', pdfPath, join(SCREENSHOTS, 'report-page')]);
  writeFileSync(join(OUT, 'report.txt'), text);
});
