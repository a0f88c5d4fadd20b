// `tsx test/electron/main-smoke.ts`: starts the BUILT main process (out/main/index.js) under
// plain Node with a stand-in for the `electron` module (fake-electron.ts), then drives it the way
// the page would: the app:// scheme, every IPC handler's origin check, a dropped file, a scan and
// an import through the built ingest worker, over a port with acknowledgements. It needs no
// Electron binary; what it cannot show (Chromium's sandbox, real dialogs, printing) the Playwright
// suite covers where the binary exists.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultImportOptions } from '../../shared/contract/import-options';
import { ProducerMessageSchema } from '../../shared/contract/ingest-port';
import { IPC, PUSH } from '../../shared/contract/ipc';
import { CONTENT_SECURITY_POLICY } from '../../main/csp';

register('./fake-electron-hooks.mjs', import.meta.url);
const { fake } = await import('./fake-electron');

const ROOT = resolve(import.meta.dirname, '../..');
const fromApp = { senderFrame: { url: 'app://tidemark/index.html#/case/c1/import' } };
const checks: string[] = [];
function check(condition: boolean, what: string): void {
  if (!condition) {
    console.error(`main-smoke: FAILED: ${what}`);
    process.exit(1);
  }
  checks.push(what);
}
const call = (name: keyof typeof IPC, request: unknown, event: unknown = fromApp) => {
  const handler = fake.ipcHandlers.get(IPC[name].channel);
  if (!handler) throw new Error(`no handler for ${name}`);
  return Promise.resolve(handler(event, request));
};

delete process.env.ELECTRON_RENDERER_URL;
await import(pathToFileURL(join(ROOT, 'out/main/index.js')).href);
for (let i = 0; i < 100 && fake.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 20));

// The scheme, the window, the menu.
check(JSON.stringify(fake.schemes) === JSON.stringify([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]), 'app:// is registered as a standard, secure, fetch- and stream-capable scheme');
const win = fake.windows[0];
check(win !== undefined && fake.windows.length === 1, 'one window is opened');
const prefs = (win!.options.webPreferences ?? {}) as Record<string, unknown>;
check(prefs.sandbox === true && prefs.contextIsolation === true && prefs.nodeIntegration === false && prefs.webviewTag === false, 'the window is sandboxed, isolated, without Node or webviews');
check(typeof prefs.preload === 'string' && existsSync(prefs.preload) && prefs.preload.endsWith('.cjs'), `the preload path exists (${String(prefs.preload)})`);
check(win!.webContents.getURL() === 'app://tidemark/index.html', 'the window loads app://tidemark/index.html');
check(JSON.stringify(win!.webContents.windowOpenHandler?.({ url: 'https://example.com/' })) === '{"action":"deny"}', 'window.open is denied');
check(win!.webContents.listenerCount('will-navigate') > 0 && win!.webContents.listenerCount('will-attach-webview') > 0, 'navigation and webview guards are attached');
check(Array.isArray(fake.menu) && JSON.stringify((fake.menu as { label?: string; role?: string }[]).map((m) => m.label ?? m.role)) === '["File","editMenu","View","Help"]', 'the menu has File, Edit, View, Help');

// The app:// handler serves the build with its CSP, and nothing outside it.
const serve = fake.protocolHandlers.get('app');
check(serve !== undefined, 'app:// has a handler');
const page = await serve!(new Request('app://tidemark/index.html'));
const html = await page.text();
check(page.status === 200 && html.includes('id="root"'), 'app://tidemark/index.html is the renderer build');
check(page.headers.get('content-security-policy') === CONTENT_SECURITY_POLICY, 'the page is served with the CSP header');
const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
const asset = await serve!(new Request(`app://tidemark/${script ?? 'missing.js'}`));
check(asset.status === 200 && asset.headers.get('content-type')?.startsWith('text/javascript') === true, `its script is served as JavaScript (${script})`);
check((await serve!(new Request('app://tidemark/..%2F..%2Fpackage.json'))).status === 404, 'paths outside the build are refused');

// IPC: all entries registered, each checking its caller.
const channels = Object.values(IPC).map((e) => e.channel).sort();
check(JSON.stringify([...fake.ipcHandlers.keys()].sort()) === JSON.stringify(channels), 'every IPC entry has a handler, and nothing else does');
const refused = await call('appInfo', {}, { senderFrame: { url: 'https://evil.example/' } }).then(() => false, () => true);
check(refused, 'a call from another origin is refused');
const info = await call('appInfo', {});
check(IPC.appInfo.response.safeParse(info).success, 'appInfo answers from the app page');
check(await call('registerPaths', { paths: ['/definitely/not/here.log'] }).then(() => false, () => true), 'a dropped path that does not exist is refused');

// A dropped log, scanned and imported through the built worker.
const dir = mkdtempSync(join(tmpdir(), 'tidemark-main-smoke-'));
try {
  const lines = 12_345;
  let text = '';
  for (let i = 0; i < lines; i++) text += `198.51.100.${i % 200} - - [12/Mar/2026:11:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /y/${i} HTTP/1.1" 200 ${i} "-" "main-smoke"\n`;
  const file = join(dir, 'access.log');
  writeFileSync(file, text);
  const picked = IPC.registerPaths.response.parse(await call('registerPaths', { paths: [file] }));
  check(picked.length === 1 && picked[0]!.name === 'access.log' && !JSON.stringify(picked).includes(dir), 'a dropped file becomes an opaque token (its path stays in main)');
  const tokens = picked.map((p) => p.token);
  const scan = IPC.scan.response.parse(await call('scan', { tokens, options: defaultImportOptions() }));
  check(scan.entries[0]?.detected === 'access-combined', 'scan runs in the built worker and detects the access log');

  await call('startImport', { importId: 'smoke-1', tokens, options: defaultImportOptions() });
  const push = win!.webContents.pushes.find((p) => p.channel === PUSH.importPort.channel);
  check(push !== undefined && PUSH.importPort.payload.safeParse(push.payload).success && push.ports.length === 1, 'the import port is pushed to the page');
  const writer = push!.ports[0]!;
  let events = 0;
  const done = await new Promise<{ status: string }>((resolveDone) => {
    writer.on('message', ({ data }) => {
      const msg = ProducerMessageSchema.parse(data);
      if (msg.t === 'segment' || msg.t === 'rejects') writer.postMessage({ t: 'ack', seq: msg.seq });
      if (msg.t === 'source-close') events += msg.events;
      if (msg.t === 'done') resolveDone(msg);
    });
    writer.start();
  });
  writer.close();
  check(done.status === 'complete' && events === lines, `the import completes with every event (${events} of ${lines})`);
  check(await call('startImport', { importId: 'smoke-2', tokens: ['unknown-token'], options: defaultImportOptions() }).then(() => false, () => true), 'an unknown token is refused');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`main-smoke: the built main process passed ${checks.length} checks without Electron:\n  - ${checks.join('\n  - ')}`);
process.exit(0);
