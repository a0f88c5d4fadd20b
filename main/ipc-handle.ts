import type { z } from 'zod';
import { IPC, type IpcName, type IpcRequest, type IpcResponse } from '../shared/contract/ipc';
import { isAppUrl } from './app-origin';

export type IpcImplementation<K extends IpcName> = (request: z.output<(typeof IPC)[K]['request']>) => Promise<IpcResponse<K>>;

/** What Electron passes a handler; only the sender frame's URL matters here. */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null;
}

/**
 * Wraps one IPC implementation with the checks every call gets: the caller is the app's own page,
 * the request matches its schema, and so does the answer. A refusal is a readable error.
 */
export function guardedHandler<K extends IpcName>(name: K, appOrigin: string, impl: IpcImplementation<K>) {
  const def = IPC[name];
  return async (event: IpcInvokeEvent, raw: unknown): Promise<IpcResponse<K>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url, appOrigin)) throw new Error(`Refused ${name}: the request did not come from Tidemark's own page.`);
    const parsed = def.request.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Refused ${name}: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid request'}.`);
    }
    const result = await impl(parsed.data as z.output<(typeof IPC)[K]['request']>);
    return def.response.parse(result) as IpcResponse<K>;
  };
}

export type { IpcRequest };
