import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import type { DemoManifest } from '../../shared/demo/generator';
import { DEFAULT_LETTER_TEMPLATE, escapeHtml, escapeMarkdown } from '../../shared/report/template';
import { ROOT, openApp, screenshot } from './helpers';

const manifest = JSON.parse(readFileSync(join(ROOT, 'renderer/public/demo/tidemark-demo.manifest.json'), 'utf8')) as DemoManifest;
const CSV_PATH = join(ROOT, 'test/fixtures/parties/sample-parties.csv');

/** The fixture read independently of the app's parser: one party per data row. */
const csvRows = Papa.parse<Record<string, string>>(readFileSync(CSV_PATH, 'utf8'), { header: true, skipEmptyLines: true }).data;
const csvParties = csvRows.map((r) => ({ name: r['Full name']!, email: r.Email!, id: r.customer_id!, region: r.region!, opened: r.account_opened! }));

const HOSTILE = '<img src=x onerror=alert(1)> & Co';
const HOUR = 3_600_000;

async function openDemo(page: Page): Promise<string> {
  await openApp(page);
  await page.getByTestId('open-demo').click();
  await expect(page.locator('[data-testid="import-progress"][data-status="complete"]')).toBeVisible();
  const id = /#\/case\/([^/?]+)/.exec(page.url())?.[1];
  expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  return id!;
}

async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]) as [Download, void];
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

async function fillAndLeave(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.blur();
}

