import type { Session, WebContents } from 'electron';
import { APP_SCHEME, isAppUrl } from './app-origin';
import { withSecurityHeaders } from './csp';

/** Navigation stays inside the app; anything else is refused. */
export function navigationAllowed(targetUrl: string, appOrigin: string): boolean {
  return isAppUrl(targetUrl, appOrigin);
}

/**
 * The app opens no windows of its own, and links are not handed to the system browser either:
 * the text on screen comes from hostile logs, and an offline workbench has no reason to go online.
 */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** No camera, microphone, geolocation, notifications, clipboard reads… nothing is granted. */
export function permissionDecision(): boolean {
  return false;
}

/** Applies the rules to a webContents; the app calls it for every one it creates, now and later. */
export function guardWebContents(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => { if (!navigationAllowed(url, appOrigin)) event.preventDefault(); });
  contents.on('will-frame-navigate', (event) => { if (!navigationAllowed(event.url, appOrigin)) event.preventDefault(); });
  contents.on('will-redirect', (event, url) => { if (!navigationAllowed(url, appOrigin)) event.preventDefault(); });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenDecision());
}

/**
 * The renderer never needs the network. Requests may go to the app's own scheme, data and blob
 * URLs the page made, DevTools, and (development only) the dev server, including its websocket.
 */
export function requestAllowed(url: string, devServerUrl?: string): boolean {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':')));
  if (scheme === APP_SCHEME || scheme === 'data' || scheme === 'blob' || scheme === 'devtools') return true;
  return devServerUrl !== undefined && isAppUrl(url.replace(/^ws:/, 'http:'), devServerUrl);
}

/**
 * Saving is how exports leave the app (reports, CSVs, STIX bundles, letters): the page makes a
 * blob and clicks a download link, and Electron asks where to save it. Only blobs the app's own
 * page made may be saved; a download of anything else (a link in hostile log text, say) is refused.
 */
export function downloadAllowed(url: string, devServerUrl?: string): boolean {
  if (!url.startsWith('blob:')) return false;
  const inner = url.slice('blob:'.length);
  return inner.startsWith(`${APP_SCHEME}://`) || (devServerUrl !== undefined && isAppUrl(inner, devServerUrl));
}

/** Permission handlers that refuse everything, for any session. */
function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(permissionDecision()));
  session.setPermissionCheckHandler(() => permissionDecision());
  session.setDevicePermissionHandler(() => false);
}

/** The main window's session: no permissions, no network, the CSP on every http(s) response. */
export function guardSession(session: Session, devServerUrl?: string): void {
  denyPermissions(session);
  // Covers the dev server; pages of the app's own scheme get their headers from its handler.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !requestAllowed(details.url, devServerUrl) });
  });
  // No save path is set, so Electron shows its save dialog for the downloads allowed here.
  session.on('will-download', (event, item) => {
    if (!downloadAllowed(item.getURL(), devServerUrl)) event.preventDefault();
  });
}

/**
 * The PDF printer's own session: the report page may load itself and images embedded as data
 * URLs, nothing else. A report quotes hostile log text; even if markup slipped through, it could
 * not fetch a remote image (a beacon) while printing.
 */
export function printRequestAllowed(url: string, pageUrl: string): boolean {
  return url === pageUrl || url.startsWith('data:');
}

export function guardPrintSession(session: Session, pageUrl: () => string | null): void {
  denyPermissions(session);
  session.webRequest.onBeforeRequest((details, callback) => {
    const page = pageUrl();
    callback({ cancel: page === null || !printRequestAllowed(details.url, page) });
  });
}
