import { canonicalAddress } from '../../net/address';
import { createLineSplitter, headLines } from './lines';
import { parserFromSink } from './event-sink';
import { RepeatCache } from './repeat-cache';
import type { FormatModule, RecordParser, RowOutcome } from './types';

/**
 * AWS VPC Flow Logs. The default (version 2) layout, or any custom layout declared by a header
 * line of field names, which is how exports from S3 and CloudWatch arrive. A record counts the
 * bytes that went from `srcaddr` to `dstaddr`, so they are bytes sent by the source.
 */
export const VPC_DEFAULT_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

const PROTOCOLS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6', '47': 'gre', '50': 'esp' };
const KNOWN = new Set(['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'bytes', 'start', 'action']);

function isHeader(line: string): boolean {
  return /(^|\s)srcaddr(\s|$)/.test(line) && /(^|\s)dstaddr(\s|$)/.test(line);
}

function port(v: string | undefined): number | undefined | null {
  if (v === undefined || v === '-') return undefined;
  if (v.length > 5 || !isDigits(v)) return null;
  const n = Number(v);
  return n <= 65535 ? n : null;
}

/** Where each field sits in a record, worked out once per header line. */
interface Layout {
  names: string[];
  at: Record<'srcaddr' | 'dstaddr' | 'srcport' | 'dstport' | 'protocol' | 'bytes' | 'start' | 'action' | 'logStatus', number>;
  /** Indices of the fields that go to `fields` as they are. */
  rest: number[];
}

function layout(names: string[]): Layout {
  const i = (n: string) => names.indexOf(n);
  return {
    names,
    at: {
      srcaddr: i('srcaddr'), dstaddr: i('dstaddr'), srcport: i('srcport'), dstport: i('dstport'),
      protocol: i('protocol'), bytes: i('bytes'), start: i('start'), action: i('action'), logStatus: i('log-status'),
    },
    rest: names.map((n, k) => (KNOWN.has(n) ? -1 : k)).filter((k) => k >= 0),
  };
}

function isDigits(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function createParser(): RecordParser {
  let l = layout(VPC_DEFAULT_FIELDS);
  // Flow logs name the same few hosts over and over.
  const addresses = new RepeatCache((text: string) => canonicalAddress(text) ?? '');
  return parserFromSink((record, sink): RowOutcome => {
    const text = record.text.trim();
    if (text.length === 0) return 'skip';
    if (text.includes('srcaddr') && isHeader(text)) {
      l = layout(text.split(/\s+/).map((f) => f.replace(/^\$\{|\}$/g, '')));
      return 'skip';
    }
    const parts = text.split(' ');
    if (parts.length !== l.names.length) {
      return { reject: `Expected ${l.names.length} space-separated flow log fields, found ${parts.length}` };
    }
    const get = (k: number) => (k < 0 ? undefined : parts[k]);
    const a = l.at;
    const status = get(a.logStatus);
    if (status === 'NODATA' || status === 'SKIPDATA') return 'skip';
    // Everything that can reject the record is judged before the row is begun.
    const start = get(a.start);
    if (!start || !isDigits(start)) return { reject: `Unreadable start time "${start ?? ''}"` };
    const sp = port(get(a.srcport));
    const dp = port(get(a.dstport));
    if (sp === null) return { reject: `Source port "${get(a.srcport)}" is not a port number` };
    if (dp === null) return { reject: `Destination port "${get(a.dstport)}" is not a port number` };
    const bytes = get(a.bytes);
    const hasBytes = bytes !== undefined && bytes !== '' && bytes !== '-';
    if (hasBytes && !isDigits(bytes)) return { reject: `Byte count "${bytes}" is not a number` };

    sink.begin(Number(start) * 1000, 'flow', false);
    const srcText = get(a.srcaddr);
    const dstText = get(a.dstaddr);
    const src = srcText === undefined ? '' : addresses.get(srcText);
    const dst = dstText === undefined ? '' : addresses.get(dstText);
    if (src) sink.address('src', src);
    if (dst) sink.address('dst', dst);
    if (sp !== undefined) sink.number('srcPort', sp);
    if (dp !== undefined) sink.number('dstPort', dp);
    const proto = get(a.protocol);
    if (proto && proto !== '-') sink.string('proto', PROTOCOLS[proto] ?? proto);
    if (hasBytes) sink.number('origBytes', Number(bytes));
    const action = get(a.action);
    if (action === 'ACCEPT') sink.string('action', 'allow');
    else if (action === 'REJECT') sink.string('action', 'deny');
    else if (action && action !== '-') sink.string('action', action.toLowerCase());
    for (const k of l.rest) {
      const v = parts[k]!;
      if (v !== '-') sink.extra(l.names[k]!, v);
    }
    return 'row';
  });
}

export const vpcFlow: FormatModule = {
  id: 'vpc-flow',
  label: 'AWS VPC Flow Logs',
  version: '1',
  sniff(head) {
    const lines = headLines(head);
    if (lines.length === 0) return null;
    if (isHeader(lines[0]!)) return { format: 'vpc-flow', confidence: 0.95 };
    const v2 = /^2 \S+ (eni-\S+|-) \S+ \S+ (\d+|-) (\d+|-) (\d+|-) (\d+|-) (\d+|-) \d+ \d+ (ACCEPT|REJECT|-) (OK|NODATA|SKIPDATA)$/;
    const share = lines.filter((l) => v2.test(l)).length / lines.length;
    return share > 0.5 ? { format: 'vpc-flow', confidence: 0.9 * share } : null;
  },
  createSplitter: createLineSplitter,
  createParser,
};
