/**
 * The case report as JSON: the report input exactly as the writers saw it, in an envelope that
 * names the format, so another tool (or a later Tidemark) can read it back.
 *
 * Times stay epoch milliseconds (UTC) as in the model; `generatedAtIso` repeats the generation
 * time in ISO 8601 for people reading the file. Key order is stable: the envelope first, then
 * the report's fields in the model's order, and every nested object's keys sorted, so two
 * exports of the same case differ only where the case does.
 */

import type { ReportInput } from '../model';
import { isoTime } from './format';

export const REPORT_JSON_FORMAT = 'tidemark-report';
export const REPORT_JSON_MIME = 'application/json;charset=utf-8';

/** What `renderReportJson` writes (and `JSON.parse` gives back). */
export type ReportJson = { format: typeof REPORT_JSON_FORMAT; generatedAtIso: string | null } & ReportInput;

/** Top-level keys in the model's order; keys the model does not know follow, sorted. */
const TOP_LEVEL: ReadonlyArray<keyof ReportJson> = [
  'format', 'schemaVersion', 'generatedAt', 'generatedAtIso', 'generatedBy', 'tool', 'timeZone', 'case', 'summary',
  'evidence', 'pinned', 'indicators', 'suspects', 'detections', 'exfiltration', 'checklists', 'parties', 'regulator',
  'methods', 'audit', 'auditTotal',
];

/** The envelope and the input, as a plain object (before serialising). */
export function reportJsonValue(input: ReportInput): ReportJson {
  return { ...input, format: REPORT_JSON_FORMAT, schemaVersion: 1, generatedAtIso: isoTime(input.generatedAt) };
}

/** The report as pretty-printed JSON (two-space indent, trailing newline). */
export function renderReportJson(input: ReportInput): string {
  const value = reportJsonValue(input) as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL) if (key in value) ordered[key] = sortKeys(value[key]);
  for (const key of Object.keys(value).sort()) if (!(key in ordered)) ordered[key] = sortKeys(value[key]);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const rec = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(rec).sort()) out[key] = sortKeys(rec[key]);
  return out;
}
