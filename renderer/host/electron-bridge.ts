import type { ImportOptions } from '../../shared/contract/import-options';
import { IMPORT_PORT_MESSAGE_TAG, type PickedItem, type TidemarkDesktopApi } from '../../shared/contract/ipc';
import type { ScanResult } from '../../shared/contract/scan';
import type { HostBridge, StartedImport } from './bridge';
import { WebBridge } from './web-bridge';

/**
 * The desktop host: files picked or dropped are read by the main process (read-only handles),
 * which streams the import over a MessagePort that the preload relays into the page.
 * Files the page itself holds (the bundled demo) go through the in-page worker like the
 * browser edition, since the main process cannot see them.
 */
export class ElectronBridge implements HostBridge {
  readonly kind = 'electron' as const;
  private readonly local = new WebBridge();
  private readonly localTokens = new Set<string>();

  constructor(private readonly api: TidemarkDesktopApi) {}

  /** The main process starts its ingest thread per import; there is nothing to load ahead. */
  prepareImport(): void {}

  pickFiles(): Promise<PickedItem[]> {
    return this.api.openFiles({});
  }

  pickFolder(): Promise<PickedItem[]> {
    return this.api.openFolder({});
  }

  fromDrop(dt: DataTransfer): Promise<PickedItem[]> {
    const paths = this.api.pathsForFiles(Array.from(dt.files)).filter((p) => p.length > 0);
    if (paths.length === 0) return Promise.resolve([]);
    return this.api.registerPaths({ paths });
  }

  async fromFiles(files: File[]): Promise<PickedItem[]> {
    const items = await this.local.fromFiles(files);
    for (const i of items) this.localTokens.add(i.token);
    return items;
  }

  scan(tokens: string[], options: ImportOptions): Promise<ScanResult> {
    if (tokens.every((t) => this.localTokens.has(t))) return this.local.scan(tokens, options);
    return this.api.scan({ tokens, options });
  }

  async printToPdf(html: string, title: string): Promise<Uint8Array<ArrayBuffer>> {
    const pdf = await this.api.printToPdf({ html, title });
    return new Uint8Array(pdf);
  }

  async startImport(importId: string, tokens: string[], options: ImportOptions): Promise<StartedImport> {
    if (tokens.every((t) => this.localTokens.has(t))) return this.local.startImport(importId, tokens, options);
    const port = waitForPort(importId);
    await this.api.startImport({ importId, tokens, options });
    // The main process closes the port when its worker dies; the writer then reports the failure.
    return { port: await port, failure: new Promise<string>(() => undefined) };
  }
}

function waitForPort(importId: string): Promise<MessagePort> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      reject(new Error('The desktop host did not open the import channel.'));
    }, 30_000);
    function onMessage(e: MessageEvent) {
      // Only the preload, posting into this very window, may hand over a port.
      if (e.source !== window || e.origin !== window.location.origin) return;
      const data = e.data as { tag?: unknown; importId?: unknown } | null;
      if (!data || data.tag !== IMPORT_PORT_MESSAGE_TAG || data.importId !== importId) return;
      const port = e.ports[0];
      if (!port) return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(port);
    }
    window.addEventListener('message', onMessage);
  });
}
