import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { caseIdFromUrl, MENU_PUSH, type MenuCommand } from './menu-command';

/** Sets the page's route (the hash); ids come from the page's own URL and are re-quoted. */
function go(win: BrowserWindow, hash: string): void {
  void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`);
}

/**
 * "Open files…"/"Open folder…" add evidence to the case on screen: the window goes to that
 * case's Import tab and the page is asked to open its picker. Without a case open there is
 * nothing to add to, and the user is told so.
 */
function open(getWindow: () => BrowserWindow | null, command: MenuCommand): void {
  const win = getWindow();
  if (!win) return;
  const caseId = caseIdFromUrl(win.webContents.getURL());
  if (!caseId) {
    go(win, '#/');
    void dialog.showMessageBox(win, {
      type: 'info',
      message: 'Open a case first',
      detail: 'Evidence is added to a case. Open a case, or create one, then add files or folders to it.',
    });
    return;
  }
  go(win, `#/case/${caseId}/import`);
  win.webContents.send(MENU_PUSH.channel, MENU_PUSH.payload.parse({ command }));
}

export function buildMenu(getWindow: () => BrowserWindow | null): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Files…', accelerator: 'CmdOrCtrl+O', click: () => open(getWindow, 'openFiles') },
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => open(getWindow, 'openFolder') },
        { type: 'separator' },
        { label: 'Cases', accelerator: 'CmdOrCtrl+Shift+H', click: () => { const w = getWindow(); if (w) go(w, '#/'); } },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' }, { role: 'togglefullscreen' },
        // DevTools only in development builds: a packaged workbench has no console for strangers.
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Help',
      submenu: [{
        label: 'About Tidemark',
        click: () => void dialog.showMessageBox({
          type: 'info',
          title: 'About Tidemark',
          message: `Tidemark ${app.getVersion()}`,
          detail: `An offline forensic workbench for incident responders.\nElectron ${process.versions.electron ?? ''}, Chromium ${process.versions.chrome ?? ''}, Node ${process.versions.node}.`,
        }),
      }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
