import { describe, expect, test } from 'vitest';
import { csv } from '../../../shared/ingest/formats/csv';
import type { FieldMapping } from '../../../shared/model/format';
import { SegmentBuilder } from '../../../shared/ingest/segment-builder';
import { packSegment } from '../../../shared/ingest/segment-pack';
import { AddressClassifier } from '../../../shared/net/address';
import { SAMPLES } from './samples';

/**
 * The import writes CSV rows into segments with `parseInto` (cells straight into the columns);
 * `parse` builds each event as an object, which the builder takes apart. Both must store the
 * same segment, to the last dictionary id, and refuse the same rows for the same reasons.
 */
function segmentOf(text: string, intoSink: boolean, mapping?: FieldMapping) {
  const splitter = csv.createSplitter(1 << 20);
  const parser = csv.createParser({ timeZone: 'Europe/Berlin', mapping });
  const builder = new SegmentBuilder(true);
  const rejects: { line: number; reason: string }[] = [];
  for (const record of [...splitter.push(text), ...splitter.end()]) {
    if (intoSink) {
      const outcome = parser.parseInto!(record, builder);
      if (outcome === 'row') builder.commit(record.line, record.text);
      else if (outcome !== 'skip') rejects.push({ line: record.line, reason: outcome.reject });
    } else {
      const outcome = parser.parse(record);
      if (outcome.kind === 'event') builder.addEvent(outcome.event, record.line, record.text);
      else if (outcome.kind === 'reject') rejects.push({ line: record.line, reason: outcome.reason });
    }
  }
  return { segment: packSegment(builder.seal(), new AddressClassifier(['10.0.0.0/8'])), rejects };
}

const firewall = [
  'timestamp,src_ip,src_port,dst_ip,dst_port,protocol,action,bytes_sent,bytes_received,rule,zone,note',
  '2026-03-12T14:03:11.000Z,203.0.113.66,40000,10.0.1.20,22,tcp,DENY,0,0,block-mgmt,dmz,',
  '2026-03-12T14:03:12.500Z,198.51.100.7,40001,10.0.1.20,443,tcp,Accepted,812,40211,"allow web, tls",lan,0042',
  '2026-03-12 14:03:13,host-a.example,-,10.0.1.21,53,udp,pass,12,-,dns,7,1e3',
  '2026-03-12T14:03:14Z,192.0.2.1,40002,10.0.1.20,80,tcp,allow,-5,0,web,lan,x',
  'not a time,192.0.2.1,40002,10.0.1.20,80,tcp,allow,5,0,web,lan,x',
  ',192.0.2.1,40002,10.0.1.20,80,tcp,allow,5,0,web,lan,x',
  '2026-03-12T14:03:15Z,192.0.2.1,40002',
  '2026-03-12T14:03:16Z,2001:DB8::1,40003,10.0.1.20,443,tcp,block,1,2,tls,wan,12',
  '',
  '2026-03-12T14:03:17Z,"192.0.2.9",40004,10.0.1.20,443,tcp,reject,3,4,"tls ""pinned""",wan,17.50',
].join('\n');

describe('CSV rows written straight into a segment', () => {
  test.each([
    ['a firewall export: leftovers as text and as numbers, actions, addresses that are names, rejects', firewall, undefined],
    ['the shipped sample', SAMPLES.csv, undefined],
    ['an HTTP export whose kind is inferred', 'time,client,verb,path,code,agent\n2026-03-12T14:03:11Z,203.0.113.66,get,/a,200,curl\n2026-03-12T14:03:12Z,203.0.113.66,post,/b,-,\n', undefined],
    ['a kind column, one value it knows and one it does not', 'time,src,kind,op\n2026-03-12T14:03:11Z,10.0.0.1,AUDIT,Login\n2026-03-12T14:03:12Z,10.0.0.2,weird,Logout\n', undefined],
    ['two fields mapped to one column, a name that is no address', 'when,ip,size\n2026-03-12T14:03:11Z,gateway,10\n2026-03-12T14:03:12Z,10.0.0.2,11\n',
      { ts: 'when', src: 'ip', dst: 'ip', origBytes: 'size' } satisfies FieldMapping],
    ['a header naming a column twice (the object keeps the last value)', 'time,src,tag,tag\n2026-03-12T14:03:11Z,10.0.0.1,a,b\n', undefined],
    ['columns named by numbers (objects list those first)', 'time,src,2,1\n2026-03-12T14:03:11Z,10.0.0.1,two,one\n', undefined],
    ['a mapping naming a column the header lacks', 'time,src\n2026-03-12T14:03:11Z,10.0.0.1\n', { ts: 'time', src: 'src', dst: 'nowhere' } satisfies FieldMapping],
    ['no time column at all', 'src,dst\n10.0.0.1,10.0.0.2\n', undefined],
  ] as [string, string, FieldMapping | undefined][])('%s', (_name, text, mapping) => {
    const expected = segmentOf(text, false, mapping);
    const actual = segmentOf(text, true, mapping);
    expect(actual.rejects).toEqual(expected.rejects);
    expect(actual.segment).toEqual(expected.segment);
  });

  test('the firewall export keeps what a responder reads back', () => {
    const { segment, rejects } = segmentOf(firewall, true);
    expect(rejects.map((r) => r.line)).toEqual([5, 6, 7, 8]);
    const c = segment.columns;
    expect(c.count).toBe(5);
    // Leftover numbers that read back as themselves are numbers; "0042" and "1e3" stay text.
    expect(c.fieldNumbers?.note).toBeDefined();
    expect(c.strings).toEqual(expect.arrayContaining(['0042', '1e3', 'host-a.example', 'deny', 'allow']));
    expect(segment.addrs).toEqual(expect.arrayContaining(['2001:db8::1', '192.0.2.9']));
  });
});
