/**
 * Saves a file the app made (a report, a CSV, a STIX bundle) through the browser's download,
 * which both hosts support: Electron shows its save dialog for it.
 */
export function saveFile(name: string, mime: string, data: string | Uint8Array<ArrayBuffer>): void {
  const blob = new Blob([data], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from free text: letters, digits, dot, dash and underscore only. */
export function safeFileName(text: string, fallback = 'tidemark'): string {
  const s = text.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return s || fallback;
}
