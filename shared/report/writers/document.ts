import { escapeHtml } from '../template';

/** The one policy every document Tidemark writes carries: it may load nothing, run nothing. */
export const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * The shell of a self-contained HTML document (report, letters, regulator summary): UTF-8, a
 * Content-Security-Policy that forbids every script and request (images only as data: URLs
 * where a document embeds them), inline CSS. `title` is escaped here; `body` and `extraHead`
 * must already be safe markup.
 */
export function htmlDocument(opts: { title: string; css: string; body: string; dataImages?: boolean; extraHead?: string }): string {
  const csp = opts.dataImages ? `${DOCUMENT_CSP}; img-src data:` : DOCUMENT_CSP;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${opts.extraHead ? `${opts.extraHead}\n` : ''}<title>${escapeHtml(opts.title)}</title>
<style>${opts.css}</style>
</head>
<body>${opts.body}
</body>
</html>
`;
}
