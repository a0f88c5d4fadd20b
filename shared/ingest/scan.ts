import type { ImportOptions } from '../contract/import-options';
import type { ScanEntry, ScanResult } from '../contract/scan';
import { concatBytes, type InputItem } from './bytes';
import { walkInputs } from './containers/walk';
import { detectFormat } from './formats/registry';
import type { Sha256Factory } from './hash';
import { SNIFF_BYTES } from './pipeline';

/** The scan looks at this many entries at most; the import itself reads all of them. */
const SCAN_ENTRY_CAP = 5_000;
const PREVIEW_LINES = 5;

/**
 * A quick look before importing: every entry's detected format, its columns when it is CSV or
 * JSON, and its first lines, so the user can correct a guess or map columns. Reads only the
 * first few KiB of each entry (archives are still walked in full to reach their entries).
 */
export async function scanInputs(items: InputItem[], options: ImportOptions, sha256?: Sha256Factory): Promise<ScanResult> {
  const entries: ScanEntry[] = [];
  const failures: ScanResult['failures'] = [];
  let truncated = false;
  for await (const node of walkInputs(items, { limits: options.limits, sha256 })) {
    if (node.type === 'failure') {
      failures.push({ path: node.path, message: node.message });
      if (node.fatal) break;
      continue;
    }
    if (node.type !== 'entry') continue;
    if (entries.length >= SCAN_ENTRY_CAP) {
      truncated = true;
      await node.open().cancel();
      continue;
    }
    const head = await readHead(node.open(), SNIFF_BYTES);
    const text = new TextDecoder().decode(head);
    const sniff = detectFormat(text);
    entries.push({
      path: node.path,
      name: node.name,
      size: node.size,
      detected: sniff.format,
      confidence: sniff.confidence,
      columns: sniff.columns,
      mapping: sniff.mapping,
      preview: text.split(/\r?\n/).slice(0, PREVIEW_LINES).map((l) => l.slice(0, 4096)),
    });
  }
  return { entries, failures, truncated };
}

async function readHead(stream: ReadableStream<Uint8Array>, bytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < bytes) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return concatBytes(parts, bytes);
}
