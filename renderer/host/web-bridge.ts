import type { ImportOptions } from '../../shared/contract/import-options';
import type { PickedItem } from '../../shared/contract/ipc';
import { ScanResultSchema, type ScanResult } from '../../shared/contract/scan';
import type { KeptItem, WebInputItem } from '../../shared/contract/workers';
import { inWalkOrder } from '../../shared/ingest/kept';
import { SNIFF_HEAD_BYTES, sniffContainer } from '../../shared/ingest/containers/sniff';
import type { HostBridge, StartedImport } from './bridge';

/**
 * The browser edition's host. Picked files stay in the page as File objects (read-only by
 * nature); imports run the shared pipeline in a dedicated Web Worker per import.
 */
export class WebBridge implements HostBridge {
  readonly kind = 'web' as const;
  private readonly items = new Map<string, WebInputItem>();
  /**
   * What the case will keep of each picked item, worked out when it is picked: finding it reads
   * the head of every file, a round trip that would otherwise delay the import's start.
   */
  private readonly kept = new Map<string, Promise<KeptItem | null>>();
  private next = 1;
  /**
   * An ingest worker started (with its helper) when files are picked, so that pressing Import
   * does not wait a few hundred milliseconds for two workers' scripts to load.
   */
  private spare: Worker | undefined;

  pickFiles(): Promise<PickedItem[]> {
    return this.pick(false);
  }

  pickFolder(): Promise<PickedItem[]> {
    return this.pick(true);
  }

  fromDrop(dt: DataTransfer): Promise<PickedItem[]> {
    // Entries must be taken now: the DataTransfer is emptied when the handler returns.
    const entries: FileSystemEntry[] = [];
    const loose: File[] = [];
    for (const item of Array.from(dt.items)) {
      if (item.kind !== 'file') continue;
      const entry = item.webkitGetAsEntry();
      if (entry) entries.push(entry);
      else {
        const f = item.getAsFile();
        if (f) loose.push(f);
      }
    }
    return (async () => {
      const picked: PickedItem[] = [];
      for (const entry of entries) {
        if (entry.isDirectory) {
          const files = await readDirectory(entry as FileSystemDirectoryEntry, '');
          picked.push(this.register({ kind: 'folder', name: entry.name, files }));
        } else {
          picked.push(this.register({ kind: 'file', file: await entryFile(entry as FileSystemFileEntry) }));
        }
      }
      for (const f of loose) picked.push(this.register({ kind: 'file', file: f }));
      return picked;
    })();
  }

  async fromFiles(files: File[]): Promise<PickedItem[]> {
    return files.map((file) => this.register({ kind: 'file', file }));
  }

