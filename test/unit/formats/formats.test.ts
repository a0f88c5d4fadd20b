import { describe, expect, test } from 'vitest';
import type { FormatId } from '../../../shared/model/format';
import type { ParsedEvent } from '../../../shared/model/event';
import { detectFormat, formatModule } from '../../../shared/ingest/formats/registry';
import { LimitExceededError } from '../../../shared/ingest/limits';
import type { ParseOutcome } from '../../../shared/ingest/formats/types';
import { SAMPLES } from './samples';

/** Splits `text` into chunks at the given cut points and parses every record. */
function parseAll(format: FormatId, text: string, cuts: number[] = [], timeZone = 'UTC') {
  const m = formatModule(format);
  const splitter = m.createSplitter(1 << 20);
  const parser = m.createParser({ timeZone });
  const records = [];
  let prev = 0;
  for (const c of [...cuts, text.length]) {
    records.push(...splitter.push(text.slice(prev, c)));
    prev = c;
  }
  records.push(...splitter.end());
  const outcomes = records.map((r) => ({ line: r.line, text: r.text, outcome: parser.parse(r) }));
  const events = outcomes.filter((o) => o.outcome.kind === 'event').map((o) => ({ ...(o.outcome as Extract<ParseOutcome, { kind: 'event' }>).event, line: o.line }));
  const rejects = outcomes.filter((o) => o.outcome.kind === 'reject').map((o) => ({ line: o.line, reason: (o.outcome as { reason: string }).reason }));
  return { events, rejects, records };
}

describe('format detection', () => {
  test.each(Object.entries(SAMPLES))('%s is recognised from its head', (format, text) => {
    expect(detectFormat(text).format).toBe(format);
  });

  test('binary content and prose are not logs', () => {
    expect(detectFormat('\u0000\u0001\u0002PK\u0003\u0004'.repeat(50)).format).toBe('unknown');
    expect(detectFormat('Dear team,\nthe meeting moved to Thursday.\nRegards\n').format).toBe('unknown');
  });

  test('CSV detection reports its columns and the mapping it would use', () => {
    const r = detectFormat(SAMPLES.csv);
    expect(r.columns).toEqual(['timestamp', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'protocol', 'action', 'bytes_sent', 'bytes_received', 'rule']);
    expect(r.mapping).toMatchObject({ ts: 'timestamp', src: 'src_ip', dst: 'dst_ip', srcPort: 'src_port', dstPort: 'dst_port', origBytes: 'bytes_sent', respBytes: 'bytes_received', action: 'action', proto: 'protocol' });
  });
});

