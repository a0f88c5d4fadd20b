import type { z } from 'zod';
import { IPC, type IpcName, type IpcResponse } from '../shared/contract/ipc';
import { isAppUrl } from './app-origin';

export type IpcImplementation<K extends IpcName> = (request: z.output<(typeof IPC)[K]['request']>) => Promise<IpcResponse<K>>;

/** What Electron passes a handler; only the sender frame's URL matters here. */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null;
}

function firstIssue(error: z.ZodError, fallback: string): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || fallback}: ${issue.message}` : `invalid ${fallback}`;
}

/**
 * Wraps one IPC implementation with the checks every call gets: the caller is the app's own page
 * (not a frame or page that got loaded some other way), the request matches its schema, and so
 * does the answer. A refusal is an error a person can read; the implementation never sees a
 * request that failed.
 */
export function guardedHandler<K extends IpcName>(name: K, appOrigin: string, impl: IpcImplementation<K>) {
  const def = IPC[name];
  return async (event: IpcInvokeEvent, raw: unknown): Promise<IpcResponse<K>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url, appOrigin)) throw new Error(`Refused ${name}: the request did not come from Tidemark's own page.`);
    const parsed = def.request.safeParse(raw);
    if (!parsed.success) throw new Error(`Refused ${name}: ${firstIssue(parsed.error, 'request')}.`);
    const result = await impl(parsed.data as z.output<(typeof IPC)[K]['request']>);
    const checked = def.response.safeParse(result);
    if (!checked.success) throw new Error(`Tidemark's ${name} produced an answer outside its contract (${firstIssue(checked.error, 'response')}).`);
    return checked.data as IpcResponse<K>;
  };
}
