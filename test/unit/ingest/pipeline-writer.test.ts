import { createHash } from 'node:crypto';
import { gzipSync, zipSync, strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { bytesSource } from '../../../shared/ingest/bytes';
import { ACK_WINDOW } from '../../../shared/ingest/pipeline';
import { SEGMENT_CAPACITY } from '../../../shared/store/segment';
import { importIntoNewCase } from '../helpers/case-harness';
import { dexieSegmentStore } from '../../../renderer/db/segment-store';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ATTACKER = '203.0.113.66';

function accessLines(n: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const client = i % 10 === 0 ? ATTACKER : `198.51.100.${(i % 50) + 1}`;
    const sec = String(i % 60).padStart(2, '0');
    const min = String(Math.floor(i / 60) % 60).padStart(2, '0');
    lines.push(`${client} - - [12/Mar/2026:14:${min}:${sec} +0000] "GET /item/${i} HTTP/1.1" 200 ${1000 + i} "-" "Mozilla/5.0"`);
  }
  return lines;
}

describe('pipeline into the case writer', () => {
  test('a zip holding a gzipped access log and a flow log lands whole, traceable and hashed', async () => {
    const access = accessLines(40);
    access.splice(5, 0, 'this is not an access log line');
    const accessText = access.join('\n') + '\n';
    const accessGz = gzipSync(strToU8(accessText), { mtime: 0 });
    const flows = [
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
      `2 123456789012 eni-0a1b2c3d 10.0.1.20 ${ATTACKER} 49152 443 6 900 5000000 1773324000 1773324060 ACCEPT OK`,
      `2 123456789012 eni-0a1b2c3d ${ATTACKER} 10.0.1.20 443 49152 6 10 700 1773324000 1773324060 ACCEPT OK`,
    ].join('\n') + '\n';
    const zip = zipSync({ 'web/access.log.gz': [accessGz, { level: 0 }], 'net/flows.log': strToU8(flows) }, { mtime: new Date('2026-03-12T00:00:00Z') });

    const { db, engine, summary } = await importIntoNewCase([bytesSource('case.zip', zip)]);
    expect(summary.status).toBe('complete');

    const sources = await db.sources.toArray();
    const byPath = new Map(sources.map((s) => [s.path, s]));
    expect([...byPath.keys()].sort()).toEqual([
      'case.zip', 'case.zip!/net/flows.log', 'case.zip!/web/access.log.gz', 'case.zip!/web/access.log.gz!/access.log',
    ]);
    expect(byPath.get('case.zip')!.sha256).toBe(sha(zip));
    expect(byPath.get('case.zip!/web/access.log.gz')!.sha256).toBe(sha(accessGz));
    const log = byPath.get('case.zip!/web/access.log.gz!/access.log')!;
    expect(log).toMatchObject({ format: 'access-combined', events: 40, rejected: 1, status: 'complete', sha256: sha(strToU8(accessText)) });
    expect(byPath.get('case.zip!/net/flows.log')).toMatchObject({ format: 'vpc-flow', events: 2, rejected: 0 });
    // Parents link every entry to its container.
    expect(log.parentId).toBe(byPath.get('case.zip!/web/access.log.gz')!.id);

    const rejects = await db.rejects.toArray();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ sourceId: log.id, line: 6, text: 'this is not an access log line' });

    // Bytes that left to the attacker: its HTTP responses plus the internal host's upload.
    const attackerResp = accessLines(40).filter((l) => l.startsWith(ATTACKER)).reduce((n, l) => n + Number(l.split(' ')[9]), 0);
    const attacker = await db.addresses.where('ip').equals(ATTACKER).first();
    expect(attacker).toMatchObject({ internal: 0, events: 4 + 2, bytesOut: attackerResp + 5_000_000, bytesIn: 700 });

    // Each source stores its own minutes, in one record; both sources have events in minute 14:00.
    const stored = await db.sourceRollups.toArray();
    const logSources = (await db.sources.toArray()).filter((s) => s.role === 'log').map((s) => s.id);
    expect(stored.map((r) => r.sourceId).sort()).toEqual(logSources.sort());
    // The rows as views read them, ascending by minute, add up to the events.
    const rollups = await dexieSegmentStore(db).rollups(-Infinity, Infinity);
    expect(rollups).toHaveLength(stored.reduce((n, r) => n + r.minutes.length, 0));
    expect(new Set(rollups.map((r) => r.minute)).size).toBeLessThan(rollups.length);
    expect(rollups.map((r) => r.minute)).toEqual(rollups.map((r) => r.minute).sort((a, b) => a - b));
    const rolled = rollups.reduce((n, r) => n + r.kindCounts.reduce((a, b) => a + b, 0), 0);
    expect(rolled).toBe(42);
    // Per-peer rollups, added up across the two sources that share minute 14:00, equal the
    // address table's totals for every external address.
    const perPeer = new Map<number, { out: number; in: number }>();
    for (const r of rollups) {
      expect([...r.peerIds]).toEqual([...r.peerIds].sort((a, b) => a - b));
      r.peerIds.forEach((id, i) => {
        const t = perPeer.get(id) ?? { out: 0, in: 0 };
        t.out += r.peerOut[i]!;
        t.in += r.peerIn[i]!;
        perPeer.set(id, t);
      });
    }
    for (const a of (await db.addresses.toArray()).filter((x) => x.internal === 0)) {
      expect(perPeer.get(a.id), a.ip).toEqual({ out: a.bytesOut, in: a.bytesIn });
    }

    // The query engine finds the attacker's events in time order, each with its raw line.
    const page = await engine.page({ address: ATTACKER }, 0, 100);
    expect(page.total).toBe(6);
    const times = page.rows.map((r) => r.ts);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const first = page.rows.find((r) => r.kind === 'http')!;
    const detail = await engine.detail(first.id!);
    expect(detail!.raw).toBe(accessLines(40)[0]);
    expect(detail!.source!.path).toBe('case.zip!/web/access.log.gz!/access.log');
    expect(detail!.event.line).toBe(1);

    const top = await engine.topAddresses({ kinds: ['http'] }, 'src', 'respBytes', 1);
    expect(top[0]!.address).toBe(ATTACKER);
  });

  test('a case imported before raw text was stored plain reads its gzipped text back whole, a leading U+FEFF included', async () => {
    // The first row's text opens with U+FEFF, so the segment's text does: it is a character of
    // the record, not a byte order mark to drop (that would shift every record after it).
    const csv = 'note,time,src\n\uFEFFhello,2026-03-12T14:03:11Z,10.0.0.1\nbye,2026-03-12T14:03:12Z,10.0.0.2\n';
    const { db, engine } = await importIntoNewCase([bytesSource('fw.csv', strToU8(csv))]);
    const [row] = await db.segmentRaw.toArray();
    expect(row!.text).toBe('\uFEFFhello,2026-03-12T14:03:11Z,10.0.0.1bye,2026-03-12T14:03:12Z,10.0.0.2');
    await db.segmentRaw.put({ id: row!.id, gz: gzipSync(strToU8(row!.text!)), offsets: row!.offsets });
    const page = await engine.page({}, 0, 10);
    const raws = await Promise.all(page.rows.map(async (r) => (await engine.detail(r.id!))!.raw));
    expect(raws.sort()).toEqual(['bye,2026-03-12T14:03:12Z,10.0.0.2', '\uFEFFhello,2026-03-12T14:03:11Z,10.0.0.1']);
  });

  test('flow log counts and times are kept as numbers, read back as their text and found by search', async () => {
    const flows = [
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
      `2 012345678901 eni-0a1b2c3d 10.0.1.20 ${ATTACKER} 49152 443 6 9001 5000000 1773324000 1773324061 ACCEPT OK`,
      `2 012345678901 eni-0a1b2c3d ${ATTACKER} 10.0.1.20 443 49152 6 10 700 1773324000 1773324062 ACCEPT OK`,
    ].join('\n') + '\n';
    const { db, engine } = await importIntoNewCase([bytesSource('flows.log', strToU8(flows))]);
    const [stored] = await db.segmentData.toArray();
    const cols = stored!.columns;
    expect(Object.keys(cols.fieldNumbers ?? {}).sort()).toEqual(['end', 'packets', 'version']);
    // The account id has a leading zero, which a number would lose: it stays text.
    expect(Object.keys(cols.fields).sort()).toEqual(['account-id', 'interface-id', 'log-status']);
    expect(cols.strings).not.toContain('9001');

    const page = await engine.page({ text: '9001' }, 0, 10);
    expect(page.total).toBe(1);
    expect(page.rows[0]!.fields).toMatchObject({ packets: '9001', end: '1773324061', version: '2', 'account-id': '012345678901' });
    // In the order of the log's own columns, numbers and text interleaved.
    expect(Object.keys(page.rows[0]!.fields!)).toEqual(['version', 'account-id', 'interface-id', 'packets', 'end', 'log-status']);
    expect((await engine.page({ text: 'eni-0a1b' }, 0, 10)).total).toBe(2);
  });

  test("CSV leftovers that are numbers are stored as numbers and read back as the record's text", async () => {
    const csv = [
      'time,src,dst,bytes,rule,zip,duration,ticket,session',
      '2026-03-12T10:00:00Z,10.0.1.5,203.0.113.9,100,allow-web,02134,0.25,12345678901234567890,7731',
      '2026-03-12T10:00:01Z,10.0.1.6,203.0.113.9,200,allow-web,02139,1.50,12345678901234567891,7732',
    ].join('\n') + '\n';
    const { db, engine } = await importIntoNewCase([bytesSource('fw.csv', strToU8(csv))]);
    const [stored] = await db.segmentData.toArray();
    const cols = stored!.columns;
    // "0.25" and the session numbers round-trip; "1.50" does not, so that column keeps text too.
    expect(Object.keys(cols.fieldNumbers ?? {}).sort()).toEqual(['duration', 'session']);
    expect(Object.keys(cols.fields).sort()).toEqual(['duration', 'rule', 'ticket', 'zip']);
    expect(cols.strings).not.toContain('7731');

    const page = await engine.page({}, 0, 10);
    expect(page.rows.map((r) => r.fields)).toEqual([
      { rule: 'allow-web', zip: '02134', ticket: '12345678901234567890', duration: '0.25', session: '7731' },
      { rule: 'allow-web', zip: '02139', duration: '1.50', ticket: '12345678901234567891', session: '7732' },
    ]);
    expect(Object.keys(page.rows[0]!.fields!)).toEqual(['rule', 'zip', 'duration', 'ticket', 'session']);
    expect((await engine.page({ text: '0.25' }, 0, 10)).total).toBe(1);
    expect((await engine.page({ text: '773' }, 0, 10)).total).toBe(2);
  });

  test('many segments stream with at most the ack window in flight', async () => {
    const n = SEGMENT_CAPACITY * 3 + 17;
    const text = accessLines(n).join('\n');
    const { db, summary, engine } = await importIntoNewCase([bytesSource('big.log', strToU8(text))]);
    expect(summary.status).toBe('complete');
    expect(summary.maxInFlight).toBeGreaterThan(0);
    expect(summary.maxInFlight).toBeLessThanOrEqual(ACK_WINDOW);
    expect(await db.segmentIndex.count()).toBe(4);
    expect(await engine.count({})).toBe(n);
    const last = await engine.page({}, n - 1, 1);
    expect(last.rows[0]!.line).toBeGreaterThan(0);

    // Top talkers across every segment (read ahead of the scan) agree with a count of the lines.
    const totals = new Map<string, { events: number; bytes: number }>();
    for (const line of accessLines(n)) {
      const parts = line.split(' ');
      const t = totals.get(parts[0]!) ?? { events: 0, bytes: 0 };
      t.events++;
      t.bytes += Number(parts[9]);
      totals.set(parts[0]!, t);
    }
    const expected = [...totals].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 5)
      .map(([address, t]) => ({ address, events: t.events, bytes: t.bytes }));
    expect(await engine.topAddresses({}, 'src', 'respBytes', 5)).toEqual(expected);
    const byEvents = await engine.topAddresses({}, 'src', 'events', 1);
    expect(byEvents[0]).toMatchObject({ address: ATTACKER, events: totals.get(ATTACKER)!.events });
  });

  test('cancelling a source removes what was stored of it and keeps the others', async () => {
    // Larger than the ack window, so the producer is still reading when the cancel arrives.
    const big = strToU8(accessLines(SEGMENT_CAPACITY * 12).join('\n'));
    const small = strToU8(accessLines(10).join('\n'));
    const { db } = await importIntoNewCase(
      [bytesSource('big.log', big), bytesSource('small.log', small)],
      {},
      (e, writer) => {
        // Cancel the big source as soon as it opens.
        if (e.type === 'source' && e.source.name === 'big.log' && e.source.status === 'importing') {
          writer.cancel(writer.refForSource(e.source.id));
        }
      },
    );
    const sources = await db.sources.toArray();
    const bigRow = sources.find((s) => s.name === 'big.log')!;
    const smallRow = sources.find((s) => s.name === 'small.log')!;
    expect(bigRow.status).toBe('cancelled');
    expect(bigRow.events).toBe(0);
    expect(await db.segmentIndex.where('sourceId').equals(bigRow.id).count()).toBe(0);
    expect(smallRow).toMatchObject({ status: 'complete', events: 10 });
    const addresses = await db.addresses.toArray();
    expect(addresses.reduce((n, a) => n + a.events, 0)).toBe(10);
  });

  test('a cancel reaches a source whose bytes are all in memory already, not only one that waits for its reads', async () => {
    // Fewer segments than the ack window holds, so the producer never waits for the writer, and
    // every chunk is queued before parsing starts: nothing but the pipeline's own turns lets the
    // cancel in before the end.
    const rows = SEGMENT_CAPACITY * (ACK_WINDOW - 1);
    const { db } = await importIntoNewCase([bytesSource('queued.log', strToU8(accessLines(rows).join('\n')))], {}, (e, writer) => {
      if (e.type === 'source' && e.source.status === 'importing') writer.cancel(writer.refForSource(e.source.id));
    });
    const [row] = await db.sources.toArray();
    expect(row).toMatchObject({ name: 'queued.log', status: 'cancelled', events: 0 });
  });

  test('each address\'s case totals add up every source that named it, whether its sources name many addresses or a scattered few', async () => {
    const line = (ip: string, i: number, bytes: number) =>
      `${ip} - - [12/Mar/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" 200 ${bytes} "-" "ua"`;
    const ip = (k: number) => `198.51.${Math.floor(k / 250)}.${(k % 250) + 1}`;
    // The first log names 1,000 addresses, each once; the second only the first and the last of
    // them, far apart in the case's ids; the third a close-knit run of them.
    const first = Array.from({ length: 1000 }, (_, k) => line(ip(k), k, 100));
    const second = [line(ip(0), 1, 7), line(ip(999), 2, 9), line(ip(999), 3, 9)];
    const third = Array.from({ length: 20 }, (_, k) => line(ip(500 + k), k, 5));
    const { db } = await importIntoNewCase([
      bytesSource('a.log', strToU8(`${first.join('\n')}\n`)),
      bytesSource('b.log', strToU8(`${second.join('\n')}\n`)),
      bytesSource('c.log', strToU8(`${third.join('\n')}\n`)),
    ]);
    const byIp = new Map((await db.addresses.toArray()).map((a) => [a.ip, a]));
    expect(byIp.size).toBe(1000);
    expect(byIp.get(ip(0))).toMatchObject({ events: 2, bytesIn: 0, bytesOut: 107 });
    expect(byIp.get(ip(999))).toMatchObject({ events: 3, bytesOut: 118 });
    expect(byIp.get(ip(505))).toMatchObject({ events: 2, bytesOut: 105 });
    expect(byIp.get(ip(700))).toMatchObject({ events: 1, bytesOut: 100 });
    expect([...byIp.values()].reduce((n, a) => n + a.events, 0)).toBe(1000 + 3 + 20);
  });

  test('a gzip member that fails before its first KiB is out fails on its own; the rest imports', async () => {
    const log = strToU8(`${accessLines(20).join('\n')}\n`);
    const gz = gzipSync(log);
    const { db, summary } = await importIntoNewCase([
      bytesSource('cut.log.gz', gz.subarray(0, 30)), bytesSource('ok.log', log),
    ]);
    expect(summary.status).toBe('complete');
    const byPath = new Map((await db.sources.toArray()).map((s) => [s.path, s]));
    expect(byPath.get('cut.log.gz')).toMatchObject({ status: 'failed', error: expect.stringMatching(/ends before its compressed data does/) });
    expect(byPath.get('cut.log.gz!/cut.log')).toMatchObject({ status: 'failed', events: 0 });
    expect(byPath.get('ok.log')).toMatchObject({ status: 'complete', events: 20 });
  });

  test('a record over the length limit stops the import with a message naming the limit', async () => {
    const text = `${accessLines(3).join('\n')}\n${'x'.repeat(5000)}\n`;
    const { db, summary, events } = await importIntoNewCase([bytesSource('long.log', strToU8(text))], {
      limits: { ...(await import('../../../shared/ingest/limits')).DEFAULT_LIMITS, maxRecordChars: 1000 },
    });
    expect(summary.status).toBe('failed');
    const done = events.find((e) => e.type === 'done');
    expect(done).toMatchObject({ status: 'failed', limit: 'maxRecordChars' });
    const row = (await db.sources.toArray())[0]!;
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/limit/i);
    expect(await db.segmentIndex.count()).toBe(0);
  });

  test('a segment the database refuses fails the import and none of that segment is stored', async () => {
    const text = `${accessLines(100).join('\n')}\n`;
    let planted = false;
    const { db, events } = await importIntoNewCase([bytesSource('access.log', strToU8(text))], {}, (e, _writer, caseDb) => {
      // Once the writer has loaded the case's addresses, the attacker's address appears behind
      // its back: storing the first segment then breaks the unique address index.
      if (e.type === 'source' && !planted) {
        planted = true;
        void caseDb.addresses.add({
          id: 9_999, ip: ATTACKER, internal: 0, events: 0, bytesOut: 0, bytesIn: 0, firstTs: 0, lastTs: 0,
        });
      }
    });
    expect(events.find((e) => e.type === 'done')).toMatchObject({ status: 'failed', error: expect.stringMatching(/constraint|unique/i) });
    expect(await db.segmentIndex.count()).toBe(0);
    expect(await db.segmentData.count()).toBe(0);
    expect(await db.segmentRaw.count()).toBe(0);
    expect((await db.addresses.toArray()).map((a) => a.id)).toEqual([9_999]);
    // Nothing of the source was folded into the case after its segment failed.
    expect(await db.sourceRollups.count()).toBe(0);
    expect((await db.sources.toArray()).map((s) => s.status)).not.toContain('complete');
    expect((await db.imports.toArray())[0]).toMatchObject({ status: 'failed' });
  });

  test('a picked file the host hashes apart is not hashed again as it streams; what is inside it still is', async () => {
    const log = strToU8(`${accessLines(30).join('\n')}\n`);
    const gz = gzipSync(log, { mtime: 0 });
    const zip = zipSync({ 'inner.log': log }, { mtime: new Date('2026-03-12T00:00:00Z') });
    const apartCalls: string[] = [];
    const hashedApart = (name: string, bytes: Uint8Array) => ({
      ...bytesSource(name, bytes),
      sha256: async () => { apartCalls.push(name); return sha(bytes); },
    });
    // The streaming hasher answers a marker, so every digest shows which way it was made.
    const MARK = 'f'.repeat(64);
    const marking = async () => ({ update: () => undefined, digestHex: async () => MARK });
    const { db, summary } = await importIntoNewCase(
      [hashedApart('plain.log', log), hashedApart('w.log.gz', gz), hashedApart('case.zip', zip)], {}, undefined, marking,
    );
    expect(summary.status).toBe('complete');
    const byPath = new Map((await db.sources.toArray()).map((s) => [s.path, s]));
    expect(byPath.get('plain.log')).toMatchObject({ sha256: sha(log), events: 30 });
    expect(byPath.get('w.log.gz')!.sha256).toBe(sha(gz));
    expect(byPath.get('case.zip')!.sha256).toBe(sha(zip));
    expect(byPath.get('w.log.gz!/w.log')).toMatchObject({ sha256: MARK, events: 30 });
    expect(byPath.get('case.zip!/inner.log')).toMatchObject({ sha256: MARK, events: 30 });
    expect(apartCalls.sort()).toEqual(['case.zip', 'plain.log', 'w.log.gz']);
  });

  test('a source closes when its hash is in, while the next one is read; one that cannot be hashed is failed and loses its events', async () => {
    const a = strToU8(`${accessLines(20).join('\n')}\n`);
    const b = strToU8(`${accessLines(35).join('\n')}\n`);
    const c = strToU8(`${accessLines(12).join('\n')}\n`);
    let releaseA!: () => void;
    const aHashed = new Promise<void>((resolve) => { releaseA = resolve; });
    const apart = (name: string, bytes: Uint8Array, digest: () => Promise<string>) => ({ ...bytesSource(name, bytes), sha256: digest });
    const { db, summary, events } = await importIntoNewCase([
      // a.log's hash settles only once b.log is being read: a walk that waited for it would hang.
      apart('a.log', a, async () => { await aHashed; return sha(a); }),
      apart('b.log', b, async () => { releaseA(); return sha(b); }),
      apart('c.log', c, async () => { throw new Error('the hashing thread stopped'); }),
    ]);
    expect(summary.status).toBe('complete');
    const byPath = new Map((await db.sources.toArray()).map((s) => [s.path, s]));
    expect(byPath.get('a.log')).toMatchObject({ status: 'complete', sha256: sha(a), events: 20 });
    expect(byPath.get('b.log')).toMatchObject({ status: 'complete', sha256: sha(b), events: 35 });
    expect(byPath.get('c.log')).toMatchObject({ status: 'failed', events: 0 });
    expect(byPath.get('c.log')!.sha256).toBeUndefined();
    expect(byPath.get('c.log')!.error).toMatch(/SHA-256 could not be computed \(the hashing thread stopped\)/);
    // Only the hashed sources' events are in the case.
    const stored = await db.segmentIndex.toArray();
    expect(stored.reduce((n, seg) => n + seg.count, 0)).toBe(55);
    expect(events.some((e) => e.type === 'done')).toBe(true);
  });
});
