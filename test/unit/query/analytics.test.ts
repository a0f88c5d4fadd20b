import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { DemoManifest } from '../../../shared/demo/generator';
import { bytesSource } from '../../../shared/ingest/bytes';
import type { QueryEngine } from '../../../shared/query/engine';
import { exfiltration } from '../../../shared/query/analytics/exfiltration';
import { caseSpan, histogram } from '../../../shared/query/analytics/histogram';
import { addressPivot, networkBlock, relatedAddresses } from '../../../shared/query/analytics/pivot';
import { suspects } from '../../../shared/query/analytics/suspects';
import { rederive } from '../../../shared/query/analytics/rederive';
import { AddressClassifier } from '../../../shared/net/address';
import { importIntoNewCase } from '../helpers/case-harness';
import { QueryEngine as Engine } from '../../../shared/query/engine';
import type { CaseDb } from '../../../renderer/db/schema';
import { dexieSegmentStore } from '../../../renderer/db/segment-store';

const DEMO = resolve(import.meta.dirname, '../../../renderer/public/demo');
const manifest = JSON.parse(readFileSync(resolve(DEMO, 'tidemark-demo.manifest.json'), 'utf8')) as DemoManifest;

let engine: QueryEngine;
let db: CaseDb;

beforeAll(async () => {
  const zip = new Uint8Array(readFileSync(resolve(DEMO, 'tidemark-demo.zip')));
  ({ engine, db } = await importIntoNewCase([bytesSource('tidemark-demo.zip', zip)]));
});

