import type { ImportOptions } from '../../shared/contract/import-options';
import type { PickedItem } from '../../shared/contract/ipc';
import type { ScanResult } from '../../shared/contract/scan';
import type { KeptItem } from '../../shared/contract/workers';

/**
 * What the UI needs from whichever host runs it. The desktop host reads files in the Electron
 * main process; the browser edition reads them in a Web Worker. Both hand back a MessagePort
 * on which the import's producer speaks to the case writer.
 */
export interface StartedImport {
  port: MessagePort;
  failure: Promise<string>;
  /**
   * What the case keeps of each picked item (null: nothing), when the producer reads raw text from
   * it instead of sending it (the browser edition; the desktop host sends the text).
   */
  originals?: Array<KeptItem | null>;
}

export interface HostBridge {
  readonly kind: 'electron' | 'web';
  pickFiles(): Promise<PickedItem[]>;
  pickFolder(): Promise<PickedItem[]>;
  /** Must be called synchronously inside the drop handler (DataTransfer empties afterwards). */
  fromDrop(dt: DataTransfer): Promise<PickedItem[]>;
  /** Files the page itself holds (the bundled demo archive). */
  fromFiles(files: File[]): Promise<PickedItem[]>;
  scan(tokens: string[], options: ImportOptions): Promise<ScanResult>;
  /**
   * An import is likely soon (the import screen is open): start what it runs on now, so the
   * import does not wait for threads to load when it starts.
   */
  prepareImport(): void;
  /**
   * Starts the producer. `port` carries the ingest protocol to the writer; `failure` settles with
   * a message if the producer dies without saying `done` (a crashed worker, a script that failed
   * to load), so the import never waits forever.
   */
  startImport(importId: string, tokens: string[], options: ImportOptions): Promise<StartedImport>;
  /**
   * Prints report HTML to a PDF file's bytes, where the host can (the desktop host, through
   * Chromium's printToPDF in a locked-down window). The browser edition returns null and the
   * caller opens the browser's own print dialog on the same HTML instead.
   */
  printToPdf(html: string, title: string): Promise<Uint8Array<ArrayBuffer> | null>;
}
