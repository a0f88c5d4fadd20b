import { z } from 'zod';

/**
 * Main → page push for the File menu's "Open files…" and "Open folder…". The preload relays it
 * into the page with window.postMessage under MENU_MESSAGE_TAG, like the import port.
 * (Declared here until it joins the IPC contract in shared/contract/ipc.ts.)
 */
export const MENU_PUSH = {
  channel: 'tidemark:menu',
  payload: z.object({ command: z.enum(['openFiles', 'openFolder']) }),
} as const;
export type MenuCommand = z.infer<typeof MENU_PUSH.payload>['command'];
export const MENU_MESSAGE_TAG = 'tidemark:menu';

/** The case a page URL shows (`…#/case/<id>/<tab>`), or null on the cases list. */
export function caseIdFromUrl(url: string): string | null {
  const hash = url.slice(url.indexOf('#') >= 0 ? url.indexOf('#') : url.length);
  return /^#\/case\/([A-Za-z0-9_-]{1,64})(?:\/|$)/.exec(hash)?.[1] ?? null;
}
