import { app, BrowserWindow, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRequestHandler } from './app-protocol';
import { APP_ORIGIN, APP_SCHEME, rendererUrl } from './app-origin';
import { builtWorkerUrl } from './ingest/worker-entry';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { PickedItems } from './picked-items';
import { guardSession, guardWebContents } from './security';
import { mainWindowOptions } from './window-options';

/**
 * Tidemark's main process: one hardened window, the app's own scheme, validated IPC, and the
 * ingest worker thread. Everything with a decision in it lives in its own module.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
// electron-vite sets this in development only; a packaged app always serves its own files.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;

// Must run before the app is ready: app:// behaves like https (standard, secure context, fetch,
// streams), which IndexedDB, module workers and Web Locks need.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another Tidemark is running; it is focused by its 'second-instance' handler.
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const getWindow = () => mainWindow;

  const createWindow = async (): Promise<void> => {
    const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
    mainWindow = win;
    win.on('closed', () => { if (mainWindow === win) mainWindow = null; });
    win.once('ready-to-show', () => win.show());
    await win.loadURL(rendererUrl(devServerUrl));
  };

  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, appOrigin));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(async () => {
    guardSession(session.defaultSession, devServerUrl);
    protocol.handle(APP_SCHEME, appRequestHandler(join(here, '../renderer'), (path) => readFile(path)));
    const ipc = registerIpc({ appOrigin, workerEntry: { url: builtWorkerUrl(here) }, picked: new PickedItems(), getWindow });
    app.on('window-all-closed', () => {
      ipc.stopImports();
      if (process.platform !== 'darwin') app.quit();
    });
    buildMenu(getWindow);
    await createWindow();
    app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) void createWindow(); });
  });
}
