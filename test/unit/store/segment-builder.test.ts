import { describe, expect, test } from 'vitest';
import { SegmentBuilder } from '../../../shared/ingest/segment-builder';
import { AddressClassifier } from '../../../shared/net/address';
import { columnValue } from '../../../shared/store/columns';

const builder = () => new SegmentBuilder(new AddressClassifier(['10.0.0.0/8']));

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
    const s = b.seal();
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

  test('a row begun but never committed leaves nothing in the next row', () => {
    const b = builder();
    b.begin(1_000, 'http', true);
    b.address('dst', '198.51.100.7');
    b.number('dstPort', 443);
    b.extra('note', 'abandoned');
    b.begin(2_000, 'flow', false);
    b.address('src', '10.1.2.3');
    b.commit(7, 'kept');
    const s = b.seal();
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
});
