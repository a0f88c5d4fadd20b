import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

/**
 * A stand-in for the `electron` module, just wide enough to start the BUILT main process
 * (out/main/index.js) under plain Node and record what it asks Electron to do: windows and their
 * options, schemes and their handlers, IPC handlers, the menu, pushes to the page. Used by
 * main-smoke.ts on machines without Electron's binary; it proves wiring, not Chromium behaviour.
 */
type Handler = (...args: unknown[]) => unknown;

export const fake = {
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  windows: [] as BrowserWindow[],
  menu: null as unknown,
  appEvents: new Map<string, Handler>(),
  openDialogPaths: [] as string[],
};

class FakeWebContents extends EventEmitter {
  url = '';
  readonly pushes: { channel: string; payload: unknown; ports: FakePortMain[] }[] = [];
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Handler | null = null;
  getURL(): string { return this.url; }
  setWindowOpenHandler(h: Handler): void { this.windowOpenHandler = h; }
  postMessage(channel: string, payload: unknown, ports: FakePortMain[] = []): void { this.pushes.push({ channel, payload, ports }); }
  send(channel: string, payload: unknown): void { this.sent.push({ channel, payload }); }
  async executeJavaScript(): Promise<void> {}
  async printToPDF(): Promise<Buffer> { return Buffer.from('%PDF-1.4\n'); }
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  constructor(readonly options: Record<string, unknown>) {
    super();
    fake.windows.push(this);
    fake.appEvents.get('web-contents-created')?.({}, this.webContents);
  }
  static getAllWindows(): BrowserWindow[] { return fake.windows; }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean { return false; }
  destroy(): void { fake.windows = fake.windows.filter((w) => w !== this); }
}

/** Electron's MessagePortMain over a worker_threads port: `on('message')` gets `{ data }`. */
export class FakePortMain {
  constructor(readonly port: MessagePort) {}
  postMessage(message: unknown): void { this.port.postMessage(message); }
  on(_event: 'message', listener: (e: { data: unknown }) => void): this { this.port.on('message', (data: unknown) => listener({ data })); return this; }
  start(): void { this.port.start(); }
  close(): void { this.port.close(); }
}

export class MessageChannelMain {
  readonly port1: FakePortMain;
  readonly port2: FakePortMain;
  constructor() {
    const c = new MessageChannel();
    this.port1 = new FakePortMain(c.port1);
    this.port2 = new FakePortMain(c.port2);
  }
}

const fakeSession = () => ({
  setPermissionRequestHandler() {},
  setPermissionCheckHandler() {},
  setDevicePermissionHandler() {},
  webRequest: { onHeadersReceived() {}, onBeforeRequest() {} },
  on() {},
});

export const app = {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  quit() {},
  getVersion: () => '0.0.0-smoke',
  whenReady: () => Promise.resolve(),
  on(event: string, handler: Handler) { fake.appEvents.set(event, handler); return app; },
};
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) { fake.schemes.push(...schemes); },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) { fake.protocolHandlers.set(scheme, handler); },
};
export const session = { defaultSession: fakeSession(), fromPartition: () => fakeSession() };
export const ipcMain = { handle(channel: string, handler: Handler) { fake.ipcHandlers.set(channel, handler); } };
export const Menu = {
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu(menu: unknown) { fake.menu = menu; },
};
export const dialog = {
  async showOpenDialog() { return { canceled: false, filePaths: fake.openDialogPaths }; },
  async showMessageBox() { return { response: 0 }; },
};
export const shell = {};
export const net = {};
export default { app, protocol, session, ipcMain, Menu, dialog, BrowserWindow, MessageChannelMain, shell, net };
