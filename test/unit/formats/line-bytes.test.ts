import { gunzipSync, strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FormatId } from '../../../shared/model/format';
import { ByteInterner } from '../../../shared/ingest/formats/byte-interner';
import { LineBytesReader } from '../../../shared/ingest/formats/line-bytes';
import { createCsvSplitter } from '../../../shared/ingest/formats/csv';
import { createLineSplitter } from '../../../shared/ingest/formats/lines';
import { inferKind } from '../../../shared/ingest/formats/mapping';
import { INFER_FIELDS, KIND_BY_PRESENT } from '../../../shared/ingest/formats/row-bytes';
import { MAPPABLE_FIELDS } from '../../../shared/model/format';
import { formatModule } from '../../../shared/ingest/formats/registry';
import type { TextRecord } from '../../../shared/ingest/formats/types';
import { LimitExceededError } from '../../../shared/ingest/limits';
import { SegmentBuilder } from '../../../shared/ingest/segment-builder';
import { AddressClassifier } from '../../../shared/net/address';
import { packSegment } from '../../../shared/ingest/segment-pack';
import { SAMPLES } from './samples';

const encoder = new TextEncoder();

/** Cuts bytes into chunks of the given sizes, cycling through them. */
function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(bytes.slice(at, at + size));
    at += size;
  }
  return out;
}

function textLines(text: string, max = 1 << 20): TextRecord[] {
  const splitter = createLineSplitter(max);
  return [...splitter.push(text), ...splitter.end()];
}

function byteLines(chunks: Uint8Array[], max = 1 << 20, csvRows = false): TextRecord[] {
  const reader = new LineBytesReader(max, csvRows);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const out: TextRecord[] = [];
  const visit = {
    line(b: Uint8Array, view: DataView, start: number, end: number, line: number) {
      // The view must cover exactly the bytes handed over.
      expect(view.byteLength).toBe(b.byteLength);
      out.push({ text: decoder.decode(b.subarray(start, end)), line });
    },
  };
  for (const chunk of chunks) reader.push(chunk, visit);
  reader.end(visit);
  return out;
}

describe('lines cut from bytes', () => {
  const text = '\uFEFFfirst\r\n\nthird caf\u00e9 \u65e5\u672c \u{1F600}\r\n\uFEFFfourth keeps its mark\n\r\nlast line, no newline\r';
  const bytes = encoder.encode(text);

  test.each([[[1]], [[2, 3]], [[7]], [[5, 1, 64]], [[bytes.length]]])('agree with the text splitter, chunks of %j bytes', (sizes) => {
    expect(byteLines(chunked(bytes, sizes))).toEqual(textLines(new TextDecoder().decode(bytes)));
  });

  test('a stream that ends with a newline has no empty last line; an empty stream has none', () => {
    expect(byteLines([encoder.encode('a\nb\n')])).toEqual([{ text: 'a', line: 1 }, { text: 'b', line: 2 }]);
    expect(byteLines([])).toEqual([]);
  });

  test('the record length limit counts characters, as the text splitter does', () => {
    // Six characters of three bytes each: 18 bytes, within a limit of 6 characters.
    const wide = '\u65e5'.repeat(6);
    expect(byteLines([encoder.encode(`${wide}\nok\n`)], 6).map((r) => r.text)).toEqual([wide, 'ok']);
    const tooLong = () => byteLines(chunked(encoder.encode(`ok\n${'x'.repeat(7)}\n`), [3]), 6);
    expect(tooLong).toThrow(LimitExceededError);
    expect(tooLong).toThrow(/^Line 2 is longer than 6 characters/);
    // A line that never ends is refused once it outgrows the limit, not held to the end.
    const reader = new LineBytesReader(6);
    expect(() => { for (let i = 0; i < 10; i++) reader.push(encoder.encode('yyyy'), { line: () => undefined }); }).toThrow(LimitExceededError);
  });
});

