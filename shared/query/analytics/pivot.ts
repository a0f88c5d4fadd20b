import type { DetectionCategory } from '../../detect';
import { EVENT_KINDS, type EventKind } from '../../model/event';
import ipaddr from 'ipaddr.js';
import { canonicalAddress } from '../../net/address';
import { eventId } from '../../store/segment';
import type { QueryEngine } from '../engine';
import { bucketSize } from './buckets';
import { segmentHits } from './segment-lookups';

export interface PivotDetection {
  eventId: number;
  ts: number;
  method?: string;
  url: string;
  status?: number;
  rules: Array<{ ruleId: string; name: string; category: DetectionCategory; field: string; matched: string }>;
}

export interface PivotPath {
  method: string;
  url: string;
  status: number | null;
  requests: number;
  firstTs: number;
  ruleIds: string[];
}

export interface AddressPivot {
  address: string;
  known: boolean;
  internal: boolean;
  events: number;
  firstTs: number;
  lastTs: number;
  byKind: Partial<Record<EventKind, number>>;
  bySource: Array<{ sourceId: number; events: number }>;
  /** Bytes it sent (as initiator: orig; as responder: resp) and received. */
  bytesSent: number;
  bytesReceived: number;
  /** Bytes that left our network to it (external peers only). */
  bytesLeftTo: number;
  ports: Array<{ port: number; role: 'connected-to' | 'served'; events: number }>;
  peers: Array<{ address: string; events: number; bytesTo: number; bytesFrom: number }>;
  userAgents: Array<{ ua: string; events: number }>;
  paths: PivotPath[];
  pathsTotal: number;
  /** Requests that matched a web-exploit rule (scanner user agents are counted apart). */
  detections: PivotDetection[];
  detectionsTotal: number;
  /** Scanner tools named by its user agents, with their request counts. */
  scanners: Array<{ ruleId: string; name: string; requests: number }>;
  activity: { bucketMs: number; points: Array<{ t: number; events: number }> };
}

const TOP = 25;
const PATHS_LIMIT = 300;
const DETECTIONS_LIMIT = 500;

/** Everything one address did, from the segments that hold it (the address zone map). */
export function addressPivot(engine: QueryEngine, ip: string): Promise<AddressPivot> {
  const address = canonicalAddress(ip) ?? ip;
  return engine.memo(`pivot:${address}`, () => computePivot(engine, address));
}

