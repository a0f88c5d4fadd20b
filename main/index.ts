import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, net, protocol, session } from 'electron';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC, PUSH, type IpcName } from '../shared/contract/ipc';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, rendererUrl } from './app-origin';
import { guardedHandler, type IpcImplementation } from './ipc-handle';
import { scanInWorker, startIngest, type IngestHandle, type WorkerEntry } from './ingest/host';
import { PickedItems } from './picked-items';
import { guardSession, guardWebContents } from './security';
import { mainWindowOptions, printWindowOptions } from './window-options';

const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
const rendererRoot = join(here, '../renderer');
const workerEntry: WorkerEntry = { url: pathToFileURL(join(here, 'ingest-worker.js')) };
const picked = new PickedItems();
const imports = new Map<string, IngestHandle>();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

/** Serves the built renderer from app://tidemark/, refusing any path outside it. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = normalize(join(rendererRoot, decodeURIComponent(url.pathname)));
    if (!file.startsWith(rendererRoot + sep)) return new Response('Forbidden', { status: 403 });
    try {
      return await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function handle<K extends IpcName>(name: K, impl: IpcImplementation<K>): void {
  ipcMain.handle(IPC[name].channel, guardedHandler(name, appOrigin, impl));
}

function registerIpc(getWindow: () => BrowserWindow | null): void {
  handle('appInfo', async () => ({ version: app.getVersion(), platform: process.platform, electron: process.versions.electron ?? '' }));
  handle('openFiles', async () => {
    const win = getWindow();
    const r = win
      ? await dialog.showOpenDialog(win, { title: 'Add log files or archives', properties: ['openFile', 'multiSelections'] })
      : await dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'] });
    return r.canceled ? [] : picked.register(r.filePaths);
  });
  handle('openFolder', async () => {
    const win = getWindow();
    const r = win
      ? await dialog.showOpenDialog(win, { title: 'Add a folder of logs', properties: ['openDirectory'] })
      : await dialog.showOpenDialog({ properties: ['openDirectory'] });
    return r.canceled ? [] : picked.register(r.filePaths);
  });
  handle('registerPaths', async ({ paths }) => picked.register(paths));
  handle('scan', async ({ tokens, options }) => scanInWorker(workerEntry, picked.resolve(tokens), options));
  handle('startImport', async ({ importId, tokens, options }) => {
    const win = getWindow();
    if (!win) throw new Error('No window to import into.');
    const { port1, port2 } = new MessageChannelMain();
    const job = startIngest(workerEntry, importId, picked.resolve(tokens), options, port1);
    imports.set(importId, job);
    void job.done.catch(() => undefined).finally(() => imports.delete(importId));
    win.webContents.postMessage(PUSH.importPort.channel, { importId }, [port2]);
    return { started: true as const };
  });
  handle('printToPdf', async ({ html }) => {
    const printer = new BrowserWindow(printWindowOptions());
    try {
      guardWebContents(printer.webContents, 'data:');
      await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
      return new Uint8Array(pdf);
    } finally {
      printer.destroy();
    }
  });
}

function buildMenu(getWindow: () => BrowserWindow | null): void {
  const send = (hash: string) => { void getWindow()?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`); };
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    {
      label: 'File',
      submenu: [
        { label: 'Cases', accelerator: 'CmdOrCtrl+Shift+H', click: () => send('#/') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' }, { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Help',
      submenu: [{
        label: 'About Tidemark',
        click: () => void dialog.showMessageBox({
          type: 'info', title: 'About Tidemark',
          message: `Tidemark ${app.getVersion()}`,
          detail: 'An offline forensic workbench for incident responders.',
        }),
      }],
    },
  ]));
}

async function createWindow(): Promise<BrowserWindow> {
  const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(rendererUrl(devServerUrl));
  return win;
}

app.on('web-contents-created', (_e, contents) => guardWebContents(contents, appOrigin));
app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) { if (win.isMinimized()) win.restore(); win.focus(); }
});
app.on('window-all-closed', () => {
  for (const job of imports.values()) void job.terminate();
  if (process.platform !== 'darwin') app.quit();
});

void app.whenReady().then(async () => {
  guardSession(session.defaultSession, devServerUrl);
  serveRenderer();
  let main: BrowserWindow | null = null;
  registerIpc(() => main);
  buildMenu(() => main);
  main = await createWindow();
  app.on('activate', async () => { if (BrowserWindow.getAllWindows().length === 0) main = await createWindow(); });
});
