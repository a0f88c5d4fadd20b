import { IPC, type IpcName, type TidemarkDesktopApi } from '../shared/contract/ipc';

export type Invoke = (channel: string, request: unknown) => Promise<unknown>;

/**
 * Builds `window.tidemark` from the IPC table: one named method per entry, each validating its
 * request before sending and the answer after. There is no generic `invoke(channel)`.
 */
export function buildDesktopApi(invoke: Invoke, pathsForFiles: (files: File[]) => string[]): TidemarkDesktopApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(IPC) as IpcName[]) {
    const def = IPC[name];
    api[name] = async (request: unknown) => {
      const req = def.request.parse(request);
      return def.response.parse(await invoke(def.channel, req));
    };
  }
  api.pathsForFiles = (files: File[]) => files.map((f) => pathsForFiles([f])[0] ?? '');
  return Object.freeze(api) as TidemarkDesktopApi;
}
