import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import type { DemoManifest } from '../../shared/demo/generator';
import { ROOT, openApp, screenshot, sha256 } from './helpers';

const DEMO = join(ROOT, 'renderer/public/demo/tidemark-demo.zip');
const manifest = JSON.parse(readFileSync(join(ROOT, 'renderer/public/demo/tidemark-demo.manifest.json'), 'utf8')) as DemoManifest;

/** The leaf entry's path in the evidence tree: gzip members are named by their header. */
function leafPath(file: string): string {
  if (!file.endsWith('.gz')) return `tidemark-demo.zip!/${file}`;
  const member = file.split('/').pop()!.replace(/\.gz$/, '');
  return `tidemark-demo.zip!/${file}!/${member}`;
}

test('the demo case imports through the UI with counts, hashes and rejects that match the generator', async ({ page }) => {
  await openApp(page);
  await screenshot(page, 'home-first-start');
  await page.getByTestId('open-demo').click();
  await expect(page).toHaveURL(/#\/case\/[^/]+\/import/);
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  await screenshot(page, 'demo-import-complete');
  await page.getByTestId('show-evidence').click();

  const expectEvidence = async () => {
    await expect(page.getByTestId('evidence-summary')).toContainText(
      `${manifest.expected.importedEvents.toLocaleString('en-US')} events from ${manifest.files.length} log sources · ${manifest.expected.rejectedRecords} rejected records`,
    );
    const row = (path: string) => page.locator(`[data-testid="evidence-row"][data-path="${path}"]`);
    // The archive's hash is what sha256sum says of the very file.
    const sum = execFileSync('sha256sum', [DEMO], { encoding: 'utf8' }).split(' ')[0];
    await expect(row('tidemark-demo.zip').getByTestId('sha256')).toHaveAttribute('data-sha256', sum!);
    const entries = unzipSync(readFileSync(DEMO));
    for (const f of manifest.files) {
      const leaf = row(leafPath(f.path));
      await expect(leaf.getByTestId('events')).toHaveText((f.records - f.malformed).toLocaleString('en-US'));
      await expect(leaf.getByTestId('rejected')).toHaveText(String(f.malformed));
      await expect(leaf).toHaveAttribute('data-status', 'complete');
      const stored = entries[f.path]!;
      if (f.path.endsWith('.gz')) {
        await expect(row(`tidemark-demo.zip!/${f.path}`).getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(stored));
        await expect(leaf.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(gunzipSync(stored)));
      } else {
        await expect(leaf.getByTestId('sha256')).toHaveAttribute('data-sha256', sha256(stored));
      }
    }
  };
  await expectEvidence();
  await screenshot(page, 'demo-evidence');

  await page.getByTestId('tab-rejects').click();
  await expect(page.getByTestId('reject-row')).toHaveCount(manifest.expected.rejectedRecords);
  for (const f of manifest.files) {
    for (const line of f.malformedLines) {
      await expect(page.locator('[data-testid="reject-row"]', { hasText: leafPath(f.path) }).filter({ has: page.locator(`td.num:text-is("${line}")`) })).toHaveCount(1);
    }
  }
  await screenshot(page, 'demo-rejects');

  await page.getByTestId('tab-events').click();
  await page.getByTestId('filter-address').fill(manifest.attacker);
  await page.getByTestId('apply-filter').click();
  await expect(page).toHaveURL(/address=/);
  await expect(page.getByTestId('events-total')).not.toHaveAttribute('data-total', '');
  const total = Number(await page.getByTestId('events-total').getAttribute('data-total'));
  const e = manifest.expected;
  expect(total).toBeGreaterThanOrEqual(e.attackerHttpRequests + e.deniedFirewallFromAttacker + e.rejectedFlowsFromAttacker + e.uploadFlowsToAttacker);
  await page.getByTestId('event-row').first().click();
  await expect(page.getByTestId('raw-text')).toContainText(manifest.attacker);
  await screenshot(page, 'demo-events');

  // A reload finds the case exactly as it was.
  await page.reload();
  await page.getByTestId('tab-evidence').click();
  await expectEvidence();
  await page.goto('/#/');
  await expect(page.getByTestId('case-list')).toContainText('Demo');
  await expect(page.getByTestId('case-list')).toContainText(manifest.expected.importedEvents.toLocaleString('en-US'));
  await screenshot(page, 'home-with-case');
});
