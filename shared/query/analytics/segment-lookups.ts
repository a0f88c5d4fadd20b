import { detectInText, type DetectionHit } from '../../detect';
import type { LoadedSegment } from '../engine';

/**
 * Lookups over a segment's string dictionary, computed once per segment and kept on it: a
 * dictionary holds each distinct URL or user agent once, so detection runs per distinct string,
 * not per event.
 */

const NO_HITS: readonly DetectionHit[] = [];
/** Detection results by field and text, shared across segments and cases (bounded). */
const hitCache = new Map<string, readonly DetectionHit[]>();
const HIT_CACHE_LIMIT = 200_000;

export function hitsForText(field: 'url' | 'ua', text: string): readonly DetectionHit[] {
  const key = field === 'url' ? `u${text}` : `a${text}`;
  let hits = hitCache.get(key);
  if (hits === undefined) {
    const found = detectInText(field, text);
    hits = found.length === 0 ? NO_HITS : found;
    if (hitCache.size >= HIT_CACHE_LIMIT) hitCache.clear();
    hitCache.set(key, hits);
  }
  return hits;
}

/** For each dictionary index: the detection hits of that string used as `field` (shared empty array when none). */
export function segmentHits(seg: LoadedSegment, field: 'url' | 'ua'): ReadonlyArray<readonly DetectionHit[]> {
  const key = `hits.${field}`;
  let table = seg.derived.get(key) as Array<readonly DetectionHit[]> | undefined;
  if (!table) {
    const strings = seg.cols.strings;
    table = new Array<readonly DetectionHit[]>(strings.length).fill(NO_HITS);
    if (seg.has('str', field)) {
      // Only strings the column actually uses: a segment's dictionary is shared by all its columns.
      const col = seg.str(field);
      const seen = new Uint8Array(strings.length);
      for (let r = 0; r < seg.cols.count; r++) {
        const v = col[r]!;
        if (v > 0 && seen[v] === 0) {
          seen[v] = 1;
          table[v] = hitsForText(field, strings[v]!);
        }
      }
    }
    seg.derived.set(key, table);
  }
  return table;
}

const DENIED = /^(deny|denied|drop|dropped|reject|rejected|block|blocked|refuse|refused|reset)$/i;

/** Whether a firewall/flow action text means the connection was refused. */
export function isDeniedAction(action: string): boolean {
  return DENIED.test(action.trim());
}

/** For each dictionary index: 1 when the string, as an action, means denied. */
export function segmentDenied(seg: LoadedSegment): Uint8Array {
  let table = seg.derived.get('denied') as Uint8Array | undefined;
  if (!table) {
    const strings = seg.cols.strings;
    table = new Uint8Array(strings.length);
    for (let i = 1; i < strings.length; i++) if (isDeniedAction(strings[i]!)) table[i] = 1;
    seg.derived.set('denied', table);
  }
  return table;
}

/** 32-bit FNV-1a of a string: distinct-path counting without keeping the paths. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** For each dictionary index: the hash of the string up to any `?` (a URL's path). */
export function segmentPathHashes(seg: LoadedSegment): Uint32Array {
  let table = seg.derived.get('pathHash') as Uint32Array | undefined;
  if (!table) {
    const strings = seg.cols.strings;
    table = new Uint32Array(strings.length);
    for (let i = 1; i < strings.length; i++) {
      const s = strings[i]!;
      const q = s.indexOf('?');
      table[i] = hash32(q < 0 ? s : s.slice(0, q));
    }
    seg.derived.set('pathHash', table);
  }
  return table;
}
