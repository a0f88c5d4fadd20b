import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IMPORT_PORT_MESSAGE_TAG, PUSH } from '../shared/contract/ipc';
import { MENU_MESSAGE_TAG, MENU_PUSH } from './menu-command';
import { buildDesktopApi } from './preload-api';

/** The one member of the page's window the preload uses (main/ compiles without the DOM library). */
declare const window: {
  postMessage(message: unknown, targetOrigin: string, transfer?: MessagePort[]): void;
  location: { origin: string };
};

// The page's only door to the desktop: named, validated methods (see preload-api.ts).
contextBridge.exposeInMainWorld(
  'tidemark',
  buildDesktopApi((channel, request) => ipcRenderer.invoke(channel, request), (file) => webUtils.getPathForFile(file)),
);

// Import ports arrive here; hand each to the page, tagged, on its own origin only.
ipcRenderer.on(PUSH.importPort.channel, (event, payload: unknown) => {
  const parsed = PUSH.importPort.payload.safeParse(payload);
  const port = event.ports[0];
  if (!parsed.success || !port) return;
  window.postMessage({ tag: IMPORT_PORT_MESSAGE_TAG, importId: parsed.data.importId }, window.location.origin, [port]);
});

// File menu commands, relayed the same way.
ipcRenderer.on(MENU_PUSH.channel, (_event, payload: unknown) => {
  const parsed = MENU_PUSH.payload.safeParse(payload);
  if (parsed.success) window.postMessage({ tag: MENU_MESSAGE_TAG, command: parsed.data.command }, window.location.origin);
});