describe('CSV rows cut from bytes', () => {
  const rows = [
    '\uFEFFtime,src,note',
    '2026-03-12T14:03:11Z,10.0.0.1,"a quoted, comma"',
    '2026-03-12T14:03:12Z,10.0.0.2,"two\nlines"',
    '2026-03-12T14:03:13Z,10.0.0.3,"three\r\nlines\nand ""quotes"""',
    '',
    '2026-03-12T14:03:14Z,10.0.0.4,caf\u00e9 \u65e5\u672c',
    'a stray " quote opens a field,and ""this"" one',
    'goes on",to here',
    '2026-03-12T14:03:15Z,10.0.0.5,"an open quote runs to the end\nof the stream\r',
  ];
  const text = rows.join('\r\n');
  const bytes = encoder.encode(text);
  const csvText = (t: string) => {
    const splitter = createCsvSplitter(1 << 20);
    return [...splitter.push(t), ...splitter.end()];
  };

  test.each([[[1]], [[2, 3]], [[7]], [[5, 1, 64]], [[bytes.length]]])('agree with the CSV splitter, chunks of %j bytes', (sizes) => {
    const expected = csvText(new TextDecoder().decode(bytes));
    // The quoted newlines kept their records together, and the lines after them are counted on.
    expect(expected.map((r) => r.line)).toEqual([1, 2, 3, 5, 8, 9, 10, 12]);
    expect(byteLines(chunked(bytes, sizes), 1 << 20, true)).toEqual(expected);
  });

  test('a quoted field that never closes is refused once the row outgrows the record length limit', () => {
    const open = encoder.encode(`a,b\n1,"${'x\n'.repeat(8)}`);
    expect(() => byteLines(chunked(open, [3]), 10, true)).toThrow(/^Line 2 is longer than 10 characters/);
  });
});

describe('the byte interner', () => {
  test('gives every key the value its own text parses into, across offsets, probing and starting over', () => {
    const interner = new ByteInterner((text: string) => `<${text}>`);
    const keys = Array.from({ length: 10_000 }, (_, i) => `key-${i % 5000}-${'z'.repeat(i % 23)}\u00e9`);
    // Keys sit at shifting offsets inside a longer buffer, as fields do inside lines.
    for (let round = 0; round < 3; round++) {
      for (const [i, key] of keys.entries()) {
        const pad = '#'.repeat((i + round) % 7);
        const b = encoder.encode(`${pad}${key}|`);
        const view = new DataView(b.buffer);
        const start = pad.length;
        expect(interner.get(b, view, start, b.length - 1)).toBe(`<${key}>`);
      }
    }
  });

  test('keys that differ only past their first bytes, or only in length, stay apart', () => {
    const interner = new ByteInterner((text: string) => text);
    const base = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.';
    for (let round = 0; round < 2; round++) {
      for (const key of [`${base}0`, `${base}1`, base, `${base}00`, '', 'a', 'ab', 'abc', 'abcd', 'abcde']) {
        const b = encoder.encode(key);
        expect(interner.get(b, new DataView(b.buffer), 0, b.length)).toBe(key);
      }
    }
  });

  test.each([10, 300])('%i long keys that differ only between the bytes their hash samples stay apart', (n) => {
    const interner = new ByteInterner((text: string) => text);
    // Same length, same first and last 16 bytes, different middles: they hash alike. A few share
    // a probe run; many make the table hash whole keys instead.
    const keys = Array.from({ length: n }, (_, i) => `"https://example/" "agent ${String(i).padStart(3, '0')}${'-'.repeat(60)} Safari/537.36"`);
    expect(new Set(keys.map((k) => k.length)).size).toBe(1);
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        const b = encoder.encode(`  ${key}`);
        expect(interner.get(b, new DataView(b.buffer), 2, b.length)).toBe(key);
      }
    }
  });

  test('text that does not repeat turns the table off and still parses', () => {
    let parsed = 0;
    const interner = new ByteInterner((text: string) => { parsed++; return text.length; });
    for (let i = 0; i < 20_000; i++) {
      const b = encoder.encode(`unique-${i}`);
      expect(interner.get(b, new DataView(b.buffer), 0, b.length)).toBe(b.length);
    }
    expect(parsed).toBe(20_000);
  });
});

