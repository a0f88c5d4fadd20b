import { describe, expect, test } from 'vitest';
import { IPC } from '../../../shared/contract/ipc';
import { defaultImportOptions } from '../../../shared/contract/import-options';
import { guardedHandler } from '../../../main/ipc-handle';
import { buildDesktopApi } from '../../../main/preload-api';

const APP = 'app://tidemark';
const fromApp = { senderFrame: { url: 'app://tidemark/index.html' } };

describe('IPC validation in the main process', () => {
  test('a valid request from the app page is answered', async () => {
    const h = guardedHandler('registerPaths', APP, async ({ paths }) => paths.map((p, i) => ({ token: `t${i}`, name: p, size: 1, kind: 'file' as const })));
    await expect(h(fromApp, { paths: ['/evidence/a.log'] })).resolves.toEqual([{ token: 't0', name: '/evidence/a.log', size: 1, kind: 'file' }]);
  });

  test('a request from any other page is refused', async () => {
    const h = guardedHandler('appInfo', APP, async () => ({ version: '1', platform: 'linux', electron: '45' }));
    await expect(h({ senderFrame: { url: 'https://evil.example/' } }, {})).rejects.toThrow(/did not come from Tidemark/);
    await expect(h({ senderFrame: null }, {})).rejects.toThrow(/did not come from Tidemark/);
  });

  test('a malformed request is refused with a readable reason, before the implementation runs', async () => {
    let ran = false;
    const h = guardedHandler('startImport', APP, async () => { ran = true; return { started: true as const }; });
    await expect(h(fromApp, { importId: '../../etc', tokens: ['a'], options: defaultImportOptions() })).rejects.toThrow(/Refused startImport: importId/);
    await expect(h(fromApp, { importId: 'ok', tokens: [], options: defaultImportOptions() })).rejects.toThrow(/tokens/);
    await expect(h(fromApp, 'a string')).rejects.toThrow(/Refused startImport/);
    expect(ran).toBe(false);
  });

  test('an answer that breaks the contract is not passed on', async () => {
    const h = guardedHandler('openFiles', APP, async () => [{ token: '', name: 'x', size: -1, kind: 'file' as const }]);
    await expect(h(fromApp, {})).rejects.toThrow(/openFiles produced an answer outside its contract \(0\.token/);
  });

  test('the dev server is the app origin in development, and only then', async () => {
    const h = guardedHandler('appInfo', 'http://localhost:5173', async () => ({ version: '1', platform: 'linux', electron: '45' }));
    await expect(h({ senderFrame: { url: 'http://localhost:5173/#/case/a' } }, {})).resolves.toMatchObject({ version: '1' });
    await expect(h(fromApp, {})).rejects.toThrow(/did not come from Tidemark/);
    await expect(h({ senderFrame: { url: 'http://localhost:5174/' } }, {})).rejects.toThrow(/did not come from Tidemark/);
  });
});

describe('the preload API', () => {
  test('has one named method per IPC entry, and no generic invoke', () => {
    const api = buildDesktopApi(async () => null, () => '');
    for (const name of Object.keys(IPC)) expect(typeof (api as unknown as Record<string, unknown>)[name]).toBe('function');
    expect((api as unknown as Record<string, unknown>).invoke).toBeUndefined();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(IPC), 'pathsForFiles'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  test('methods validate the request before sending and the answer after', async () => {
    const sent: [string, unknown][] = [];
    const api = buildDesktopApi(async (channel, req) => { sent.push([channel, req]); return { version: '0.1.0', platform: 'linux', electron: '45.0.0' }; }, () => '');
    await expect(api.appInfo({})).resolves.toEqual({ version: '0.1.0', platform: 'linux', electron: '45.0.0' });
    expect(sent).toEqual([[IPC.appInfo.channel, {}]]);
    await expect(api.registerPaths({ paths: [] })).rejects.toThrow();
    expect(sent).toHaveLength(1);
    // Paths of dropped files come from Electron's webUtils, one per File, in order.
    const withPaths = buildDesktopApi(async () => null, (f) => `/evidence/${f.name}`);
    expect(withPaths.pathsForFiles([new File(['a'], 'a.log'), new File(['b'], 'b.log')])).toEqual(['/evidence/a.log', '/evidence/b.log']);
    const lying = buildDesktopApi(async () => ({ started: 'yes' }), () => '');
    await expect(lying.startImport({ importId: 'abc', tokens: ['t'], options: defaultImportOptions() })).rejects.toThrow();
  });
});
