import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync, strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { generateIncident, SHIPPED_DEMO_OPTIONS, type DemoManifest } from '../../../shared/demo/generator';

const ROOT = resolve(import.meta.dirname, '../../..');

async function generate(opts: Partial<Parameters<typeof generateIncident>[0]> & { events: number }) {
  const parts: Uint8Array[] = [];
  const manifest = await generateIncident({ ...opts, sink: (c) => { parts.push(c.slice()); } });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) { bytes.set(p, off); off += p.byteLength; }
  return { bytes, manifest };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('demo incident generator', () => {
  test('the shipped demo archive is exactly what the generator makes', async () => {
    const { bytes, manifest } = await generate(SHIPPED_DEMO_OPTIONS);
    const shipped = readFileSync(resolve(ROOT, 'renderer/public/demo/tidemark-demo.zip'));
    expect(sha(bytes)).toBe(sha(shipped));
    const shippedManifest = JSON.parse(readFileSync(resolve(ROOT, 'renderer/public/demo/tidemark-demo.manifest.json'), 'utf8')) as DemoManifest;
    expect(shippedManifest).toEqual(JSON.parse(JSON.stringify(manifest)));
  });

  test('the same options give the same bytes; another seed gives others', async () => {
    const a = await generate({ events: 5000, seed: 7 });
    const b = await generate({ events: 5000, seed: 7 });
    const c = await generate({ events: 5000, seed: 8 });
    expect(sha(a.bytes)).toBe(sha(b.bytes));
    expect(sha(a.bytes)).not.toBe(sha(c.bytes));
  });

  test('the manifest agrees with an independent recount of the files', async () => {
    const { bytes, manifest } = await generate({ events: 12_000, seed: 99 });
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['firewall/fw-export.csv', 'network/vpc-flow-logs.log.gz', 'web/access.log.1.gz', 'web/access.log.gz']);
    const text = (p: string) => strFromU8(p.endsWith('.gz') ? gunzipSync(files[p]!) : files[p]!);
    const lines = (p: string) => text(p).split('\n').slice(0, -1);
    const a = manifest.attacker;

    let records = 0;
    for (const f of manifest.files) {
      const all = lines(f.path);
      const data = f.format === 'access-combined' ? all : all.slice(1); // header lines
      expect(data.length).toBe(f.records);
      records += data.length;
      for (const n of f.malformedLines) {
        const line = all[n - 1]!;
        if (f.format === 'access-combined') expect(line).not.toMatch(/^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \d{3} \d+ "[^"]*" "[^"]*"$/);
        if (f.format === 'vpc-flow') expect(line.split(' ')[5]).not.toMatch(/^\d+$/);
        if (f.format === 'csv') expect(line.split(',').length).not.toBe(10);
      }
    }
    expect(records).toBe(12_000);

    const access = [...lines('web/access.log.1.gz'), ...lines('web/access.log.gz')];
    const attackerHttp = access.filter((l) => l.startsWith(`${a} `));
    expect(attackerHttp.length).toBe(manifest.expected.attackerHttpRequests);
    const httpBytes = attackerHttp.reduce((n, l) => n + Number(/" \d{3} (\d+) "/.exec(l)![1]), 0);
    expect(httpBytes).toBe(manifest.expected.bytesLeftToAttackerHttp);
    expect(attackerHttp.filter((l) => /\.\.(\/|%2f)/i.test(l)).length).toBe(manifest.expected.attackerExploitRequests.traversal);
    expect(attackerHttp.filter((l) => /jndi/i.test(l)).length).toBe(manifest.expected.attackerExploitRequests.jndi);

    const uploads = lines('network/vpc-flow-logs.log.gz').filter((l) => l.split(' ')[3] === manifest.webServer && l.split(' ')[4] === a && l.endsWith('ACCEPT OK'));
    expect(uploads.length).toBe(manifest.expected.uploadFlowsToAttacker);
    expect(uploads.reduce((n, l) => n + Number(l.split(' ')[9]), 0)).toBe(manifest.expected.bytesLeftToAttackerFlow);
    expect(manifest.expected.bytesLeftToAttacker).toBe(httpBytes + manifest.expected.bytesLeftToAttackerFlow);

    const denies = lines('firewall/fw-export.csv').filter((l) => l.split(',')[1] === a && l.split(',')[6] === 'deny');
    expect(denies.length).toBe(manifest.expected.deniedFirewallFromAttacker);
    // The decoy is busy but never exploits anything.
    const decoy = access.filter((l) => l.startsWith(`${manifest.decoy} `));
    expect(decoy.length).toBeGreaterThan(attackerHttp.length);
    expect(decoy.some((l) => /\.\.|jndi|union|select/i.test(l))).toBe(false);
  });

  test('an access-log run writes exactly the asked number of lines', async () => {
    const { bytes, manifest } = await generate({ events: 50_000, format: 'access-log', level: 1 });
    expect(strFromU8(bytes).split('\n').length - 1).toBe(50_000);
    expect(manifest.files).toHaveLength(1);
    expect(manifest.files[0]!.records).toBe(50_000);
  });
});
