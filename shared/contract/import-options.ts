import { z } from 'zod';
import { FORMAT_IDS, MAPPABLE_FIELDS } from '../model/format';
import { DEFAULT_LIMITS } from '../ingest/limits';

export const FormatIdSchema = z.enum(FORMAT_IDS);
export const FieldMappingSchema = z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().max(512));

export const LimitsSchema = z.object({
  maxExpansionRatio: z.number().positive().max(1e9),
  maxEntries: z.number().int().positive().max(1e9),
  maxRecordChars: z.number().int().positive().max(1 << 30),
  maxNestingDepth: z.number().int().min(1).max(64),
  maxBufferedEntryBytes: z.number().int().positive().max(64 * 1024 ** 3),
});

/** Everything the user can set before an import. Paths are the `!/` chains of WalkNode. */
export const ImportOptionsSchema = z.object({
  /** IANA zone for zone-less timestamps. */
  timeZone: z.string().min(1).max(64),
  limits: LimitsSchema,
  formatOverrides: z.record(z.string().max(4096), FormatIdSchema),
  mappings: z.record(z.string().max(4096), FieldMappingSchema),
  /** The case's own address ranges; with the private ranges they decide internal vs external. */
  internalRanges: z.array(z.string().max(64)).max(1000),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

export function defaultImportOptions(): ImportOptions {
  return { timeZone: 'UTC', limits: { ...DEFAULT_LIMITS }, formatOverrides: {}, mappings: {}, internalRanges: [] };
}