describe('investigation analytics on the demo case', () => {
  test('the attacker is the top suspect, with exploit, scanning and exfiltration parts; the decoy ranks below', async () => {
    const list = await suspects(engine);
    expect(list[0]!.address).toBe(manifest.attacker);
    const top = list[0]!;
    const parts = top.parts.map((p) => p.id);
    expect(parts).toEqual(expect.arrayContaining(['exploit', 'scanning', 'exfil', 'denied']));
    const exp = manifest.expected;
    const exploits = Object.values(exp.attackerExploitRequests).reduce((a, b) => a + b, 0);
    expect(top.exploitRequests).toBe(exploits);
    expect(top.httpRequests).toBe(exp.attackerHttpRequests);
    expect(top.bytesOut).toBe(exp.bytesLeftToAttacker);
    expect(top.rules.map((r) => r.category)).toEqual(expect.arrayContaining(['traversal', 'sqli', 'jndi']));
    const decoy = list.findIndex((s) => s.address === manifest.decoy);
    expect(decoy).toBeGreaterThan(0);
    expect(list[decoy]!.score).toBeLessThan(top.score);
    // Internal hosts are never suspects.
    for (const h of manifest.internalHosts) expect(list.some((s) => s.address === h)).toBe(false);
  });

  test('the attacker pivot lists its exploit requests with their rules, sources and peers', async () => {
    const p = await addressPivot(engine, manifest.attacker);
    expect(p.known).toBe(true);
    expect(p.firstTs).toBe(manifest.expected.firstAttackerEventTs);
    const exploits = Object.values(manifest.expected.attackerExploitRequests).reduce((a, b) => a + b, 0);
    expect(p.detectionsTotal).toBe(exploits);
    expect(p.detections.every((d) => d.rules.length > 0 && d.rules[0]!.matched.length > 0)).toBe(true);
    // The attack starts after the first access log rotated: the newer access log, flows and firewall.
    expect(p.bySource.length).toBe(3);
    expect(p.byKind.http).toBe(manifest.expected.attackerHttpRequests);
    expect(p.peers.map((x) => x.address)).toContain(manifest.webServer);
    expect(p.bytesLeftTo).toBe(manifest.expected.bytesLeftToAttacker);
    expect(p.paths[0]!.ruleIds.length).toBeGreaterThan(0);
    expect(p.detections.every((d) => d.rules.every((r) => r.category !== 'scanner-ua'))).toBe(true);
    expect(p.scanners.reduce((n, s) => n + s.requests, 0)).toBeGreaterThan(0);
    expect(p.activity.points.reduce((n, x) => n + x.events, 0)).toBe(p.events);
    const unknown = await addressPivot(engine, '192.0.2.254');
    expect(unknown.known).toBe(false);
    expect(unknown.events).toBe(0);
  });

  test('related addresses: the /24 block is computed for v4 and v6', async () => {
    expect(networkBlock('203.0.113.66')).toBe('203.0.113.0/24');
    expect(networkBlock('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(networkBlock('fe80::1')).toBe('fe80:0:0:0::/64');
    const r = await relatedAddresses(engine, manifest.attacker);
    expect(r.sameNetwork.every((x) => x.address.startsWith('203.0.113.'))).toBe(true);
  });

  test('the exfiltration total to the attacker equals the manifest, and it is the largest destination', async () => {
    const x = await exfiltration(engine);
    expect(x.destinations[0]!.address).toBe(manifest.attacker);
    expect(x.destinations[0]!.bytesOut).toBe(manifest.expected.bytesLeftToAttacker);
    const i = x.charted.indexOf(manifest.attacker);
    expect(i).toBe(0);
    const charted = x.series.reduce((n, b) => n + b.values[i]!, 0);
    expect(charted).toBe(manifest.expected.bytesLeftToAttacker);
    expect(x.cumulative.at(-1)!.values[i]).toBe(manifest.expected.bytesLeftToAttacker);
    const everything = x.series.reduce((n, b) => n + b.values.reduce((a, c) => a + c, 0) + b.other, 0);
    expect(everything).toBe(x.totalOut);
    expect(x.largest[0]!.external).toBe(manifest.attacker);
    // Web responses count too: an access log names only the client, so our server sent them.
    const http = x.largest.filter((t) => t.kind === 'http');
    expect(http.length).toBeGreaterThan(0);
    expect(http.every((t) => t.internal === '' && t.external === manifest.attacker)).toBe(true);
    expect(x.baseline).not.toBeNull();
    expect(x.baseline!.pivotTs).toBe(manifest.expected.firstAttackerEventTs);
    // Normal traffic already sends data out; after the attack starts, the rate more than doubles.
    expect(x.baseline!.afterPerHour).toBeGreaterThan(x.baseline!.beforePerHour * 2);
    expect(x.baseline!.beforeBytes + x.baseline!.afterBytes).toBe(x.totalOut);
  });

  test('the timeline histogram counts every event, from rollups at full range and from events when zoomed', async () => {
    const span = (await caseSpan(engine))!;
    const full = await histogram(engine, {});
    expect(full.basis).toBe('rollups');
    expect(full.total).toBe(manifest.expected.importedEvents);
    const from = manifest.expected.firstAttackerEventTs;
    const zoom = await histogram(engine, { from, to: from + 10 * 60_000 });
    expect(zoom.basis).toBe('events');
    expect(zoom.bucketMs).toBeLessThan(60_000);
    expect(zoom.total).toBe(await engine.count({ from, to: from + 10 * 60_000 }));
    expect(zoom.total).toBeLessThan(full.total);
    const hour = await histogram(engine, { from: span.from, to: span.from + 3_600_000 });
    expect(hour.total).toBe(await engine.count({ from: span.from, to: span.from + 3_600_000 }));
    const sixHours = await histogram(engine, { from: span.from, to: span.from + 6 * 3_600_000 });
    expect(sixHours.basis).toBe('rollups');
    expect(sixHours.bucketMs % 60_000).toBe(0);
    expect(sixHours.total).toBe(await engine.count({ from: span.from, to: span.from + 6 * 3_600_000 }));
    const attacker = await histogram(engine, { address: manifest.attacker });
    expect(attacker.basis).toBe('events');
    expect(attacker.total).toBe((await addressPivot(engine, manifest.attacker)).events);
  });

  test('re-deriving with the same ranges reproduces the writer; adding the attacker block makes it internal', async () => {
    const table = await engine.addresses();
    const rollups = await engine.rollups(-Infinity, Infinity);
    const same = await rederive(engine, new AddressClassifier([]));
    for (const a of same.addresses) {
      const before = table.byId.get(a.id)!;
      expect([a.internal, a.bytesOut, a.bytesIn]).toEqual([before.internal, before.bytesOut, before.bytesIn]);
    }
    // The writer stores a row per minute and source, re-deriving one per minute: the minutes agree.
    const perMinute = (rows: typeof rollups) => {
      const out = new Map<number, { out: number; kinds: number[] }>();
      for (const r of rows) {
        const m = out.get(r.minute) ?? { out: 0, kinds: Array.from(r.kindCounts, () => 0) };
        m.out += r.bytesOut;
        r.kindCounts.forEach((n, k) => { m.kinds[k]! += n; });
        out.set(r.minute, m);
      }
      return [...out].sort((a, b) => a[0] - b[0]);
    };
    expect(perMinute(same.rollups)).toEqual(perMinute(rollups));

    const moved = await rederive(engine, new AddressClassifier(['203.0.113.0/24']));
    const attacker = moved.addresses.find((a) => a.ip === manifest.attacker)!;
    expect(attacker.internal).toBe(1);
    expect(attacker.bytesOut).toBe(0);
    // Traffic between two internal sides no longer counts as leaving.
    const totalBefore = rollups.reduce((n, r) => n + r.bytesOut, 0);
    const totalAfter = moved.rollups.reduce((n, r) => n + r.bytesOut, 0);
    expect(totalAfter).toBeLessThan(totalBefore - manifest.expected.bytesLeftToAttacker + 1);
  });

  test('suspects are saved with the state of the case and read back only while that state holds', async () => {
    const first = await suspects(engine);
    const saved = await db.derived.get('suspects@1');
    expect(saved?.stamp).toBe(await engine.stateStamp());
    // A fresh engine (a reloaded app) reads the saved answer.
    const reopened = new Engine(dexieSegmentStore(db));
    expect(await suspects(reopened)).toEqual(first);
    // An answer saved for another state is never served.
    await db.derived.put({ name: 'suspects@1', stamp: 'another state', value: [] });
    const third = new Engine(dexieSegmentStore(db));
    expect((await suspects(third))[0]!.address).toBe(manifest.attacker);
    expect((await db.derived.get('suspects@1'))!.stamp).toBe(await third.stateStamp());
  });
});