  async scan(tokens: string[], options: ImportOptions): Promise<ScanResult> {
    const worker = this.worker();
    try {
      const reply = await new Promise<unknown>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage({ type: 'scan', items: this.resolve(tokens), options });
      });
      const r = reply as { type?: string; result?: unknown; error?: string };
      if (r.type !== 'scan') throw new Error(r.error ?? 'The scan failed.');
      return ScanResultSchema.parse(r.result);
    } finally {
      worker.terminate();
    }
  }

  /** The browser edition has no PDF printer of its own: the caller opens the print dialog. */
  async printToPdf(): Promise<null> {
    return null;
  }

  async startImport(importId: string, tokens: string[], options: ImportOptions): Promise<StartedImport> {
    const channel = new MessageChannel();
    const worker = this.spare ?? this.worker();
    this.spare = undefined;
    const failure = new Promise<string>((resolve) => {
      worker.onmessage = (e) => {
        const data = e.data as { type?: string; error?: string };
        if (data.type === 'summary' || data.type === 'error') worker.terminate();
        if (data.type === 'error') resolve(`The importer stopped: ${data.error ?? 'unknown error'}`);
      };
      worker.onerror = (e) => {
        worker.terminate();
        resolve(`The importer could not run: ${e.message || 'its script failed to load'}`);
      };
    });
    const items = this.resolve(tokens);
    // Started before anything is awaited: an await here let the page render first (10-15 ms).
    worker.postMessage({ type: 'import', importId, items, options, rawInSource: true }, [channel.port1]);
    // The case keeps the archives picked, so the producer need not send along the text of the
    // logs compressed in them. Known since they were picked, almost always.
    try {
      const originals = await Promise.all(tokens.map((t, i) => this.kept.get(t) ?? keptArchives(items[i]!)));
      return { port: channel.port2, failure, originals };
    } catch (e) {
      // No writer will take the import's stream: the producer is stopped.
      worker.terminate();
      throw e;
    }
  }

  private worker(): Worker {
    return new Worker(new URL('../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'tidemark-ingest' });
  }

  private resolve(tokens: string[]): WebInputItem[] {
    return tokens.map((t) => {
      const item = this.items.get(t);
      if (!item) throw new Error('A picked file is no longer available; pick it again.');
      return item;
    });
  }

  /** Keeps an ingest worker with its helpers loaded for the next import. */
  prepareImport(): void {
    if (this.spare) return;
    const spare = this.worker();
    // A spare that failed to start is dropped; the import then starts its own and reports why.
    spare.onerror = () => {
      spare.terminate();
      if (this.spare === spare) this.spare = undefined;
    };
    spare.postMessage({ type: 'warm' });
    this.spare = spare;
  }

  private register(item: WebInputItem): PickedItem {
    const token = `web-${this.next++}`;
    this.items.set(token, item);
    const kept = keptArchives(item);
    // Asked again at the import if it failed here (a file gone meanwhile fails there with its reason).
    kept.catch(() => this.kept.delete(token));
    this.kept.set(token, kept);
    this.prepareImport();
    if (item.kind === 'file') return { token, name: item.file.name, size: item.file.size, kind: 'file' };
    return { token, name: item.name, size: item.files.reduce((n, f) => n + f.file.size, 0), kind: 'folder' };
  }

  private pick(folder: boolean): Promise<PickedItem[]> {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      if (folder) input.webkitdirectory = true;
      input.style.display = 'none';
      input.addEventListener('change', () => {
        const files = Array.from(input.files ?? []);
        input.remove();
        if (!folder) { resolve(files.map((file) => this.register({ kind: 'file', file }))); return; }
        if (files.length === 0) { resolve([]); return; }
        const root = files[0]!.webkitRelativePath.split('/')[0] ?? 'folder';
        resolve([this.register({
          kind: 'folder',
          name: root,
          files: files.map((file) => ({ relativePath: file.webkitRelativePath.slice(root.length + 1), file })),
        })]);
      });
      input.addEventListener('cancel', () => { input.remove(); resolve([]); });
      document.body.appendChild(input);
      input.click();
    });
  }
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function readDirectory(dir: FileSystemDirectoryEntry, prefix: string): Promise<{ relativePath: string; file: File }[]> {
  const out: { relativePath: string; file: File }[] = [];
  const reader = dir.createReader();
  // readEntries returns results in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const e of batch) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory) out.push(...(await readDirectory(e as FileSystemDirectoryEntry, rel)));
      else out.push({ relativePath: rel, file: await entryFile(e as FileSystemFileEntry) });
    }
  }
  return out;
}

/**
 * What the case keeps of a picked item: the files that are archives (by content), which may hold
 * compressed logs; a folder's in the order the import reads them. Plain files are not kept: their
 * text goes with their segments, compressed there.
 */
async function keptArchives(item: WebInputItem): Promise<KeptItem | null> {
  if (item.kind === 'file') return (await isArchive(item.file)) ? { kind: 'file', name: item.file.name, blob: item.file } : null;
  const files: Extract<KeptItem, { kind: 'folder' }>['files'] = [];
  for (const f of inWalkOrder(item.files)) {
    if (await isArchive(f.file)) files.push({ relativePath: f.relativePath, name: f.file.name, blob: f.file });
  }
  return files.length > 0 ? { kind: 'folder', name: item.name, files } : null;
}

async function isArchive(file: Blob): Promise<boolean> {
  return sniffContainer(new Uint8Array(await file.slice(0, SNIFF_HEAD_BYTES).arrayBuffer())) !== null;
}
