import { z } from 'zod';
import { ImportOptionsSchema } from './import-options';
import { ScanResultSchema } from './scan';

/**
 * Every Electron IPC call, declared once. The preload builds one named method per entry and the
 * main process registers one handler per entry; both sides validate with these schemas, so a
 * malformed or hostile message is refused where it arrives.
 */

/** A file or folder the user picked; the host keeps the real path and hands out a token. */
export const PickedItemSchema = z.object({
  token: z.string().min(1).max(128),
  name: z.string().max(4096),
  size: z.number().nonnegative(),
  kind: z.enum(['file', 'folder']),
});
export type PickedItem = z.infer<typeof PickedItemSchema>;

const tokens = z.array(z.string().min(1).max(128)).min(1).max(10_000);
export const ImportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const IPC = {
  appInfo: {
    channel: 'tidemark:app-info',
    request: z.object({}),
    response: z.object({ version: z.string(), platform: z.string(), electron: z.string() }),
  },
  openFiles: {
    channel: 'tidemark:open-files',
    request: z.object({}),
    response: z.array(PickedItemSchema),
  },
  openFolder: {
    channel: 'tidemark:open-folder',
    request: z.object({}),
    response: z.array(PickedItemSchema),
  },
  /** Paths of dropped files (the preload reads them with webUtils.getPathForFile). */
  registerPaths: {
    channel: 'tidemark:register-paths',
    request: z.object({ paths: z.array(z.string().min(1).max(32_768)).min(1).max(10_000) }),
    response: z.array(PickedItemSchema),
  },
  scan: {
    channel: 'tidemark:scan',
    request: z.object({ tokens, options: ImportOptionsSchema }),
    response: ScanResultSchema,
  },
  /** Starts an import; its MessagePort arrives as the `importPort` push with the same id. */
  startImport: {
    channel: 'tidemark:start-import',
    request: z.object({ importId: ImportIdSchema, tokens, options: ImportOptionsSchema }),
    response: z.object({ started: z.literal(true) }),
  },
  /** Prints report HTML to PDF with Chromium's printer (printToPDF). */
  printToPdf: {
    channel: 'tidemark:print-pdf',
    request: z.object({ html: z.string().max(64 * 1024 * 1024), title: z.string().max(512) }),
    response: z.instanceof(Uint8Array),
  },
} as const;

export type IpcName = keyof typeof IPC;
export type IpcRequest<K extends IpcName> = z.input<(typeof IPC)[K]['request']>;
export type IpcResponse<K extends IpcName> = z.output<(typeof IPC)[K]['response']>;

/** Main → renderer pushes. The import port travels with `importPort`. */
export const PUSH = {
  importPort: { channel: 'tidemark:import-port', payload: z.object({ importId: ImportIdSchema }) },
  /** The File menu's "Open files…" / "Open folder…", for the open case's import screen. */
  menu: { channel: 'tidemark:menu', payload: z.object({ command: z.enum(['openFiles', 'openFolder']) }) },
} as const;
export type MenuCommand = z.infer<typeof PUSH.menu.payload>['command'];

/** Tag of the preload's window.postMessage that relays a menu command into the page. */
export const MENU_MESSAGE_TAG = 'tidemark:menu';

/**
 * The preload relays the import port into the page with window.postMessage; this tag marks
 * those messages so the page ignores anything else posted to it.
 */
export const IMPORT_PORT_MESSAGE_TAG = 'tidemark:import-port';

/** What `window.tidemark` offers the renderer under Electron: one method per IPC entry. */
export type TidemarkDesktopApi = {
  readonly [K in IpcName]: (request: IpcRequest<K>) => Promise<IpcResponse<K>>;
} & {
  /** Paths for dropped File objects; Electron's webUtils, callable only in the preload. */
  readonly pathsForFiles: (files: File[]) => string[];
};
