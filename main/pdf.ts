import { BrowserWindow, session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { guardPrintSession } from './security';
import { PRINT_PARTITION, printWindowOptions } from './window-options';

let currentPage: string | null = null;
let sessionGuarded = false;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints report HTML to an A4 PDF in a hidden window that runs no script, in a session that may
 * load nothing but the report itself. The HTML goes through a private temporary file rather than
 * a data: URL, because Chromium refuses URLs over 2 MiB and a report with many rows is larger.
 * Print jobs run one at a time (the session's request filter knows one page).
 */
export function printHtmlToPdf(html: string): Promise<Uint8Array<ArrayBuffer>> {
  const job = queue.then(() => printOne(html));
  queue = job.catch(() => undefined);
  return job;
}

async function printOne(html: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!sessionGuarded) {
    guardPrintSession(session.fromPartition(PRINT_PARTITION), () => currentPage);
    sessionGuarded = true;
  }
  const dir = await mkdtemp(join(tmpdir(), 'tidemark-print-'));
  const file = join(dir, 'report.html');
  const printer = new BrowserWindow(printWindowOptions());
  try {
    await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
    currentPage = pathToFileURL(file).toString();
    await printer.loadURL(currentPage);
    const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    // A copy of its own: Electron's Buffer may sit in a pooled or shared allocation.
    return new Uint8Array(pdf);
  } finally {
    currentPage = null;
    printer.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
