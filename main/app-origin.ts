/**
 * Where the renderer comes from. In production a privileged custom scheme serves the built files
 * (`app://tidemark/`); in development electron-vite's dev server does.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tidemark';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function rendererUrl(devServerUrl: string | undefined): string {
  return devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`;
}

/** True when `url` is a page of the app itself (same scheme, host and port as `allowedOrigin`). */
export function isAppUrl(url: string, allowedOrigin: string): boolean {
  try {
    // Compare scheme, host and port: URL.origin is "null" for custom schemes outside Electron.
    const a = new URL(url);
    const b = new URL(allowedOrigin);
    return a.protocol === b.protocol && a.host === b.host && a.host !== '';
  } catch {
    return false;
  }
}