/** The segment a parser makes of some log text: by its text form alone, or by its byte form first. */
function segmentOf(format: FormatId, text: string, byBytes: boolean, chunkSizes = [4096]) {
  const module = formatModule(format);
  const parser = module.createParser({ timeZone: 'UTC' });
  const builder = new SegmentBuilder(false);
  const csvRows = module.byteRecords === 'csv-rows';
  const rejects: { line: number; reason: string; text: string }[] = [];
  let viaText = 0;
  const take = (record: TextRecord) => {
    const outcome = parser.parseInto!(record, builder);
    if (outcome === 'row') builder.commit(record.line, '');
    else if (outcome !== 'skip') rejects.push({ line: record.line, reason: outcome.reject, text: record.text });
  };
  if (byBytes) {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const reader = new LineBytesReader(1 << 20, csvRows);
    const visit = {
      line(b: Uint8Array, view: DataView, start: number, end: number, line: number) {
        if (parser.bytes!.parseLine(b, view, start, end, builder) === 'row') builder.commit(line, '');
        else { viaText++; take({ text: decoder.decode(b.subarray(start, end)), line }); }
      },
    };
    for (const chunk of chunked(encoder.encode(text), chunkSizes)) reader.push(chunk, visit);
    reader.end(visit);
  } else if (csvRows) {
    const splitter = createCsvSplitter(1 << 20);
    [...splitter.push(text), ...splitter.end()].forEach(take);
  } else {
    textLines(text).forEach(take);
  }
  const events = builder.events;
  const segment = packSegment(builder.seal({ byte: 0, line: 1 }), new AddressClassifier(['10.0.0.0/8']));
  return { segment, rejects, events, viaText };
}

