import { MENU_MESSAGE_TAG, PUSH, type MenuCommand } from '../shared/contract/ipc';

/** Main → page push for the File menu (declared in the IPC contract). */
export const MENU_PUSH = PUSH.menu;
export { MENU_MESSAGE_TAG, type MenuCommand };

/** The case a page URL shows (`…#/case/<id>/<tab>`), or null on the cases list. */
export function caseIdFromUrl(url: string): string | null {
  const hash = url.slice(url.indexOf('#') >= 0 ? url.indexOf('#') : url.length);
  return /^#\/case\/([A-Za-z0-9_-]{1,64})(?:\/|$)/.exec(hash)?.[1] ?? null;
}