async function computePivot(engine: QueryEngine, address: string): Promise<AddressPivot> {
  const table = await engine.addresses();
  const id = await engine.store.addressId(address);
  const summary = id === undefined ? undefined : table.byId.get(id);
  const result: AddressPivot = {
    address, known: summary !== undefined, internal: summary?.internal === 1,
    events: 0, firstTs: summary?.firstTs ?? NaN, lastTs: summary?.lastTs ?? NaN,
    byKind: {}, bySource: [], bytesSent: 0, bytesReceived: 0, bytesLeftTo: summary?.bytesOut ?? 0,
    ports: [], peers: [], userAgents: [], paths: [], pathsTotal: 0, detections: [], detectionsTotal: 0, scanners: [],
    activity: { bucketMs: 60_000, points: [] },
  };
  if (id === undefined || !summary) return result;

  const kinds = new Uint32Array(EVENT_KINDS.length);
  const bySource = new Map<number, number>();
  // Typed accumulators indexed by port (plus 65,536 when the address was the one reached on
  // it) and by case-level address id: the busiest addresses appear in millions of rows.
  const ports = new Uint32Array(2 * 65_536);
  const peerEvents = new Uint32Array(table.size);
  const peerTo = new Float64Array(table.size);
  const peerFrom = new Float64Array(table.size);
  const uas = new Map<string, number>();
  const paths = new Map<string, PivotPath>();
  const detections: PivotDetection[] = [];
  const scanners = new Map<string, { ruleId: string; name: string; requests: number }>();
  let detectionsTotal = 0;
  let events = 0;
  let bytesSent = 0;
  let bytesReceived = 0;
  const bucketMs = bucketSize(summary.lastTs - summary.firstTs, 120);
  const firstBucket = Math.floor(summary.firstTs / bucketMs) * bucketMs;
  const activity = new Float64Array(Math.max(1, Math.floor((summary.lastTs - firstBucket) / bucketMs) + 1));

  await engine.forEachSegment({ address }, (seg, pred) => {
    const count = seg.cols.count;
    const strings = seg.cols.strings;
    const ts = seg.ts, kind = seg.kind, src = seg.src, dst = seg.dst;
    const orig = seg.num('origBytes'), resp = seg.num('respBytes');
    const dstPort = seg.num('dstPort');
    const status = seg.num('status');
    const method = seg.str('method'), url = seg.str('url'), ua = seg.str('ua');
    const urlHits = segmentHits(seg, 'url');
    const uaHits = segmentHits(seg, 'ua');
    const uaLocal = new Uint32Array(strings.length);
    // Requests of this segment by (url, method, status) as one number; folded by text below.
    const local = new Map<number, { requests: number; firstTs: number }>();
    let inSeg = 0;
    for (let r = 0; r < count; r++) {
      if (pred && !pred(r)) continue;
      inSeg++;
      const t = ts[r]!;
      kinds[kind[r]!]!++;
      const b = Math.floor((t - firstBucket) / bucketMs);
      if (b >= 0 && b < activity.length) activity[b]!++;
      const s = src[r]!, d = dst[r]!;
      const o = orig[r]! === orig[r]! ? orig[r]! : 0;
      const rb = resp[r]! === resp[r]! ? resp[r]! : 0;
      const isSrc: boolean = s === id;
      const sent = isSrc ? o : rb;
      const received = isSrc ? rb : o;
      bytesSent += sent;
      bytesReceived += received;
      const dp = dstPort[r]!;
      if (dp === dp) ports[isSrc ? dp : dp + 65_536]!++;
      const peer: number = isSrc ? d : s;
      if (peer > 0 && peer !== id) {
        peerEvents[peer]!++;
        peerTo[peer]! += sent;
        peerFrom[peer]! += received;
      }
      const uaIdx = ua[r]!;
      if (uaIdx > 0 && isSrc) uaLocal[uaIdx]!++;
      const u = url[r]!;
      if (!(u > 0) || !isSrc) continue;
      const mi = method[r]! > 0 ? method[r]! : 0;
      const st = status[r]! === status[r]! ? status[r]! : 1023;
      const key = (u * 262_144 + mi) * 1024 + st;
      const agg = local.get(key);
      if (agg) {
        agg.requests++;
        if (t < agg.firstTs) agg.firstTs = t;
      } else local.set(key, { requests: 1, firstTs: t });
      const uh = urlHits[u]!;
      const ah = uaIdx > 0 ? uaHits[uaIdx]! : uh;
      if (uh.length === 0 && (uaIdx === 0 || ah.length === 0)) continue;
      const hits = uaIdx > 0 ? [...uh, ...ah] : uh;
      for (const h of hits) {
        if (h.category !== 'scanner-ua') continue;
        const sc = scanners.get(h.ruleId);
        if (sc) sc.requests++;
        else scanners.set(h.ruleId, { ruleId: h.ruleId, name: h.name, requests: 1 });
      }
      const exploits = hits.filter((h) => h.category !== 'scanner-ua');
      if (exploits.length > 0) {
        detectionsTotal++;
        if (detections.length < DETECTIONS_LIMIT) {
          const det: PivotDetection = {
            eventId: eventId(seg.info.id, r), ts: t, url: strings[u]!,
            rules: exploits.map((h) => ({ ruleId: h.ruleId, name: h.name, category: h.category, field: h.field, matched: h.matched })),
          };
          if (mi > 0) det.method = strings[mi]!;
          if (st !== 1023) det.status = st;
          detections.push(det);
        }
      }
    }
    for (const [key, agg] of local) {
      const st = key % 1024;
      const mi = Math.floor(key / 1024) % 262_144;
      const u = Math.floor(key / 1024 / 262_144);
      const m = mi > 0 ? strings[mi]! : '';
      const text = `${m} ${strings[u]} ${st === 1023 ? '' : st}`;
      let p = paths.get(text);
      if (!p) {
        const ruleIds = new Set(urlHits[u]!.map((h) => h.ruleId));
        p = { method: m, url: strings[u]!, status: st === 1023 ? null : st, requests: 0, firstTs: agg.firstTs, ruleIds: [...ruleIds] };
        paths.set(text, p);
      }
      p.requests += agg.requests;
      if (agg.firstTs < p.firstTs) p.firstTs = agg.firstTs;
    }
    for (let i = 1; i < uaLocal.length; i++) if (uaLocal[i]! > 0) uas.set(strings[i]!, (uas.get(strings[i]!) ?? 0) + uaLocal[i]!);
    if (inSeg > 0) bySource.set(seg.info.sourceId, (bySource.get(seg.info.sourceId) ?? 0) + inSeg);
    events += inSeg;
  });

  result.events = events;
  result.bytesSent = bytesSent;
  result.bytesReceived = bytesReceived;
  const portList: AddressPivot['ports'] = [];
  for (let k = 0; k < ports.length; k++) {
    if (ports[k]! > 0) portList.push({ port: k % 65_536, role: k < 65_536 ? 'connected-to' : 'served', events: ports[k]! });
  }
  result.ports = portList.sort((a, b) => b.events - a.events).slice(0, TOP);
  const peerList: AddressPivot['peers'] = [];
  for (let a = 1; a < table.size; a++) {
    if (peerEvents[a]! > 0) peerList.push({ address: table.ip[a] || `#${a}`, events: peerEvents[a]!, bytesTo: peerTo[a]!, bytesFrom: peerFrom[a]! });
  }
  result.peers = peerList.sort((a, b) => b.bytesTo + b.bytesFrom - (a.bytesTo + a.bytesFrom) || b.events - a.events).slice(0, TOP);
  for (let k = 0; k < EVENT_KINDS.length; k++) if (kinds[k]! > 0) result.byKind[EVENT_KINDS[k]!] = kinds[k]!;
  result.bySource = [...bySource].map(([sourceId, n]) => ({ sourceId, events: n })).sort((a, b) => b.events - a.events);
  result.userAgents = [...uas].map(([ua, events]) => ({ ua, events })).sort((a, b) => b.events - a.events).slice(0, TOP);
  const allPaths = [...paths.values()];
  result.pathsTotal = allPaths.length;
  // Requests that matched a rule first, then the most requested.
  result.paths = allPaths
    .sort((a, b) => (b.ruleIds.length > 0 ? 1 : 0) - (a.ruleIds.length > 0 ? 1 : 0) || b.requests - a.requests || a.firstTs - b.firstTs)
    .slice(0, PATHS_LIMIT);
  result.detections = detections.sort((a, b) => a.ts - b.ts);
  result.detectionsTotal = detectionsTotal;
  result.scanners = [...scanners.values()].sort((a, b) => b.requests - a.requests);
  result.activity = {
    bucketMs,
    points: Array.from(activity, (events, i) => ({ t: firstBucket + i * bucketMs, events })),
  };
  return result;
}

