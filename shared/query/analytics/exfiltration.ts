import { EVENT_KINDS, type EventKind } from '../../model/event';
import { direction, NO_DIRECTION, OUTBOUND } from '../../net/direction';
import { eventId } from '../../store/segment';
import type { QueryEngine } from '../engine';
import { bucketSize, bucketStart } from './buckets';
import { caseSpan } from './histogram';
import { materialized } from './materialize';
import { suspects } from './suspects';

export interface ExfilDestination {
  address: string;
  bytesOut: number;
  bytesIn: number;
  events: number;
  firstTs: number;
  lastTs: number;
}

export interface ExfilTransfer {
  eventId: number;
  ts: number;
  kind: EventKind;
  /** The internal side that sent the bytes ('' when the record names only the client). */
  internal: string;
  external: string;
  bytes: number;
  url?: string;
  sourceId: number;
}

export interface Exfiltration {
  totalOut: number;
  totalIn: number;
  destinations: ExfilDestination[];
  /** The destinations charted one by one (largest first); the rest are summed as "other". */
  charted: string[];
  bucketMs: number;
  /** Bytes out per bucket: `values[i]` for `charted[i]`, then everything else. */
  series: Array<{ t: number; values: number[]; other: number }>;
  /** Running totals per charted destination at the end of each bucket. */
  cumulative: Array<{ t: number; values: number[]; other: number }>;
  largest: ExfilTransfer[];
  baseline: ExfilBaseline | null;
}

/** Outbound volume before the first suspicious event against the volume after it. */
export interface ExfilBaseline {
  pivotTs: number;
  pivotReason: string;
  beforeBytes: number;
  afterBytes: number;
  beforeHours: number;
  afterHours: number;
  beforePerHour: number;
  afterPerHour: number;
}

const CHARTED = 5;
const DESTINATIONS = 25;
const LARGEST = 15;

/**
 * Bytes that left the network: per external destination over time (from the rollups, which
 * the writer keeps per minute and per external peer), the largest single transfers (a scan),
 * and the baseline comparison around the top suspect's first event.
 */
export function exfiltration(engine: QueryEngine, maxBuckets = 120): Promise<Exfiltration> {
  return materialized(engine, `exfiltration@1:${maxBuckets}`, () => compute(engine, maxBuckets));
}

async function compute(engine: QueryEngine, maxBuckets: number): Promise<Exfiltration> {
  const table = await engine.addresses();
  const span = await caseSpan(engine);
  // External addresses that received data, largest first: the table lists 25, the chart 5.
  const receivers = table.rows.filter((r) => r.internal === 0 && r.bytesOut > 0).sort((a, b) => b.bytesOut - a.bytesOut);
  const destinations = receivers.slice(0, DESTINATIONS)
    .map((r) => ({ address: r.ip, bytesOut: r.bytesOut, bytesIn: r.bytesIn, events: r.events, firstTs: r.firstTs, lastTs: r.lastTs }));
  const chartedIds = receivers.slice(0, CHARTED).map((r) => r.id);
  const slot = new Map(chartedIds.map((id, i) => [id, i]));
  const empty: Exfiltration = {
    totalOut: 0, totalIn: 0, destinations, charted: chartedIds.map((id) => table.ip[id]!), bucketMs: 60_000,
    series: [], cumulative: [], largest: [], baseline: null,
  };
  if (!span) return empty;

  const bucketMs = bucketSize(span.to - span.from, maxBuckets, 60_000);
  const first = bucketStart(span.from, bucketMs);
  const n = Math.max(1, Math.ceil((span.to - first) / bucketMs));
  const values = new Float64Array(n * (CHARTED + 1));
  let totalOut = 0, totalIn = 0;
  const minuteOut: Array<[number, number]> = [];
  for (const row of await engine.rollups(bucketStart(span.from, 60_000), span.to)) {
    totalOut += row.bytesOut;
    totalIn += row.bytesIn;
    minuteOut.push([row.minute, row.bytesOut]);
    const b = Math.floor((row.minute - first) / bucketMs);
    if (b < 0 || b >= n) continue;
    for (let i = 0; i < row.peerIds.length; i++) {
      const out = row.peerOut[i]!;
      if (out === 0) continue;
      const s = slot.get(row.peerIds[i]!);
      values[b * (CHARTED + 1) + (s ?? CHARTED)]! += out;
    }
  }
  const k = chartedIds.length;
  const series: Exfiltration['series'] = [];
  const cumulative: Exfiltration['cumulative'] = [];
  const running = new Float64Array(CHARTED + 1);
  for (let b = 0; b < n; b++) {
    const row = values.subarray(b * (CHARTED + 1), (b + 1) * (CHARTED + 1));
    for (let i = 0; i <= CHARTED; i++) running[i]! += row[i]!;
    const t = first + b * bucketMs;
    series.push({ t, values: Array.from(row.subarray(0, k)), other: row[CHARTED]! });
    cumulative.push({ t, values: Array.from(running.subarray(0, k)), other: running[CHARTED]! });
  }

  return {
    totalOut, totalIn, destinations, charted: chartedIds.map((id) => table.ip[id]!), bucketMs, series, cumulative,
    largest: await largestTransfers(engine),
    baseline: await baseline(engine, minuteOut, span),
  };
}