describe('parsers', () => {
  test('combined access log: fields, escaped quotes, and non-HTTP request lines', () => {
    const { events, rejects } = parseAll('access-combined', SAMPLES['access-combined']);
    expect(rejects).toEqual([]);
    expect(events[0]).toMatchObject<Partial<ParsedEvent>>({
      ts: Date.UTC(2026, 2, 12, 14, 3, 11), kind: 'http', src: '203.0.113.66', method: 'GET',
      url: '/download?file=../../../../etc/passwd', status: 200, respBytes: 2847, ua: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
    expect(events[1]).toMatchObject({ user: 'alice', method: 'POST', status: 302, ua: 'Mozilla/5.0 "quoted" agent', fields: { referer: 'https://shop.example.com/', httpVersion: 'HTTP/1.1' } });
    expect(events[2]).toMatchObject({ status: 400, respBytes: 157, fields: { request: '\\x16\\x03\\x01\\x02\\x00' } });
    expect(events[2]!.method).toBeUndefined();
  });

  test('common access log: IPv6 clients, offsets, missing sizes', () => {
    const { events } = parseAll('access-common', SAMPLES['access-common']);
    expect(events[0]).toMatchObject({ src: '2001:db8::1', ts: Date.UTC(2026, 2, 12, 13, 3, 11), respBytes: 5120 });
    expect(events[1]!.respBytes).toBeUndefined();
  });

  test('VPC flow logs: direction, protocol names, actions; NODATA skipped', () => {
    const { events, rejects, records } = parseAll('vpc-flow', SAMPLES['vpc-flow']);
    expect(records).toHaveLength(4);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ ts: 1773324000000, kind: 'flow', src: '10.0.1.20', dst: '203.0.113.66', srcPort: 49152, dstPort: 443, proto: 'tcp', origBytes: 5_000_000, action: 'allow', line: 2 });
    expect(events[0]!.fields).toMatchObject({ 'account-id': '123456789012', packets: '900', end: '1773324060', 'log-status': 'OK' });
    expect(events[1]).toMatchObject({ action: 'deny', dstPort: 22 });
  });

  test('VPC flow logs with a custom field order', () => {
    const text = 'srcaddr dstaddr dstport bytes start action\n192.0.2.1 10.0.0.9 3389 60 1773324000 REJECT\n';
    const { events } = parseAll('vpc-flow', text);
    expect(events[0]).toMatchObject({ src: '192.0.2.1', dst: '10.0.0.9', dstPort: 3389, origBytes: 60, action: 'deny' });
  });

  test('Zeek conn.log (TSV) and http.log (JSON)', () => {
    const conn = parseAll('zeek-conn', SAMPLES['zeek-conn']);
    expect(conn.rejects).toEqual([]);
    expect(conn.events[0]).toMatchObject({ ts: 1773324191123.456, src: '10.0.1.20', dst: '203.0.113.66', srcPort: 49152, dstPort: 443, proto: 'tcp', origBytes: 5_000_000, respBytes: 3400, fields: { uid: 'CAbc1', conn_state: 'SF', service: 'ssl' } });
    expect(conn.events[1]!.origBytes).toBeUndefined();
    const http = parseAll('zeek-http', SAMPLES['zeek-http']);
    expect(http.events[0]).toMatchObject({ kind: 'http', src: '203.0.113.66', method: 'GET', host: 'shop.example.com', url: '/api/export?table=customers', status: 200, respBytes: 7340032, ua: 'curl/8.5' });
    expect(http.events[1]).toMatchObject({ ts: Date.UTC(2026, 2, 12, 14, 3, 12), method: 'POST', origBytes: 48 });
  });

  test('CSV: mapped fields, quoted delimiters, leftover columns', () => {
    const { events, rejects } = parseAll('csv', SAMPLES.csv);
    expect(rejects).toEqual([]);
    expect(events[0]).toMatchObject({ kind: 'flow', src: '203.0.113.66', dst: '10.0.1.20', dstPort: 22, action: 'deny', origBytes: 0, respBytes: 0, fields: { rule: 'block-mgmt' } });
    expect(events[1]).toMatchObject({ ts: Date.UTC(2026, 2, 12, 14, 3, 12, 500), origBytes: 812, respBytes: 40211, fields: { rule: 'allow web, tls' } });
  });

  test('CSV: a quoted field spanning lines stays one record on its starting line', () => {
    const text = 'time,src,message\n2026-03-12T00:00:00Z,192.0.2.1,"first\nsecond"\n2026-03-12T00:00:01Z,192.0.2.2,plain\n';
    const { events } = parseAll('csv', text);
    expect(events.map((e) => [e.line, e.message])).toEqual([[2, 'first\nsecond'], [4, 'plain']]);
  });

  test('CSV rows come out the same wherever the stream is cut: quoted newlines, doubled quotes, CRLF', () => {
    const text = 'a,b,c\r\n1,"x\ny",2\r\n3,"he said ""hi""\r\nthere",4\n5,6,7\n"q,\n\n",8,9\nlast,row,end';
    const expected = [
      { text: 'a,b,c', line: 1 },
      { text: '1,"x\ny",2', line: 2 },
      { text: '3,"he said ""hi""\r\nthere",4', line: 4 },
      { text: '5,6,7', line: 6 },
      { text: '"q,\n\n",8,9', line: 7 },
      { text: 'last,row,end', line: 10 },
    ];
    const rows = (cuts: number[]) => parseAll('csv', text, cuts).records.map((r) => ({ text: r.text, line: r.line }));
    expect(rows([])).toEqual(expected);
    for (let i = 1; i < text.length; i++) {
      for (let j = i; j < text.length; j += 7) expect(rows([i, j])).toEqual(expected);
    }
  });

  test('NDJSON and JSON arrays: nested keys flattened, CloudTrail-style wrapper', () => {
    const nd = parseAll('ndjson', SAMPLES.ndjson);
    expect(nd.events[0]).toMatchObject({ kind: 'audit', src: '203.0.113.66', operation: 'GetObject', resource: 's3.amazonaws.com', user: 'svc-backup' });
    const arr = parseAll('json-array', SAMPLES['json-array']);
    expect(arr.rejects).toEqual([]);
    expect(arr.events.map((e) => [e.line, e.operation, e.src])).toEqual([[3, 'GetObject', '203.0.113.66'], [9, 'PutObject', '198.51.100.7']]);
    expect(arr.events[0]!.fields).toMatchObject({ 'requestParameters.key': 'a ] tricky } value' });
  });

  test.each(Object.keys(SAMPLES) as (keyof typeof SAMPLES)[])('%s parses the same whatever the chunk boundaries', (format) => {
    const text = SAMPLES[format];
    const whole = parseAll(format, text);
    for (let cut = 1; cut < text.length; cut += 7) {
      const split = parseAll(format, text, [cut]);
      expect(split.events).toEqual(whole.events);
    }
    // CRLF line endings change nothing.
    expect(parseAll(format, text.replace(/\n/g, '\r\n')).events.map((e) => e.ts)).toEqual(whole.events.map((e) => e.ts));
  });

  test.each<[FormatId, string, RegExp]>([
    ['access-combined', '203.0.113.66 - - [12/Mar/2026:14:03:11 +0000] "GET / HTT', /combined-format/],
    ['access-combined', '203.0.113.66 - - [31/Feb/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 1 "-" "x"', /Unreadable time/],
    ['vpc-flow', '2 123 eni-1 10.0.0.1 10.0.0.2 http 443 6 1 40 1773324000 1773324001 ACCEPT OK', /Source port "http"/],
    ['vpc-flow', '2 123 eni-1 10.0.0.1 10.0.0.2 1 443 6 1 40', /Expected 14/],
    ['ndjson', '{"time": "2026-03-12T00:00:00Z", "src": ', /Invalid JSON/],
    ['ndjson', '[1,2,3]', /Expected a JSON object/],
    ['ndjson', '{"src": "192.0.2.1"}', /No time column/],
    ['zeek-conn', '1773324191.1\tC1\t10.0.0.1', /before any #fields/],
  ])('%s rejects %j with a specific reason', (format, line, reason) => {
    const { rejects, events } = parseAll(format, `${line}\n`);
    expect(events).toEqual([]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toMatch(reason);
  });

  test('CSV rows with the wrong number of columns are rejected', () => {
    const { rejects } = parseAll('csv', 'time,src\n2026-03-12T00:00:00Z,192.0.2.1,extra\n');
    expect(rejects).toEqual([{ line: 2, reason: 'Expected 2 columns as in the header, found 3' }]);
  });

  test('a record longer than the limit stops with the limit named', () => {
    for (const format of ['access-combined', 'csv', 'json-array'] as FormatId[]) {
      const splitter = formatModule(format).createSplitter(100);
      const long = format === 'json-array' ? `[{"a":"${'x'.repeat(200)}"}]` : `${'x'.repeat(200)}\n`;
      let error: unknown;
      try { splitter.push(long); splitter.end(); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(LimitExceededError);
      expect((error as LimitExceededError).limit).toBe('maxRecordChars');
    }
  });
});
