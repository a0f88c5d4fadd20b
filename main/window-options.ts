import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** What every window of the app gets: isolated, sandboxed, no Node, no webviews, no mixed content. */
const LOCKED_DOWN: WebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
  navigateOnDragDrop: false,
};

/**
 * The main window. The page gets no Node, runs sandboxed and isolated from the preload, and can
 * neither embed webviews nor run insecure content: log text is hostile by assumption.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Tidemark',
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: false,
    webPreferences: {
      ...LOCKED_DOWN,
      preload: preloadPath,
      experimentalFeatures: false,
      safeDialogs: true,
    },
  };
}

/** The session partition of the PDF printer: in memory, apart from the app's own data. */
export const PRINT_PARTITION = 'tidemark-print';

/** The hidden window that prints report HTML to PDF: no scripts at all, no preload, its own session. */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1240,
    height: 1754,
    webPreferences: { ...LOCKED_DOWN, partition: PRINT_PARTITION, javascript: false },
  };
}
