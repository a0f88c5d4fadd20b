import type { DetectionCategory, DetectionHit } from '../../detect';
import type { QueryEngine } from '../engine';
import { materialized } from './materialize';
import { PairSet } from './pair-set';
import { segmentDenied, segmentHits, segmentPathHashes } from './segment-lookups';

/** One part of a suspect's score, shown to the responder so the ranking can be argued with. */
export interface ScorePart {
  id: 'exploit' | 'scanner' | 'scanning' | 'rate' | 'exfil' | 'denied';
  label: string;
  points: number;
  detail: string;
}

export interface Suspect {
  address: string;
  score: number;
  parts: ScorePart[];
  events: number;
  firstTs: number;
  lastTs: number;
  sourceIds: number[];
  httpRequests: number;
  distinctPaths: number;
  /** Share of its HTTP requests answered 4xx. */
  clientErrorShare: number;
  notFound: number;
  /** Requests matching at least one web-exploit rule. */
  exploitRequests: number;
  /** Rule id → requests, most frequent first. */
  rules: Array<{ ruleId: string; name: string; category: DetectionCategory; requests: number }>;
  scannerRequests: number;
  /** Most events from it in one minute of one source. */
  peakPerMinute: number;
  bytesOut: number;
  bytesIn: number;
  denied: number;
}

const MINUTE = 60_000;
const DISTINCT_CAP = 10_000;
/** Addresses returned at most; the rest of the case is a long tail of quiet clients. */
const SUSPECTS_LIMIT = 250;

/**
 * External addresses ranked by how suspicious their activity is. One pass over every segment
 * gathers, per address: HTTP requests, distinct paths, 4xx/404 answers, web-exploit and scanner
 * hits, denied connections and its busiest minute; bytes and first/last seen come from the
 * address table the writer keeps. Internal addresses are never suspects.
 */
export function suspects(engine: QueryEngine): Promise<Suspect[]> {
  return materialized(engine, 'suspects@1', () => computeSuspects(engine));
}

async function computeSuspects(engine: QueryEngine): Promise<Suspect[]> {
  const table = await engine.addresses();
  const n = table.size;
  const requests = new Uint32Array(n);
  const clientErrors = new Uint32Array(n);
  const notFound = new Uint32Array(n);
  const exploit = new Uint32Array(n);
  const scanner = new Uint32Array(n);
  const denied = new Uint32Array(n);
  const peak = new Uint32Array(n);
  const curMinute = new Float64Array(n);
  const curCount = new Uint32Array(n);
  // Distinct (address, path) pairs in one set: one add per request, no set per address.
  const pairs = new PairSet();
  const distinct = new Uint32Array(n);
  const rules = new Map<number, Map<string, { hit: DetectionHit; requests: number }>>();
  const sources = new Map<number, Set<number>>();
  const internal = table.internal;

  await engine.forEachSegment({}, (seg) => {
    const count = seg.cols.count;
    for (const a of seg.info.addrIds) {
      if (internal[a] === 1) continue;
      let set = sources.get(a);
      if (!set) sources.set(a, (set = new Set()));
      set.add(seg.info.sourceId);
    }
    const ts = seg.ts;
    const src = seg.src;
    const dst = seg.dst;
    const hasUrl = seg.has('str', 'url');
    const url = hasUrl ? seg.str('url') : null;
    const urlHits = hasUrl ? segmentHits(seg, 'url') : null;
    const uaHits = seg.has('str', 'ua') ? segmentHits(seg, 'ua') : null;
    const ua = uaHits ? seg.str('ua') : null;
    const pathHash = hasUrl ? segmentPathHashes(seg) : null;
    const status = seg.has('num', 'status') ? seg.num('status') : null;
    const action = seg.has('str', 'action') ? seg.str('action') : null;
    const deniedIdx = action ? segmentDenied(seg) : null;
    for (let r = 0; r < count; r++) {
      const s = src[r]!;
      const d = dst[r]!;
      // The external party of the event: the client of our server, or the peer we talked to.
      const a = s > 0 && internal[s] !== 1 ? s : d > 0 && internal[d] !== 1 ? d : 0;
      if (a === 0) continue;
      const minute = Math.floor(ts[r]! / MINUTE);
      if (curMinute[a] !== minute) {
        curMinute[a] = minute;
        curCount[a] = 0;
      }
      if (++curCount[a]! > peak[a]!) peak[a] = curCount[a]!;
      if (deniedIdx && deniedIdx[action![r]!] === 1) denied[a]!++;
      if (!url || a !== s) continue;
      const u = url[r]!;
      if (u === 0) continue;
      requests[a]!++;
      const st = status ? status[r]! : NaN;
      if (st >= 400 && st < 500) {
        clientErrors[a]!++;
        if (st === 404) notFound[a]!++;
      }
      if (distinct[a]! < DISTINCT_CAP) {
        if (pairs.add(a, pathHash![u]!)) distinct[a]!++;
      }
      const uh = urlHits![u]!;
      const ah = ua ? uaHits![ua[r]!]! : uh;
      if (uh.length > 0 || (ua && ah.length > 0)) {
        let perRule = rules.get(a);
        if (!perRule) rules.set(a, (perRule = new Map()));
        let isExploit = false;
        let isScanner = false;
        for (const list of ua ? [uh, ah] : [uh]) {
          for (const h of list) {
            if (h.category === 'scanner-ua') isScanner = true;
            else isExploit = true;
            const e = perRule.get(h.ruleId);
            if (e) e.requests++;
            else perRule.set(h.ruleId, { hit: h, requests: 1 });
          }
        }
        if (isExploit) exploit[a]!++;
        if (isScanner) scanner[a]!++;
      }
    }
  });

  // What an ordinary external address receives: data sent to an address only counts as a
  // signal well above that (every visitor of a web site "receives data").
  const typicalOut = median(table.rows.filter((r) => r.internal !== 1 && r.bytesOut > 0).map((r) => r.bytesOut));
  const out: Suspect[] = [];
  for (const row of table.rows) {
    if (row.internal === 1) continue;
    const a = row.id;
    const reqs = requests[a]!;
    const suspect: Suspect = {
      address: row.ip,
      score: 0,
      parts: [],
      events: row.events,
      firstTs: row.firstTs,
      lastTs: row.lastTs,
      sourceIds: [...(sources.get(a) ?? [])].sort((x, y) => x - y),
      httpRequests: reqs,
      distinctPaths: distinct[a]!,
      clientErrorShare: reqs > 0 ? clientErrors[a]! / reqs : 0,
      notFound: notFound[a]!,
      exploitRequests: exploit[a]!,
      rules: [...(rules.get(a)?.values() ?? [])]
        .map(({ hit, requests: c }) => ({ ruleId: hit.ruleId, name: hit.name, category: hit.category, requests: c }))
        .sort((x, y) => y.requests - x.requests),
      scannerRequests: scanner[a]!,
      peakPerMinute: peak[a]!,
      bytesOut: row.bytesOut,
      bytesIn: row.bytesIn,
      denied: denied[a]!,
    };
    suspect.parts = scoreParts(suspect, typicalOut);
    suspect.score = Math.round(suspect.parts.reduce((sum, p) => sum + p.points, 0));
    out.push(suspect);
  }
  out.sort((x, y) => y.score - x.score || y.events - x.events || y.bytesOut - x.bytesOut || (x.address < y.address ? -1 : 1));
  return out.slice(0, SUSPECTS_LIMIT);
}

