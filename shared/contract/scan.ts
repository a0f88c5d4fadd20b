import { z } from 'zod';
import { FieldMappingSchema, FormatIdSchema } from './import-options';

/** What a quick look at the picked items found: the entries and the format each seems to be. */
export const ScanEntrySchema = z.object({
  path: z.string().max(65_536),
  name: z.string().max(4096),
  size: z.number().nonnegative().optional(),
  detected: FormatIdSchema,
  confidence: z.number().min(0).max(1),
  columns: z.array(z.string().max(1024)).max(2000).optional(),
  mapping: FieldMappingSchema.optional(),
  /** The first lines, for the user to judge the guess. Untrusted text. */
  preview: z.array(z.string().max(4096)).max(10),
});
export type ScanEntry = z.infer<typeof ScanEntrySchema>;

export const ScanResultSchema = z.object({
  entries: z.array(ScanEntrySchema).max(1_000_000),
  failures: z.array(z.object({ path: z.string().max(65_536), message: z.string().max(8192) })).max(100_000),
  /** True when the scan stopped at its entry cap; the import itself still reads everything. */
  truncated: z.boolean(),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;