describe('the byte form of a parser writes the rows its text form writes', () => {
  const demo = unzipSync(readFileSync(resolve(import.meta.dirname, '../../../renderer/public/demo/tidemark-demo.zip')));
  const demoAccess = strFromU8(gunzipSync(demo['web/access.log.1.gz']!)).split('\n').slice(0, 3000);
  const odd = [
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET /a\\"b HTTP/1.1" 200 12 "r\\\\" "u\\"a" extra fields 0.003',
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "\\x16\\x03" 400 - "-" "-"',
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12',
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 2000 12 "-" "ua"',
    '1.2.3.4 - - [31/Feb/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 1 "-" "x"',
    'proxy.example.net identd carol [12/Mar/2026:14:03:12 -0700] "GET /caf\u00e9 HTTP/1.1" - 12 "https://r.example/\u65e5" "ua \u{1F600}"',
    '2001:db8::1 - - [12/Mar/2026:14:03:11 +0100] "GET /index.html HTTP/1.0" 200 5120',
    '   ',
    '',
    'garbage',
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "GET / HTTP/1.1" 200 12 "-" "ua',
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "" 200 0 "" ""',
    // U+FEFF opening a field is a character of it: only the stream's first one is a mark.
    '1.2.3.4 - - [12/Mar/2026:14:03:11 +0000] "\uFEFFGET / HTTP/1.1" 200 12 "\uFEFFr" "\uFEFFua"',
  ];

  const vpcOdd = [
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 6 900 5000000 1773324000 1773324060 ACCEPT OK',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 - - 17 1 99999999999999999 1773324000 1773324060 weird OK',
    '2 0123456789012 eni-0a1b2c3d 2001:db8::5 10.0.1.21 53 53 58 1 - 1773324000 1773324060 - OK',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 70000 6 900 5000 1773324000 1773324060 ACCEPT OK',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 6 900 5x00 1773324000 1773324060 ACCEPT OK',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 6 900 500 later 1773324060 ACCEPT OK',
    '2 123456789012 eni-0a1b2c3d - - - - - - - 1773324002 1773324062 - NODATA',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 6 900 5000000 1773324000 1773324060 ACCEPT',
    '  2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 6 900 5000000 1773324000 1773324060 ACCEPT OK\t',
    '2 123456789012 eni-\u00e9t\u00e9 10.0.1.20 203.0.113.66 49152 443 6 900 5000000 1773324000 1773324060 ACCEPT OK',
    '2 123456789012 eni-0a1b2c3d 10.0.1.20 203.0.113.66 49152 443 999 900 5000000 1773324000 1773324060 ACCEPT OK',
    '',
  ];
  const vpcFlows = Array.from({ length: 2000 }, (_, i) =>
    `2 123456789012 eni-0a1b2c3d 10.0.1.${i % 40} 203.0.113.${i % 7} ${40000 + i} 443 6 ${i} ${i * 1000} ${1773324000 + i} ${1773324060 + i} ${i % 9 ? 'ACCEPT' : 'REJECT'} OK`);
  // A custom layout declared mid-file: both forms read the lines after it by it.
  const vpcCustom = ['srcaddr dstaddr bytes start action account-id tcp-flags', '10.0.1.20 203.0.113.66 1200 1773324000 ACCEPT 123456789012 19', '10.0.1.20 203.0.113.66 1300 1773324001 REJECT 0042 -'];

  test.each([
    ['vpc-flow', [SAMPLES['vpc-flow'].trimEnd(), ...vpcFlows, ...vpcOdd, ...vpcCustom, ...vpcFlows.slice(0, 5)].join('\n')],
    ['access-combined', [...demoAccess, ...odd, ...SAMPLES['access-combined'].split('\n')].join('\n')],
    ['access-common', [...odd, ...SAMPLES['access-common'].split('\n')].join('\r\n')],
  ] as [FormatId, string][])('%s', (format, text) => {
    const expected = segmentOf(format, text, false);
    expect(expected.events).toBeGreaterThan(5);
    expect(expected.rejects.length).toBeGreaterThan(2);
    for (const sizes of [[4096], [1, 7, 300]]) {
      const actual = segmentOf(format, text, true, sizes);
      expect(actual.segment).toEqual(expected.segment);
      expect(actual.rejects).toEqual(expected.rejects);
      // Most rows came straight from the bytes; the odd lines went to the text form.
      expect(actual.viaText).toBeLessThan(Math.max(odd.length, vpcOdd.length) + 10);
    }
  });
});