const MB = 1_000_000;

/**
 * The score, part by part. Weights reflect how strongly each signal points at an attack:
 * exploit attempts and data leaving dominate; scanning, scanner tools, request bursts and
 * refused connections add context. Each part is capped so no single noisy signal (a busy
 * crawler's request rate, say) can outrank an address that attacked and took data.
 */
export function scoreParts(s: Omit<Suspect, 'score' | 'parts'>, typicalOut: number): ScorePart[] {
  const parts: ScorePart[] = [];
  if (s.exploitRequests > 0) {
    const top = s.rules.filter((r) => r.category !== 'scanner-ua').slice(0, 3).map((r) => r.name).join(', ');
    parts.push({
      id: 'exploit', label: 'Web-exploit attempts',
      points: Math.min(40, 15 + 5 * Math.log2(1 + s.exploitRequests)),
      detail: `${s.exploitRequests} request${s.exploitRequests === 1 ? '' : 's'} matched exploit rules (${top})`,
    });
  }
  if (s.scannerRequests > 0) {
    parts.push({
      id: 'scanner', label: 'Scanner tool',
      points: 10,
      detail: `${s.scannerRequests} request${s.scannerRequests === 1 ? '' : 's'} with a scanner user agent`,
    });
  }
  if (s.httpRequests >= 10 && s.distinctPaths >= 10 && s.clientErrorShare >= 0.2) {
    parts.push({
      id: 'scanning', label: 'Scanning',
      points: Math.min(20, s.clientErrorShare * 15 + Math.min(5, s.distinctPaths / 20)),
      detail: `${s.distinctPaths} distinct paths, ${Math.round(s.clientErrorShare * 100)}% answered 4xx (${s.notFound} not found)`,
    });
  }
  if (s.peakPerMinute >= 60) {
    parts.push({
      id: 'rate', label: 'Request bursts',
      points: Math.min(8, 2 * Math.log2(s.peakPerMinute / 30)),
      detail: `up to ${s.peakPerMinute} events in one minute`,
    });
  }
  // Ten times what a typical external address receives, and at least a megabyte.
  const exfilFloor = Math.max(MB, 10 * typicalOut);
  if (s.bytesOut >= exfilFloor) {
    const times = typicalOut > 0 ? s.bytesOut / typicalOut : Infinity;
    parts.push({
      id: 'exfil', label: 'Data sent to it',
      points: Math.min(30, 10 + 8 * Math.log10(s.bytesOut / exfilFloor)),
      detail: `${(s.bytesOut / 1_048_576).toFixed(1)} MiB left the network to this address${Number.isFinite(times) ? ` (${Math.round(times)}× a typical address)` : ''}`,
    });
  }
  if (s.denied > 0) {
    parts.push({
      id: 'denied', label: 'Denied connections',
      points: Math.min(10, 2 + 2 * Math.log2(s.denied)),
      detail: `${s.denied} connection${s.denied === 1 ? '' : 's'} refused by a firewall or security group`,
    });
  }
  for (const p of parts) p.points = Math.round(p.points * 10) / 10;
  return parts;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
