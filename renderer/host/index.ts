import type { TidemarkDesktopApi } from '../../shared/contract/ipc';
import type { HostBridge } from './bridge';
import { ElectronBridge } from './electron-bridge';
import { WebBridge } from './web-bridge';

declare global {
  interface Window { tidemark?: TidemarkDesktopApi }
}

/** The desktop preload exposes `window.tidemark`; without it this is the browser edition. */
export function createHostBridge(): HostBridge {
  return window.tidemark ? new ElectronBridge(window.tidemark) : new WebBridge();
}
