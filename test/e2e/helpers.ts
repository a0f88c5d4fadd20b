import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Full-page screenshots kept as test artifacts, one per screen, named for the screen. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top, so the sticky top bar sits where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens the app on a clean slate: IndexedDB of this origin is per test context. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/#/');
  await page.getByRole('heading', { name: /Investigate an incident/ }).waitFor();
}

/** Opens the app on a clean slate and makes a case, which opens on its import screen. */
export async function newCase(page: Page, name: string): Promise<void> {
  await openApp(page);
  await page.getByLabel('New case name').fill(name);
  await page.getByRole('button', { name: 'New case' }).click();
  await expect(page).toHaveURL(/#\/case\/[^/]+\/import/);
}
