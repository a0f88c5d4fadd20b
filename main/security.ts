import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin';
import { withSecurityHeaders } from './csp';

/** Navigation stays inside the app; anything else is refused. */
export function navigationAllowed(targetUrl: string, appOrigin: string): boolean {
  return isAppUrl(targetUrl, appOrigin);
}

/** The app opens no windows of its own; links to the web are not followed (offline workbench). */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** No camera, microphone, geolocation, notifications, clipboard reads… nothing is granted. */
export function permissionDecision(): boolean {
  return false;
}

/** Applies the rules to every webContents the app creates, now and later. */
export function guardWebContents(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => { if (!navigationAllowed(url, appOrigin)) event.preventDefault(); });
  contents.on('will-redirect', (event, url) => { if (!navigationAllowed(url, appOrigin)) event.preventDefault(); });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenDecision());
}

/**
 * The renderer never needs the network. Requests may go to the app's own scheme, data and blob
 * URLs, and (development only) the dev server.
 */
export function requestAllowed(url: string, devServerUrl?: string): boolean {
  if (/^(app|data|blob|devtools):/.test(url)) return true;
  return devServerUrl !== undefined && isAppUrl(url.replace(/^ws:/, 'http:'), devServerUrl);
}

export function guardSession(session: Session, devServerUrl?: string): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(permissionDecision()));
  session.setPermissionCheckHandler(() => permissionDecision());
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
  // The renderer never needs the network: refuse requests that leave the app.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !requestAllowed(details.url, devServerUrl) });
  });
}