/** The single events that carried the most bytes out, by the same direction rule as the rollups. */
async function largestTransfers(engine: QueryEngine): Promise<ExfilTransfer[]> {
  const table = await engine.addresses();
  const internal = table.internal;
  const top: Array<{ bytes: number; seg: number; row: number; dir: number; s: number; d: number; ts: number; kind: number; url: string | undefined; sourceId: number }> = [];
  let floor = 0;
  await engine.forEachSegment({}, (seg) => {
    const src = seg.src, dst = seg.dst, ts = seg.ts, kind = seg.kind;
    const orig = seg.num('origBytes'), resp = seg.num('respBytes');
    const url = seg.str('url');
    for (let r = 0; r < seg.cols.count; r++) {
      const s = src[r]!, d = dst[r]!;
      if (s === d) continue;
      // Absent address columns decode as NaN: a missing side is our own server (see direction.ts).
      const dir = direction(!(s > 0) || internal[s] === 1, !(d > 0) || internal[d] === 1);
      if (dir === NO_DIRECTION) continue;
      const raw = dir === OUTBOUND ? orig[r]! : resp[r]!;
      if (!(raw > floor) && top.length >= LARGEST) continue;
      if (!(raw > 0)) continue;
      top.push({
        bytes: raw, seg: seg.info.id, row: r, dir, s, d, ts: ts[r]!, kind: kind[r]!,
        url: url[r]! > 0 ? seg.cols.strings[url[r]!] : undefined, sourceId: seg.info.sourceId,
      });
      if (top.length > LARGEST * 4) {
        top.sort((a, b) => b.bytes - a.bytes);
        top.length = LARGEST;
        floor = top[LARGEST - 1]!.bytes;
      }
    }
  });
  top.sort((a, b) => b.bytes - a.bytes || a.ts - b.ts);
  return top.slice(0, LARGEST).map((t) => {
    const internalSide = t.dir === OUTBOUND ? t.s : t.d;
    const externalSide = t.dir === OUTBOUND ? t.d : t.s;
    const out: ExfilTransfer = {
      eventId: eventId(t.seg, t.row), ts: t.ts, kind: EVENT_KINDS[t.kind] ?? 'other',
      internal: internalSide > 0 ? table.ip[internalSide]! : '', external: table.ip[externalSide]!,
      bytes: t.bytes, sourceId: t.sourceId,
    };
    if (t.url !== undefined) out.url = t.url;
    return out;
  });
}

async function baseline(engine: QueryEngine, minuteOut: Array<[number, number]>, span: { from: number; to: number }): Promise<ExfilBaseline | null> {
  const top = (await suspects(engine))[0];
  if (!top || top.score <= 0 || !(top.firstTs > span.from)) return null;
  const pivotTs = top.firstTs;
  let beforeBytes = 0, afterBytes = 0;
  for (const [minute, out] of minuteOut) {
    if (minute + 60_000 <= pivotTs) beforeBytes += out;
    else afterBytes += out;
  }
  const beforeHours = Math.max(1 / 60, (pivotTs - span.from) / 3_600_000);
  const afterHours = Math.max(1 / 60, (span.to - pivotTs) / 3_600_000);
  return {
    pivotTs,
    pivotReason: `first event of ${top.address}, the top suspect`,
    beforeBytes, afterBytes, beforeHours, afterHours,
    beforePerHour: beforeBytes / beforeHours,
    afterPerHour: afterBytes / afterHours,
  };
}
