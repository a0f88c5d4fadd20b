import { IPC, type IpcName, type TidemarkDesktopApi } from '../shared/contract/ipc';

export type Invoke = (channel: string, request: unknown) => Promise<unknown>;

/**
 * Builds `window.tidemark` from the IPC table: one named method per entry, each validating its
 * request before sending and the answer after. There is no generic `invoke(channel)`: the page
 * can reach exactly the calls the table declares, with exactly their shapes.
 */
export function buildDesktopApi(invoke: Invoke, pathForFile: (file: File) => string): TidemarkDesktopApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(IPC) as IpcName[]) {
    const def = IPC[name];
    api[name] = async (request: unknown) => {
      const req = def.request.parse(request);
      return def.response.parse(await invoke(def.channel, req));
    };
  }
  // A File that did not come from disk (made by the page) has no path: its entry is ''.
  api.pathsForFiles = (files: File[]) => Array.from(files, (f) => pathForFile(f));
  return Object.freeze(api) as TidemarkDesktopApi;
}
