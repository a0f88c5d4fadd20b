import { EVENT_KINDS } from '../../model/event';
import type { QueryEngine } from '../engine';
import type { EventFilter } from '../types';
import { bucketSize, bucketStart } from './buckets';

export interface HistogramBucket {
  t: number;
  /** Events per kind, indexed like EVENT_KINDS. */
  counts: number[];
  total: number;
}

export interface Histogram {
  from: number;
  to: number;
  bucketMs: number;
  /** Where the counts came from: the per-minute rollups, or a scan of the matching events. */
  basis: 'rollups' | 'events';
  buckets: HistogramBucket[];
  total: number;
}

const MINUTE = 60_000;

/** The time span the case covers, from the segments' zone maps; undefined for an empty case. */
export async function caseSpan(engine: QueryEngine): Promise<{ from: number; to: number } | undefined> {
  const infos = await engine.segmentInfos();
  if (infos.length === 0) return undefined;
  let from = Infinity, to = -Infinity;
  for (const s of infos) {
    if (s.tsMin < from) from = s.tsMin;
    if (s.tsMax > to) to = s.tsMax;
  }
  return { from, to: to + 1 };
}

/**
 * Event counts over time, stacked by kind. Whole minutes with no filter but time come from the
 * rollups (thousands of rows, whatever the case size); finer zooms and filtered views count the
 * matching events themselves, which the zone maps keep to the segments in range.
 */
export async function histogram(
  engine: QueryEngine,
  filter: EventFilter,
  maxBuckets = 160,
  /** A fixed bucket width, so several histograms (swimlanes) line up with one another. */
  fixedBucketMs?: number,
): Promise<Histogram> {
  const span = await caseSpan(engine);
  const from = filter.from ?? span?.from ?? 0;
  const to = filter.to ?? span?.to ?? from + MINUTE;
  const key = `histogram:${maxBuckets}:${fixedBucketMs ?? ''}:${JSON.stringify({ ...filter, from, to })}`;
  return engine.memo(key, () => compute(engine, { ...filter, from, to }, from, to, maxBuckets, fixedBucketMs));
}

async function compute(
  engine: QueryEngine, filter: EventFilter, from: number, to: number, maxBuckets: number, fixedBucketMs: number | undefined,
): Promise<Histogram> {
  const fine = fixedBucketMs ?? bucketSize(to - from, maxBuckets);
  const filtered = Object.entries(filter).some(([k, v]) => k !== 'from' && k !== 'to' && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  // Rollups hold whole minutes: usable when buckets are whole minutes and nothing but time filters.
  const useRollups = !filtered && fine >= MINUTE && (fixedBucketMs === undefined || fixedBucketMs % MINUTE === 0);
  const bucketMs = fixedBucketMs ?? (useRollups ? bucketSize(to - from, maxBuckets, MINUTE) : fine);
  const first = bucketStart(from, bucketMs);
  const n = Math.max(1, Math.ceil((to - first) / bucketMs));
  const nk = EVENT_KINDS.length;
  const counts = new Float64Array(n * nk);
  if (useRollups) {
    for (const row of await engine.rollups(bucketStart(from, MINUTE), to)) {
      const b = Math.floor((row.minute - first) / bucketMs);
      if (b < 0 || b >= n) continue;
      for (let k = 0; k < nk; k++) counts[b * nk + k]! += row.kindCounts[k] ?? 0;
    }
  } else {
    await engine.forEachSegment(filter, (seg, pred) => {
      const ts = seg.ts, kind = seg.kind;
      for (let r = 0; r < seg.cols.count; r++) {
        if (pred && !pred(r)) continue;
        const b = Math.floor((ts[r]! - first) / bucketMs);
        if (b >= 0 && b < n) counts[b * nk + kind[r]!]!++;
      }
    });
  }
  const buckets: HistogramBucket[] = [];
  let total = 0;
  for (let b = 0; b < n; b++) {
    const c = Array.from(counts.subarray(b * nk, (b + 1) * nk));
    const sum = c.reduce((x, y) => x + y, 0);
    total += sum;
    buckets.push({ t: first + b * bucketMs, counts: c, total: sum });
  }
  return { from, to, bucketMs, basis: useRollups ? 'rollups' : 'events', buckets, total };
}
