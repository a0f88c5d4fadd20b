import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { DemoManifest } from '../../shared/demo/generator';
import { ROOT, newCase, openApp, screenshot } from './helpers';

const manifest = JSON.parse(readFileSync(join(ROOT, 'renderer/public/demo/tidemark-demo.manifest.json'), 'utf8')) as DemoManifest;
const e = manifest.expected;
const exploitRequests = Object.values(e.attackerExploitRequests).reduce((a, b) => a + b, 0);

async function openDemo(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId('open-demo').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
}

/** The events total once the list has answered for the current filter. */
async function eventsTotal(page: Page): Promise<number> {
  const el = page.getByTestId('events-total');
  await expect(el).not.toHaveAttribute('data-total', '');
  return Number(await el.getAttribute('data-total'));
}

test('suspects, pivot, exfiltration and timeline answer who, what and what left on the demo case', async ({ page }) => {
  await openDemo(page);

  // Suspects: the attacker first, the noisy decoy below it, every score part on screen.
  await page.getByTestId('tab-suspects').click();
  const rows = page.getByTestId('suspect-row');
  await expect(rows.first()).toHaveAttribute('data-address', manifest.attacker);
  await expect(rows.first()).toContainText('Web-exploit attempts');
  await expect(rows.first()).toContainText('Data sent to it');
  // The quiet tail (no signal at all) is one click away; the decoy sits in it.
  await screenshot(page, 'suspects');
  if (await page.getByTestId('show-all-suspects').isVisible()) await page.getByTestId('show-all-suspects').click();
  const addresses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-address')));
  const decoyRank = addresses.indexOf(manifest.decoy);
  expect(decoyRank).toBeGreaterThan(0);
  const scores = await page.getByTestId('suspect-score').allInnerTexts();
  expect(Number(scores[decoyRank])).toBeLessThan(Number(scores[0]));

  // Pivot: the attacker's exploit requests, each with the rule it matched.
  await rows.first().getByTestId('address-link').click();
  await expect(page.getByTestId('pivot-head')).toHaveAttribute('data-address', manifest.attacker);
  await expect(page.getByTestId('pivot-detections-total')).toHaveText(String(exploitRequests));
  await expect(page.getByTestId('detection-row')).toHaveCount(exploitRequests);
  const ruleNames = (await page.getByTestId('rule-name').allInnerTexts()).join(' | ').toLowerCase();
  for (const word of ['sql', 'traversal', 'jndi']) expect(ruleNames).toContain(word);
  await page.getByTestId('mark-indicator').click();
  await expect(page.getByTestId('ioc-badge')).toBeVisible();
  await page.getByTestId('pin-lane').click();
  await expect(page.getByTestId('pin-lane')).toHaveText('Unpin from timeline');
  await screenshot(page, 'pivot-attacker');

  // Pivots chain: to a peer, and back again.
  await page.getByTestId('pivot-peers').getByRole('link', { name: manifest.webServer }).click();
  await expect(page.getByTestId('pivot-head')).toHaveAttribute('data-address', manifest.webServer);
  await screenshot(page, 'pivot-web-server');
  await page.getByTestId('pivot-back').click();
  await expect(page.getByTestId('pivot-head')).toHaveAttribute('data-address', manifest.attacker);

  // Exfiltration: the attacker is the largest destination, with exactly the generator's total.
  await page.getByTestId('tab-exfil').click();
  const top = page.getByTestId('exfil-destination').first();
  await expect(top).toHaveAttribute('data-address', manifest.attacker);
  await expect(top.getByTestId('exfil-bytes')).toHaveAttribute('data-bytes', String(e.bytesLeftToAttacker));
  await expect(page.getByTestId('exfil-baseline')).toBeVisible();
  await screenshot(page, 'exfiltration');

  // Every bar drills down: the tallest bar of the attacker's series opens its events.
  const bars = page.locator('[data-testid="exfil-chart"] path.recharts-rectangle[fill="#e5484d"]');
  await expect(bars.first()).toBeVisible();
  const heights = await bars.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  await bars.nth(heights.indexOf(Math.max(...heights))).click();
  await expect(page).toHaveURL(new RegExp(`/events\\?.*address=${manifest.attacker.replace(/\./g, '\\.')}`));
  const drilled = await eventsTotal(page);
  expect(drilled).toBeGreaterThan(0);
  await expect(page.getByTestId('event-row').first()).toBeVisible();

  // Timeline: the full case, with the attacker's swimlane; zooming narrows the list.
  await page.getByTestId('tab-events').click();
  await page.getByRole('button', { name: 'Clear' }).click();
  const histogram = page.getByTestId('histogram');
  await expect(histogram).toHaveAttribute('data-total', String(e.importedEvents));
  expect(await eventsTotal(page)).toBe(e.importedEvents);
  await expect(page.locator(`[data-testid="lane"][data-address="${manifest.attacker}"]`)).toBeVisible();
  await screenshot(page, 'timeline');

  const box = (await histogram.locator('.recharts-surface').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.45, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 8 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  const zoomedTotal = Number(await histogram.getAttribute('data-total'));
  await expect(page.getByTestId('events-total')).not.toHaveAttribute('data-total', String(e.importedEvents));
  const listed = await eventsTotal(page);
  expect(listed).toBeLessThan(e.importedEvents);
  expect(listed).toBeGreaterThan(0);
  await expect(histogram).toHaveAttribute('data-total', String(listed));
  expect(zoomedTotal).toBeGreaterThan(0);
  await screenshot(page, 'timeline-zoomed');

  // An event opens to its fields, raw text and evidence; it can be pinned, tagged and annotated.
  await page.getByTestId('event-row').first().click();
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await expect(page.getByTestId('detail-path')).not.toBeEmpty();
  await page.getByTestId('pin-event').click();
  await page.getByTestId('pin-tags').fill('exploit, first look');
  await page.getByTestId('pin-note').fill('Opened during the zoom.');
  await page.getByTestId('pin-tags').click();
  await expect(page.getByTestId('pinned-events')).toContainText('(1)');
  await page.getByTestId('pinned-events').locator('summary').click();
  await expect(page.getByTestId('pinned-events')).toContainText('first look');
  await expect(page.getByTestId('pinned-events')).toContainText('Opened during the zoom.');
  await screenshot(page, 'event-detail-pinned');

  // The time zone changes the display, never the data.
  const before = await page.getByTestId('time-range').innerText();
  await page.getByTestId('time-zone').selectOption('Asia/Tokyo');
  await expect(page.getByTestId('time-range')).not.toHaveText(before);
  await expect(page.getByTestId('time-range')).toContainText('GMT+9');
  expect(await eventsTotal(page)).toBe(listed);

  await page.getByTestId('reset-zoom').click();
  await expect(histogram).toHaveAttribute('data-total', String(e.importedEvents));
});

test('the views read well in the dark theme and keep working from the keyboard', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await page.getByTestId('tab-suspects').click();
  await expect(page.getByTestId('suspect-row').first()).toHaveAttribute('data-address', manifest.attacker);
  await screenshot(page, 'suspects-dark');
  // Arrow keys move along the tabs.
  await page.getByTestId('tab-suspects').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/events/);
  await expect(page.getByTestId('event-row').first()).toBeVisible();
  await page.getByTestId('events-table').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await screenshot(page, 'timeline-dark');
  await page.goto(page.url().replace(/\/events.*$/, `/exfil`));
  await expect(page.getByTestId('exfil-destination').first()).toHaveAttribute('data-address', manifest.attacker);
  await screenshot(page, 'exfiltration-dark');
});

test('an empty case says so plainly in every view instead of drawing nothing', async ({ page }) => {
  await newCase(page, 'Nothing yet');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.getByTestId('tab-suspects').click();
  await expect(page.getByText('No external addresses in this case yet')).toBeVisible();
  await page.getByTestId('tab-events').click();
  await expect(page.getByText('No events in this case yet')).toBeVisible();
  await page.getByTestId('tab-exfil').click();
  await expect(page.getByText('No bytes left the network in this case')).toBeVisible();
  await page.getByTestId('tab-pivot').click();
  await expect(page.getByText('Pick an address to see everything it did')).toBeVisible();
  await page.getByTestId('tab-checklist').click();
  await expect(page.getByTestId('step').first()).toBeVisible();
  await page.getByTestId('tab-indicators').click();
  await expect(page.getByText('No indicators yet')).toBeVisible();
  await page.getByTestId('tab-report').click();
  const preview = page.frameLocator('[data-testid="report-preview"]');
  await expect(preview.locator('[data-section="evidence"]')).toBeVisible();
  await expect(preview.locator(`[data-section="timeline"]`)).toContainText("No events were pinned");
  await screenshot(page, 'empty-case-report');
  expect(errors).toEqual([]);
});