test('notification: parties from CSV and by hand, letters per party, regulator deadline', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const caseId = await openDemo(page);

  // An indicator to link a party's exposure to.
  await page.evaluate((h) => { window.location.hash = h; }, `#/case/${caseId}/pivot/${manifest.attacker}`);
  await page.getByTestId('mark-indicator').click();
  await expect(page.getByTestId('ioc-badge')).toBeVisible();

  await page.getByTestId('tab-notify').click();
  await expect(page).toHaveURL(/\/notify$/);

  // Import the CSV: every row becomes a party.
  await page.getByTestId('parties-file').setInputFiles(CSV_PATH);
  const result = page.getByTestId('parties-import-result');
  await expect(result).toHaveAttribute('data-added', String(csvParties.length));
  await expect(result).toHaveAttribute('data-errors', '0');
  await expect(page.getByTestId('party-row')).toHaveCount(csvParties.length);
  const names = await page.getByTestId('party-row-name').allInnerTexts();
  for (const p of csvParties) expect(names).toContain(p.name);
  await expect(page.getByTestId('parties-total')).toHaveText(String(csvParties.length));

  // A hostile name entered by hand stays text, with its extra columns and its evidence link.
  const form = page.getByTestId('party-add');
  await form.getByTestId('party-name').fill(HOSTILE);
  await form.getByTestId('party-contact').fill('evil@example.com');
  await form.getByTestId('party-categories').fill('name, <b>email</b> address');
  await form.getByTestId('party-records').fill('3');
  await form.locator('[data-testid="party-field"][data-field="customer_id"]').fill('M-<1>');
  await form.locator('[data-testid="party-field"][data-field="region"]').fill('EMEA & "friends"');
  await form.getByTestId('party-evidence').selectOption([`indicator:${manifest.attacker}`]);
  await form.getByTestId('party-add-submit').click();
  const rows = page.getByTestId('party-row');
  await expect(rows).toHaveCount(csvParties.length + 1);
  const hostileRow = rows.filter({ has: page.getByTestId('party-row-name').getByText(HOSTILE, { exact: true }) });
  await expect(hostileRow).toHaveCount(1);
  const hostileId = (await hostileRow.getAttribute('data-party-id'))!;
  await expect(hostileRow.getByTestId('party-evidence-links')).toContainText(manifest.attacker);
  await expect(page.locator('[data-testid="parties-table"] img, [data-testid="parties-table"] b')).toHaveCount(0);
  await screenshot(page, 'notify-parties');

  // Edit in place: the party without a record count gets one, and the totals follow.
  const unknown = csvRows.find((r) => r['Records affected'] === '')!['Full name']!;
  const unknownRow = rows.filter({ has: page.getByTestId('party-row-name').getByText(unknown, { exact: true }) });
  await unknownRow.getByTestId('party-edit').click();
  const editForm = page.getByTestId('party-edit-form');
  await expect(editForm.getByTestId('party-name')).toHaveValue(unknown);
  await editForm.getByTestId('party-records').fill('4');
  await editForm.getByTestId('party-edit-form-submit').click();
  await expect(editForm).toHaveCount(0);
  await expect(unknownRow.locator('td.num')).toHaveText('4');
  const csvRecords = csvRows.reduce((n, r) => n + Number((r['Records affected'] ?? '').replaceAll(',', '') || 0), 0);
  await expect(page.getByTestId('records-total')).toHaveText((csvRecords + 4 + 3).toLocaleString('en-US'));

  // Letters: incident fields, discovery time (UTC), a template that uses the extra columns.
  await page.getByTestId('notify-section-letters').click();
  await fillAndLeave(page.getByTestId('setting-organisation'), 'Example Shop Ltd');
  await fillAndLeave(page.getByTestId('setting-contact'), 'Data protection officer, dpo@example.com');
  await fillAndLeave(page.getByTestId('setting-nature'), 'An attacker exploited a flaw in our web shop and copied parts of the customer database.');
  await fillAndLeave(page.getByTestId('setting-measuresTaken'), 'We closed the flaw, blocked the attacker and reset all passwords.');
  const discovered = Math.floor((Date.now() - 2 * HOUR) / 60_000) * 60_000;
  await fillAndLeave(page.getByTestId('discovered-at'), new Date(discovered).toISOString().slice(0, 16));
  await expect(page.getByTestId('deadline-summary')).toHaveAttribute('data-discovered', String(discovered));
  const template = `${DEFAULT_LETTER_TEMPLATE}\nYour customer number: {{ party.fields.customer_id }} · region {{ party.fields.region }} · since {{ party.fields.account_opened }}\n`;
  await fillAndLeave(page.getByTestId('letter-template'), template);

  await page.getByTestId('letter-party').selectOption(hostileId);
  const preview = page.getByTestId('letter-preview');
  await expect(preview).toContainText(`Dear ${HOSTILE},`);
  await expect(preview).toContainText('Your customer number: M-<1> · region EMEA & "friends"');
  await expect(preview.locator('img')).toHaveCount(0);
  // The hand-entered party has no account_opened: its letter is flagged.
  await expect(page.getByTestId('letter-preview-missing')).toContainText('party.fields.account_opened');
  await screenshot(page, 'notify-letter-preview');

  const all = [...csvParties, { name: HOSTILE, email: 'evil@example.com', id: 'M-<1>', region: 'EMEA & "friends"', opened: '' }];

  // HTML: one self-contained file, one letter per party, every value escaped.
  const html = await download(page, page.getByTestId('letters-html'));
  expect(html.name).toMatch(/\.html$/);
  expect(html.text).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  const sections = html.text.split('<section class="letter"').slice(1);
  expect(sections).toHaveLength(all.length);
  for (const p of all) {
    const letter = sections.find((s) => s.includes(`Dear ${escapeHtml(p.name)},`));
    expect(letter, `no HTML letter for ${p.name}`).toBeDefined();
    expect(letter).toContain(`Your customer number: ${escapeHtml(p.id)} · region ${escapeHtml(p.region)}`);
    if (p.opened) expect(letter).toContain(`since ${p.opened}`);
    expect(letter).toContain('Example Shop Ltd');
  }
  expect(html.text).not.toContain('<img');
  expect(html.text).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');

  // Markdown: one file, letters separated, values Markdown-escaped.
  const md = await download(page, page.getByTestId('letters-md'));
  expect(md.name).toMatch(/\.md$/);
  const mdLetters = md.text.split(/^## Letter \d+ of \d+$/m).slice(1);
  expect(mdLetters).toHaveLength(all.length);
  for (const p of all) {
    const letter = mdLetters.find((s) => s.includes(`Dear ${escapeMarkdown(p.name)},`));
    expect(letter, `no Markdown letter for ${p.name}`).toBeDefined();
    expect(letter).toContain(`Your customer number: ${escapeMarkdown(p.id)}`);
  }
  // Every `<` of a value is backslash-escaped, so no raw HTML reaches a Markdown renderer.
  expect(md.text).not.toMatch(/(^|[^\\])<img/);
  expect(md.text).toContain('Dear \\<img src=x onerror=alert(1)\\> \\& Co,');

  // Mail-merge CSV: one row per party, the extra columns, the letter text.
  const csv = await download(page, page.getByTestId('letters-csv'));
  expect(csv.name).toMatch(/\.csv$/);
  const merged = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(merged.errors).toEqual([]);
  expect(merged.meta.fields).toEqual(['name', 'contact', 'categories', 'records', 'customer_id', 'region', 'account_opened', 'letter']);
  expect(merged.data).toHaveLength(all.length);
  for (const p of all) {
    const row = merged.data.find((r) => r.name === p.name);
    expect(row, `no mail-merge row for ${p.name}`).toBeDefined();
    expect(row!.contact).toBe(p.email);
    expect(row!.customer_id).toBe(p.id);
    expect(row!.region).toBe(p.region);
    expect(row!.account_opened).toBe(p.opened);
    expect(row!.letter).toContain(`Dear ${p.name},`);
  }

  // Regulator: the deadline is 72 hours after discovery, with the hours left.
  await page.getByTestId('notify-section-regulator').click();
  const deadline = page.getByTestId('regulator-deadline');
  await expect(deadline).toHaveAttribute('data-deadline', String(discovered + 72 * HOUR));
  await expect(deadline.getByTestId('deadline-time')).toHaveText(`${new Date(discovered + 72 * HOUR).toISOString().slice(0, 16).replace('T', ' ')}:00 UTC`);
  await expect(deadline.getByTestId('deadline-left')).toHaveText(/^(69|70) h( \d+ min)? left$/);
  await expect(page.getByTestId('regulator-people')).toHaveText(String(all.length));
  await expect(page.getByTestId('setting-nature')).toHaveValue(/exploited a flaw/);
  await expect(page.getByTestId('regulator-gap').filter({ hasText: 'likely consequences' })).toHaveCount(1);
  await fillAndLeave(page.getByTestId('setting-likelyConsequences'), 'Phishing aimed at the people whose email addresses were copied.');
  await fillAndLeave(page.getByTestId('setting-categoriesOfPeople'), 'customers');
  await expect(page.getByTestId('regulator-gap').filter({ hasText: 'likely consequences' })).toHaveCount(0);
  await expect(page.getByTestId('regulator-gap').filter({ hasText: 'measures proposed' })).toHaveCount(1);
  await screenshot(page, 'notify-regulator');

  // A field edited right before the export is in the file (the click saves it first).
  await page.getByTestId('setting-measuresProposed').fill('Independent review of the shop code; notify customers by 10 March.');
  const regMd = await download(page, page.getByTestId('regulator-md'));
  expect(regMd.text).toContain('## Likely consequences');
  expect(regMd.text).toContain('Phishing aimed at the people');
  expect(regMd.text).toContain('Independent review of the shop code');
  expect(regMd.text).toContain(`Approximate number: ${all.length}`);
  expect(regMd.text).toContain(new Date(discovered + 72 * HOUR).toISOString().slice(0, 16).replace('T', ' '));
  const regHtml = await download(page, page.getByTestId('regulator-html'));
  expect(regHtml.text).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  expect(regHtml.text).toContain('&lt;b&gt;email&lt;/b&gt; address');
  expect(regHtml.text).not.toContain('<b>email');

  // Removing takes a second click; the hostile party goes, the list is as imported.
  await page.getByTestId('notify-section-parties').click();
  await hostileRow.getByTestId('party-remove').click();
  await hostileRow.getByTestId('party-remove-confirm').click();
  await expect(page.getByTestId('party-row')).toHaveCount(csvParties.length);

  expect(dialogs).toEqual([]);
});
