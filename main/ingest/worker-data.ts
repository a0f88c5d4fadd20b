import { z } from 'zod';
import { ImportOptionsSchema } from '../../shared/contract/import-options';
import { ImportIdSchema } from '../../shared/contract/ipc';

/** A picked file or folder, by its real path (the worker opens it read-only). */
const WorkerItemSchema = z.object({ path: z.string().min(1), kind: z.enum(['file', 'folder']) });
export type WorkerItem = z.infer<typeof WorkerItemSchema>;

/** What the main process hands its ingest worker thread; validated on arrival like any message. */
export const IngestWorkerDataSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('import'),
    importId: ImportIdSchema,
    items: z.array(WorkerItemSchema).min(1),
    options: ImportOptionsSchema,
  }),
  z.object({
    mode: z.literal('scan'),
    items: z.array(WorkerItemSchema).min(1),
    options: ImportOptionsSchema,
  }),
]);
export type IngestWorkerData = z.infer<typeof IngestWorkerDataSchema>;
