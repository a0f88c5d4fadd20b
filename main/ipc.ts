import { app, dialog, ipcMain, MessageChannelMain, type BrowserWindow, type OpenDialogOptions } from 'electron';
import { IPC, PUSH, type IpcName } from '../shared/contract/ipc';
import { scanInWorker, startIngest, type IngestHandle, type WorkerEntry } from './ingest/host';
import { guardedHandler, type IpcImplementation } from './ipc-handle';
import { printHtmlToPdf } from './pdf';
import type { PickedItems } from './picked-items';

export interface IpcDeps {
  /** The origin whose pages may call (app://tidemark, or the dev server). */
  appOrigin: string;
  workerEntry: WorkerEntry;
  picked: PickedItems;
  getWindow: () => BrowserWindow | null;
}

export interface IpcRegistration {
  /** Stops every running import (the app is closing). */
  stopImports(): void;
}

/** Registers one guarded handler per entry of the IPC table (see ipc-handle.ts for the checks). */
export function registerIpc({ appOrigin, workerEntry, picked, getWindow }: IpcDeps): IpcRegistration {
  const imports = new Map<string, IngestHandle>();
  const handle = <K extends IpcName>(name: K, impl: IpcImplementation<K>): void => {
    ipcMain.handle(IPC[name].channel, guardedHandler(name, appOrigin, impl));
  };
  const pick = async (options: OpenDialogOptions) => {
    const win = getWindow();
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? [] : picked.register(r.filePaths);
  };

  handle('appInfo', async () => ({ version: app.getVersion(), platform: process.platform, electron: process.versions.electron ?? '' }));
  handle('openFiles', () => pick({ title: 'Add log files or archives', properties: ['openFile', 'multiSelections'] }));
  handle('openFolder', () => pick({ title: 'Add a folder of logs', properties: ['openDirectory'] }));
  handle('registerPaths', ({ paths }) => picked.register(paths));
  handle('scan', ({ tokens, options }) => scanInWorker(workerEntry, picked.resolve(tokens), options));
  handle('startImport', async ({ importId, tokens, options }) => {
    const win = getWindow();
    if (!win) throw new Error('There is no window to import into.');
    if (imports.has(importId)) throw new Error('This import is already running.');
    const items = picked.resolve(tokens);
    const { port1, port2 } = new MessageChannelMain();
    const job = startIngest({ entry: workerEntry, importId, items, options, rendererPort: port1 });
    imports.set(importId, job);
    void job.done.catch(() => undefined).finally(() => imports.delete(importId));
    win.webContents.postMessage(PUSH.importPort.channel, PUSH.importPort.payload.parse({ importId }), [port2]);
    return { started: true as const };
  });
  handle('printToPdf', ({ html }) => printHtmlToPdf(html));

  return {
    stopImports() {
      for (const job of imports.values()) void job.terminate();
    },
  };
}