describe('the byte form of the CSV parser writes the rows its text form writes', () => {
  const flows = Array.from({ length: 2000 }, (_, i) => [
    `2026-03-12T${String(10 + (i % 12)).padStart(2, '0')}:03:${String(i % 60).padStart(2, '0')}.${i % 1000}Z`,
    `10.0.1.${i % 40}`, 40000 + i, `203.0.113.${i % 7}`, [443, 22, 53][i % 3], ['tcp', 'udp'][i % 2],
    ['allow', 'DENY', 'Accepted', 'drop'][i % 4], i * 10, i % 5 ? i : '-', `rule-${i % 9}`, ['lan', 'dmz'][i % 2], i % 3 ? i : `0${i}`,
  ].join(','));
  const odd = [
    '2026-03-12T14:03:11+02:00,192.0.2.1,1,10.0.1.20,80,tcp,allow,12.5,0,web,lan,-3',
    '2026-03-12 14:03:12,192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0,web,lan,0.25',
    '1773324191,192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0,web,lan,1e3',
    '2026-03-12T14:03:13Z,gateway.local,1,2001:DB8::1,80,tcp,allow,5,0,caf\u00e9,lan,x',
    '2026-03-12T14:03:14Z,192.0.2.1,1,10.0.1.20,80,tcp,allow,-5,0,web,lan,x',
    '2026-03-12T14:03:15Z,192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0,"two\nline rule",lan,x',
    ' 2026-03-12T14:03:16Z,192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0,web,lan,x ',
    ',192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0,web,lan,x',
    '2026-03-12T14:03:17Z,192.0.2.1,1,10.0.1.20',
    '2026-03-12T14:03:18Z,192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0,web,lan,x,extra',
    '2026-03-12T14:03:19Z,,,,,,,,,,,',
    '2026-03-12T14:03:20Z,-,-,-,-,-,-,-,-,-,-,-',
    '2026-03-12T14:03:22Z,192.0.2.1,1,10.0.1.20,80,tcp,allow,5,0, spaced rule ,lan,x',
    '2026-03-12T14:03:21Z,192.0.2.1,123456789012345678,10.0.1.20,80,tcp,allow,5,0,web\tx,lan,12345678901234567890',
    '',
    '   ',
  ];
  const header = 'timestamp,src_ip,src_port,dst_ip,dst_port,protocol,action,bytes_sent,bytes_received,rule,zone,note';
  const firewall = [header, ...flows.slice(0, 1000), ...odd, ...flows.slice(1000)].join('\n');
  const http = ['time,client,verb,path,code,agent,kind', ...Array.from({ length: 300 }, (_, i) =>
    `2026-03-12T14:03:${String(i % 60).padStart(2, '0')}Z,203.0.113.${i % 5},${['get', 'POST'][i % 2]},/p/${i % 11},${[200, 404, '-'][i % 3]},${['curl', '', 'ua'][i % 3]},${['', 'HTTP', 'weird', 'audit'][i % 4]}`)].join('\r\n');
  const audit = ['time,actor,operation,resource,result', ...Array.from({ length: 300 }, (_, i) =>
    `2026-03-12T14:03:${String(i % 60).padStart(2, '0')}Z,${['alice', '', 'bob'][i % 3]},${['Login', '-', 'DeleteBucket', ''][i % 4]},bucket-${i % 5},${['Success', 'denied'][i % 2]}`)].join('\n');

  test.each([['a firewall export', firewall, odd.length + 2], ['an HTTP export with a kind column', http, 2], ['an audit export whose kind is inferred', audit, 2]])(
    '%s', (_name, text, mostViaText) => {
      const expected = segmentOf('csv', text, false);
      expect(expected.events).toBeGreaterThan(250);
      for (const sizes of [[4096], [1, 7, 300]]) {
        const actual = segmentOf('csv', text, true, sizes);
        expect(actual.segment).toEqual(expected.segment);
        expect(actual.rejects).toEqual(expected.rejects);
        // The header and the odd rows went to the text form; every plain row came from the bytes.
        expect(actual.viaText).toBeGreaterThan(0);
        expect(actual.viaText).toBeLessThanOrEqual(mostViaText);
      }
    });

  test('the firewall export rejects what its text form rejects, and nothing more', () => {
    expect(segmentOf('csv', firewall, true).rejects.map((r) => r.reason)).toEqual([
      '"-5" in column "bytes_sent" is not a number', 'The time column "timestamp" is empty', 'Expected 12 columns as in the header, found 4',
      'Expected 12 columns as in the header, found 13',
    ]);
  });

  test('a row\'s inferred kind depends only on the fields the byte form tells apart', () => {
    const others = MAPPABLE_FIELDS.filter((f) => !(INFER_FIELDS as readonly string[]).includes(f));
    for (let mask = 0; mask < KIND_BY_PRESENT.length; mask++) {
      const event: Record<string, unknown> = {};
      INFER_FIELDS.forEach((field, k) => { if (mask & (1 << k)) event[field] = field === 'dstPort' ? 0 : 'x'; });
      expect(inferKind(event)).toBe(KIND_BY_PRESENT[mask]);
      for (const field of others) expect(inferKind({ ...event, [field]: 'x' })).toBe(KIND_BY_PRESENT[mask]);
    }
  });
});
