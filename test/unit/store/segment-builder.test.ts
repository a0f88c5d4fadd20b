import { describe, expect, test } from 'vitest';
import { SegmentBuilder } from '../../../shared/ingest/segment-builder';
import { ColumnPool } from '../../../shared/ingest/column-pool';
import { RepeatedText } from '../../../shared/ingest/formats/repeated-text';
import { packSegment, rawSegmentTransfers } from '../../../shared/ingest/segment-pack';
import { AddressClassifier } from '../../../shared/net/address';
import { columnValue } from '../../../shared/store/columns';

const builder = () => new SegmentBuilder();
const sealed = (b: SegmentBuilder) => packSegment(b.seal(), new AddressClassifier(['10.0.0.0/8']));

describe('segment builder', () => {
  test('rows written field by field and events added as objects land in the same columns', () => {
    const b = builder();
    b.begin(1_000, 'http', false);
    b.address('src', '203.0.113.9');
    b.string('method', 'GET');
    b.number('respBytes', 512);
    b.extra('referer', 'https://example.org/');
    b.commit(1, 'line one');
    b.addEvent({ ts: 2_000, kind: 'http', src: '203.0.113.9', method: 'POST', status: 201, fields: { referer: 'https://example.org/' } }, 2, 'line two');
    const s = sealed(b);
    const { columns: c } = s;
    const str = (col: typeof c.str.method, row: number) => c.strings[columnValue(col, row)];
    expect(c.count).toBe(2);
    expect([str(c.str.method, 0), str(c.str.method, 1)]).toEqual(['GET', 'POST']);
    expect([columnValue(c.num.respBytes, 0), columnValue(c.num.respBytes, 1)]).toEqual([512, NaN]);
    expect([columnValue(c.num.status, 0), columnValue(c.num.status, 1)]).toEqual([NaN, 201]);
    expect(str(c.fields.referer, 0)).toBe('https://example.org/');
    expect(str(c.fields.referer, 1)).toBe('https://example.org/');
    // One address, one dictionary entry for the shared referer.
    expect(s.addrs).toEqual(['', '203.0.113.9']);
    expect(c.strings.filter((x) => x === 'https://example.org/')).toHaveLength(1);
    expect(s.raw!.slice(s.rawOffsets![1], s.rawOffsets![2])).toBe('line two');
  });

  test('repeated values get the ids their text would, in every segment and every builder that writes them', () => {
    const ua = new RepeatedText('curl/8.5');
    const referer = new RepeatedText('https://example.org/');
    const client = new RepeatedText('203.0.113.9');
    const empty = new RepeatedText('');
    const a = builder();
    const b = builder();
    const write = (into: SegmentBuilder, ts: number, note?: string) => {
      into.begin(ts, 'http', false);
      into.string('method', 'GET');
      // A text that comes first in one segment only, so ids differ from segment to segment.
      if (note) {
        into.extra('note', note);
        into.address('dst', '198.51.100.1');
      }
      into.repeatedString('ua', ua);
      into.repeatedExtra('referer', referer);
      into.repeatedAddress('src', client);
      into.repeatedString('user', empty);
      into.commit(ts, 'row');
    };
    // The two builders take turns with the same values, and the first one starts a new segment
    // between its rows, once right after its own last use of them.
    write(b, 1);
    write(a, 2, 'first');
    const first = sealed(a);
    write(a, 3);
    write(b, 4);
    write(a, 5);
    for (const s of [first, sealed(a), sealed(b)]) {
      const c = s.columns;
      for (let row = 0; row < c.count; row++) {
        expect(c.strings[columnValue(c.str.ua, row)]).toBe('curl/8.5');
        expect(c.strings[columnValue(c.fields.referer, row)]).toBe('https://example.org/');
        expect(s.addrs[columnValue(c.addr.src, row)]).toBe('203.0.113.9');
      }
      expect(c.str.user).toBeUndefined();
      // Each text once in its segment's tables, in the order the rows first named it.
      expect(c.strings).toEqual(s === first ? ['', 'GET', 'first', 'curl/8.5', 'https://example.org/'] : ['', 'GET', 'curl/8.5', 'https://example.org/']);
      expect(s.addrs).toEqual(s === first ? ['', '198.51.100.1', '203.0.113.9'] : ['', '203.0.113.9']);
    }
  });

  test('a row begun but never committed leaves nothing in the next row', () => {
    const b = builder();
    b.begin(1_000, 'http', true);
    b.address('dst', '198.51.100.7');
    b.number('dstPort', 443);
    b.extra('note', 'abandoned');
    b.begin(2_000, 'flow', false);
    b.address('src', '10.1.2.3');
    b.commit(7, 'kept');
    const s = sealed(b);
    expect(s.columns.count).toBe(1);
    expect(columnValue(s.columns.ts, 0)).toBe(2_000);
    expect(columnValue(s.columns.line, 0)).toBe(7);
    expect(s.columns.num.dstPort).toBeUndefined();
    expect(s.columns.addr.dst).toBeUndefined();
    expect(s.columns.fields.note).toBeUndefined();
    expect({ events: b.events, zoneless: b.zoneless, tsMin: b.tsMin, tsMax: b.tsMax })
      .toEqual({ events: 1, zoneless: 0, tsMin: 2_000, tsMax: 2_000 });
  });

  test('counts events, zone-less times and the time range over the whole source, across segments', () => {
    const b = builder();
    for (const [ts, zoneless] of [[5_000, true], [3_000, false], [9_000, true]] as const) {
      b.begin(ts, 'other', zoneless);
      b.commit(1, 'x');
      b.seal();
    }
    expect({ events: b.events, zoneless: b.zoneless, tsMin: b.tsMin, tsMax: b.tsMax })
      .toEqual({ events: 3, zoneless: 2, tsMin: 3_000, tsMax: 9_000 });
  });

  test('columns the writer hands back carry the next segment, with no row of the last one left in them', () => {
    const pool = new ColumnPool();
    const b = new SegmentBuilder(true, pool);
    for (let i = 0; i < 3; i++) {
      b.begin(1_000 + i, 'http', false);
      // Every column of this segment holds values other than "missing" on every row.
      b.address('src', '203.0.113.9');
      b.address('dst', '198.51.100.7');
      b.string('method', 'GET');
      b.number('respBytes', 100 + i);
      b.extra('note', 'first');
      b.extraNumber('packets', i + 1);
      b.commit(i + 1, `line ${i}`);
    }
    const first = b.seal();
    const firstBuffers = new Set(rawSegmentTransfers(first));
    // Handed back while the next segment is written (sealing took that one's columns already).
    pool.give(firstBuffers);
    b.begin(3_000, 'http', false);
    b.string('url', '/next');
    b.commit(4, 'next');
    const next = b.seal();
    expect(firstBuffers.has(next.str.url!.buffer as ArrayBuffer)).toBe(true);

    for (let i = 0; i < 2; i++) {
      b.begin(5_000 + i, 'flow', false);
      b.address('dst', '10.1.2.3');
      b.commit(10 + i, `again ${i}`);
    }
    const second = b.seal();
    // The segment after was written in the first one's buffers...
    expect(firstBuffers.has(second.ts.buffer as ArrayBuffer)).toBe(true);
    expect(firstBuffers.has(second.src.buffer as ArrayBuffer)).toBe(true);
    // ...and none of the first one's values shows through.
    const s = packSegment(second, new AddressClassifier([]));
    expect(s.columns.count).toBe(2);
    expect([columnValue(s.columns.ts, 0), columnValue(s.columns.ts, 1)]).toEqual([5_000, 5_001]);
    expect(s.columns.addr.src).toBeUndefined();
    expect(s.columns.str.method).toBeUndefined();
    expect(s.columns.num.respBytes).toBeUndefined();
    expect(s.columns.fields.note).toBeUndefined();
    expect(s.columns.fieldNumbers).toBeUndefined();
    expect(s.addrs).toEqual(['', '10.1.2.3']);
    expect(s.raw!.slice(s.rawOffsets![1], s.rawOffsets![2])).toBe('again 1');
  });

  test('the writer refuses a segment whose rows name an address, string or kind the segment does not hold', () => {
    const classifier = new AddressClassifier([]);
    const make = () => {
      const b = builder();
      b.begin(1_000, 'http', false);
      b.address('src', '203.0.113.9');
      b.string('url', '/a');
      b.commit(1, 'x');
      return b.seal();
    };
    expect(() => packSegment(make(), classifier)).not.toThrow();
    const badAddress = make();
    badAddress.src[0] = 2;
    expect(() => packSegment(badAddress, classifier)).toThrow(/names address 2/);
    const badString = make();
    badString.str.url![0] = 1.5;
    expect(() => packSegment(badString, classifier)).toThrow(/names string 1.5/);
    const badKind = make();
    badKind.kind[0] = 99;
    expect(() => packSegment(badKind, classifier)).toThrow(/names event kind 99/);
  });
});
