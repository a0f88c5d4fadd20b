import type { KeptItem } from '../contract/workers';
import { blobSource, type InputItem } from './bytes';

/** A kept item read again as the walk reads picked items. */
export function keptInput(kept: KeptItem): InputItem {
  if (kept.kind === 'file') return blobSource(kept.name, kept.blob);
  const files = kept.files;
  return {
    kind: 'folder',
    name: kept.name,
    async *entries() {
      for (const f of files) yield { relativePath: f.relativePath, source: blobSource(f.name, f.blob) };
    },
  };
}

/** The key a kept item is stored under: its import and its place among the picked items. */
export function keptItemKey(importId: string, index: number): string {
  return `${importId}/${index}`;
}

/** A folder's files in the order an import reads them (and numbers its sources). */
export function inWalkOrder<T extends { relativePath: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
}