export interface RelatedAddresses {
  /** Other clients that used one of its user agents (a rare agent shared is a strong link). */
  sameUserAgent: Array<{ address: string; ua: string; events: number }>;
  /** Other addresses of the case in the same /24 (IPv4) or /64 (IPv6). */
  sameNetwork: Array<{ address: string; events: number; internal: boolean }>;
}

/** Addresses related to one: same network block, same (uncommon) user agent. */
export function relatedAddresses(engine: QueryEngine, ip: string): Promise<RelatedAddresses> {
  const address = canonicalAddress(ip) ?? ip;
  return engine.memo(`related:${address}`, async () => {
    const table = await engine.addresses();
    const pivot = await addressPivot(engine, address);
    const block = networkBlock(address);
    const sameNetwork = table.rows
      .filter((r) => r.ip !== address && block !== null && networkBlock(r.ip) === block)
      .map((r) => ({ address: r.ip, events: r.events, internal: r.internal === 1 }))
      .sort((a, b) => b.events - a.events).slice(0, TOP);
    const wanted = new Set(pivot.userAgents.map((u) => u.ua));
    const shared = new Map<string, { address: string; ua: string; events: number }>();
    const self = await engine.store.addressId(address);
    if (wanted.size > 0) {
      await engine.forEachSegment({ kinds: ['http'] }, (seg) => {
        const strings = seg.cols.strings;
        const local = new Uint8Array(strings.length);
        let any = false;
        for (let i = 1; i < strings.length; i++) if (wanted.has(strings[i]!)) { local[i] = 1; any = true; }
        if (!any) return;
        const ua = seg.str('ua');
        const src = seg.src;
        for (let r = 0; r < seg.cols.count; r++) {
          const s = src[r]!;
          if (local[ua[r]!] !== 1 || !(s > 0) || s === self) continue;
          const key = `${s} ${ua[r]}`;
          const e = shared.get(key);
          if (e) e.events++;
          else shared.set(key, { address: table.ip[s] ?? `#${s}`, ua: strings[ua[r]!]!, events: 1 });
        }
      });
    }
    // Ubiquitous agents (a browser everyone runs) link nothing: keep agents shared by few addresses.
    const perUa = new Map<string, number>();
    for (const e of shared.values()) perUa.set(e.ua, (perUa.get(e.ua) ?? 0) + 1);
    const sameUserAgent = [...shared.values()]
      .filter((e) => perUa.get(e.ua)! <= 10)
      .sort((a, b) => b.events - a.events).slice(0, TOP);
    return { sameUserAgent, sameNetwork };
  });
}

/** The /24 of an IPv4 address or the /64 of an IPv6 address, as text; null for anything else. */
export function networkBlock(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  const addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv4') {
    const o = (addr as ipaddr.IPv4).octets;
    return `${o[0]}.${o[1]}.${o[2]}.0/24`;
  }
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
