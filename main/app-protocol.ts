import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST } from './app-origin';
import { withSecurityHeaders } from './csp';

/** Content types of what the renderer build contains; anything else is served as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file under `root` that an `app://tidemark/…` URL names, or null when the URL is for
 * another host, cannot be decoded, or would leave `root` (`..`, encoded separators, NUL).
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(requestUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST || path.includes('\0')) return null;
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  const file = normalize(join(base, path === '/' || path === '' ? 'index.html' : path));
  return file.startsWith(base) && file.length > base.length ? file : null;
}

export type ReadFile = (path: string) => Promise<Uint8Array<ArrayBuffer>>;

/**
 * The handler of the app's own scheme: serves the built renderer, nothing outside it, with the
 * CSP and hardening headers on every response. They are set here and not only through
 * session.webRequest, because Electron does not run the header hooks for custom protocols.
 */
export function appRequestHandler(root: string, readFile: ReadFile): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = (type: string) => flatten(withSecurityHeaders({ 'Content-Type': type, 'Cache-Control': 'no-cache' }));
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: headers('text/plain') });
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: headers('text/plain') });
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404, headers: headers('text/plain') });
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: headers(type) });
  };
}

function flatten(headers: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.join(', ')]));
}
