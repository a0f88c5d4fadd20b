import type { HostBridge } from '../host/bridge';
import { saveFile } from './download';

/**
 * A PDF of report HTML: the desktop host prints it with Chromium's printToPDF and the file is
 * saved; the browser edition opens the browser's own print dialog on the very same HTML (where
 * "Save as PDF" is one click). Returns what happened, for the caller to say.
 */
export async function savePdf(host: HostBridge, html: string, title: string, fileName: string): Promise<'saved' | 'print-dialog'> {
  const bytes = await host.printToPdf(html, title);
  if (bytes) {
    saveFile(fileName, 'application/pdf', bytes);
    return 'saved';
  }
  printInBrowser(html);
  return 'print-dialog';
}

function printInBrowser(html: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const w = window.open(url, '_blank');
  if (!w) {
    URL.revokeObjectURL(url);
    throw new Error('The print window was blocked. Allow pop-ups for Tidemark, or export HTML and print that.');
  }
  w.addEventListener('load', () => { w.focus(); w.print(); }, { once: true });
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
}
