import { describe, expect, test } from 'vitest';
import { SegmentBuilder } from '../../../shared/ingest/segment-builder';
import { packSegment } from '../../../shared/ingest/segment-pack';
import { AddressClassifier } from '../../../shared/net/address';
import { direction, NO_DIRECTION, OUTBOUND } from '../../../shared/net/direction';
import { EVENT_KINDS, type EventKind, type ParsedEvent } from '../../../shared/model/event';

const MINUTE = 60_000;
const INTERNAL = ['10.0.1.20', '10.0.1.21', '10.0.2.15'];
const EXTERNAL = Array.from({ length: 40 }, (_, i) => `203.0.113.${i + 1}`);

/** A deterministic mix of access-log rows (client only) and flows both ways, some without bytes. */
function events(n: number, backSteps: boolean): ParsedEvent[] {
  let seed = 7;
  const rnd = () => { seed = (seed * 1_103_515_245 + 12_345) >>> 0; return seed / 2 ** 32; };
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const out: ParsedEvent[] = [];
  let ts = Date.UTC(2026, 2, 12, 10, 0, 0);
  for (let i = 0; i < n; i++) {
    ts += Math.floor(rnd() * 900);
    // A log that is not quite in time order: now and then a row from minutes before.
    const at = backSteps && rnd() < 0.05 ? ts - Math.floor(rnd() * 5) * MINUTE : ts;
    const shape = rnd();
    const bytes = () => (rnd() < 0.1 ? undefined : Math.floor(rnd() * 100_000));
    const kind: EventKind = shape < 0.5 ? 'http' : 'flow';
    const e: ParsedEvent = { ts: at, kind, fields: {} };
    if (shape < 0.5) e.src = pick(EXTERNAL);
    else if (shape < 0.75) { e.src = pick(INTERNAL); e.dst = pick(rnd() < 0.8 ? EXTERNAL : INTERNAL); }
    else { e.src = pick(EXTERNAL); e.dst = pick(INTERNAL); }
    const orig = bytes();
    const resp = bytes();
    if (orig !== undefined) e.origBytes = orig;
    if (resp !== undefined) e.respBytes = resp;
    out.push(e);
  }
  return out;
}

interface Totals { count: number; out: number; in: number }

/** The rollups worked out row by row, the plain way: what packing must agree with. */
function reference(list: ParsedEvent[]) {
  const internal = (ip: string | undefined) => ip === undefined || INTERNAL.includes(ip);
  const minutes = new Map<number, { kinds: number[]; out: number; in: number }>();
  const peers = new Map<string, Totals>();
  for (const e of list) {
    const minute = Math.floor(e.ts / MINUTE) * MINUTE;
    let m = minutes.get(minute);
    if (!m) { m = { kinds: EVENT_KINDS.map(() => 0), out: 0, in: 0 }; minutes.set(minute, m); }
    m.kinds[EVENT_KINDS.indexOf(e.kind)]! += 1;
    if (e.src === e.dst) continue;
    const dir = direction(internal(e.src), internal(e.dst));
    if (dir === NO_DIRECTION) continue;
    const outbound = dir === OUTBOUND;
    const peer = (outbound ? e.dst : e.src)!;
    const out = (outbound ? e.origBytes : e.respBytes) ?? 0;
    const inn = (outbound ? e.respBytes : e.origBytes) ?? 0;
    m.out += out;
    m.in += inn;
    const key = `${minute}|${peer}`;
    const p = peers.get(key) ?? { count: 0, out: 0, in: 0 };
    peers.set(key, { count: p.count + 1, out: p.out + out, in: p.in + inn });
  }
  return { minutes, peers };
}

function packed(list: ParsedEvent[]) {
  const b = new SegmentBuilder();
  list.forEach((e, i) => b.addEvent(e, i + 1, ''));
  const seg = packSegment(b.seal(), new AddressClassifier());
  const r = seg.rollup;
  const minutes = new Map<number, { kinds: number[]; out: number; in: number }>();
  r.minutes.forEach((minute, m) => minutes.set(minute, {
    kinds: Array.from(r.kindCounts.subarray(m * EVENT_KINDS.length, (m + 1) * EVENT_KINDS.length)),
    out: r.bytesOut[m]!,
    in: r.bytesIn[m]!,
  }));
  const peers = new Map<string, Totals>();
  for (let p = 0; p < r.peerMinute.length; p++) {
    const key = `${r.minutes[r.peerMinute[p]!]}|${seg.addrs[r.peerAddr[p]!]}`;
    // One entry per (minute, peer): a second would be a split total.
    expect(peers.has(key)).toBe(false);
    peers.set(key, { count: r.peerCount[p]!, out: r.peerOut[p]!, in: r.peerIn[p]! });
  }
  return { minutes, peers, count: seg.columns.count };
}

describe('per-minute rollups of a segment', () => {
  test.each([
    ['rows in time order', false],
    ['rows now and then minutes behind', true],
  ])('agree with totals worked out row by row: %s', (_name, backSteps) => {
    const list = events(5_000, backSteps);
    const got = packed(list);
    const want = reference(list);
    expect(got.count).toBe(list.length);
    expect(got.minutes).toEqual(want.minutes);
    expect(got.peers).toEqual(want.peers);
    // The case is busy enough to mean something: many minutes, many peers in each.
    expect(want.minutes.size).toBeGreaterThan(30);
    expect(want.peers.size).toBeGreaterThan(500);
  });
});
