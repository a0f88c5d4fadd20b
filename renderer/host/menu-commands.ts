import { MENU_MESSAGE_TAG, PUSH, type MenuCommand } from '../../shared/contract/ipc';

/**
 * File-menu commands from the desktop host. The preload posts them into this window; a command
 * that arrives before the import screen is showing waits here until it is.
 */
let pending: MenuCommand | null = null;
const listeners = new Set<(c: MenuCommand) => void>();

export function installMenuCommands(): void {
  window.addEventListener('message', (e: MessageEvent) => {
    // Only the preload, posting into this very window, speaks for the menu.
    if (e.source !== window || e.origin !== window.location.origin) return;
    const data = e.data as { tag?: unknown; command?: unknown } | null;
    if (!data || data.tag !== MENU_MESSAGE_TAG) return;
    const parsed = PUSH.menu.payload.safeParse({ command: data.command });
    if (!parsed.success) return;
    if (listeners.size === 0) { pending = parsed.data.command; return; }
    for (const l of listeners) l(parsed.data.command);
  });
}

/** Subscribes to menu commands; one that was waiting is delivered at once. */
export function onMenuCommand(listener: (c: MenuCommand) => void): () => void {
  listeners.add(listener);
  if (pending) {
    const c = pending;
    pending = null;
    listener(c);
  }
  return () => listeners.delete(listener);
}
