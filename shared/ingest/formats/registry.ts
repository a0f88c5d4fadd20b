import type { FormatId } from '../../model/format';
import { accessCombined, accessCommon } from './access-log';
import { csv } from './csv';
import { jsonArray, ndjson } from './json';
import type { FormatModule, SniffResult } from './types';
import { vpcFlow } from './vpc-flow';
import { zeekConn, zeekHttp } from './zeek';

/**
 * Every parser Tidemark has. `unknown` is not among them: an entry nothing recognises is kept
 * as evidence (name, size, hash) and not parsed.
 */
export const FORMATS: readonly FormatModule[] = [
  accessCombined, accessCommon, vpcFlow, zeekConn, zeekHttp, csv, ndjson, jsonArray,
];

export function formatModule(id: FormatId): FormatModule {
  const m = FORMATS.find((f) => f.id === id);
  if (!m) throw new Error(`No parser for format "${id}"`);
  return m;
}

/** The most confident guess over the first few KiB of an entry; binary content is never a log. */
export function detectFormat(head: string): SniffResult {
  if (looksBinary(head)) return { format: 'unknown', confidence: 0 };
  let best: SniffResult = { format: 'unknown', confidence: 0 };
  for (const f of FORMATS) {
    const r = f.sniff(head);
    if (r && r.confidence > best.confidence) best = r;
  }
  return best;
}

function looksBinary(head: string): boolean {
  if (head.length === 0) return false;
  let odd = 0;
  const n = Math.min(head.length, 2048);
  for (let i = 0; i < n; i++) {
    const c = head.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++;
  }
  return odd / n > 0.1;
}
