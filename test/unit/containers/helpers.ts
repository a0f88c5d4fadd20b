import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bytesSource, type InputItem } from '../../../shared/ingest/bytes';
import { walkInputs } from '../../../shared/ingest/containers/walk';
import type { WalkNode } from '../../../shared/ingest/containers/types';
import type { GzipInflater } from '../../../shared/ingest/containers/gzip';
import type { Sha256Factory } from '../../../shared/ingest/hash';
import { DEFAULT_LIMITS, type IngestLimits } from '../../../shared/ingest/limits';

export const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
export const fileBytes = (p: string) => new Uint8Array(readFileSync(p));

export interface WalkedEntry { path: string; name: string; parentRef?: number; text: string; error?: string }

/** Walks the items as the pipeline does, reading every entry to its end. */
export async function walk(items: InputItem[], limits: Partial<IngestLimits> = {}, sha256?: Sha256Factory, gunzip?: GzipInflater) {
  const nodes: WalkNode[] = [];
  const entries: WalkedEntry[] = [];
  for await (const node of walkInputs(items, { limits: { ...DEFAULT_LIMITS, ...limits }, sha256, gunzip })) {
    nodes.push(node);
    if (node.type === 'entry') {
      const e: WalkedEntry = { path: node.path, name: node.name, parentRef: node.parentRef, text: '' };
      try {
        const parts: Uint8Array[] = [];
        for await (const c of node.open() as unknown as AsyncIterable<Uint8Array>) parts.push(c);
        e.text = Buffer.concat(parts).toString('utf8');
      } catch (err) {
        e.error = err instanceof Error ? err.message : String(err);
      }
      entries.push(e);
    }
  }
  // A container's hash settles after the walk has gone on; the tests read it settled.
  const closes = new Map(await Promise.all(nodes.filter((n) => n.type === 'container-close').map(async (n) => [n.ref, { ...n, sha256: await n.sha256 }] as const)));
  const containers = nodes.filter((n) => n.type === 'container-open').map((n) => ({ ...n, close: closes.get(n.ref) }));
  const failures = nodes.filter((n) => n.type === 'failure');
  return { nodes, entries, containers, failures };
}

export const src = (name: string, bytes: Uint8Array | string) => bytesSource(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
