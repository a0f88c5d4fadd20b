import type { ParsedEvent } from '../../model/event';
import { canonicalAddress } from '../../net/address';
import { createLineSplitter, headLines } from './lines';
import type { FormatModule, ParseOutcome, RecordParser } from './types';

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
  if (!/^\d{1,5}$/.test(v)) return null;
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

function createParser(): RecordParser {
  let l = layout(VPC_DEFAULT_FIELDS);
  return {
    parse(record): ParseOutcome {
      const text = record.text.trim();
      if (text.length === 0) return { kind: 'skip' };
      if (text.includes('srcaddr') && isHeader(text)) {
        l = layout(text.split(/\s+/).map((f) => f.replace(/^\$\{|\}$/g, '')));
        return { kind: 'skip' };
      }
      const parts = text.split(' ');
      if (parts.length !== l.names.length) {
        return { kind: 'reject', reason: `Expected ${l.names.length} space-separated flow log fields, found ${parts.length}` };
      }
      const get = (k: number) => (k < 0 ? undefined : parts[k]);
      const a = l.at;
      const status = get(a.logStatus);
      if (status === 'NODATA' || status === 'SKIPDATA') return { kind: 'skip' };
      const start = get(a.start);
      if (!start || !/^\d+$/.test(start)) return { kind: 'reject', reason: `Unreadable start time "${start ?? ''}"` };
      const ev: ParsedEvent = { ts: Number(start) * 1000, kind: 'flow' };
      const src = canonicalAddress(get(a.srcaddr));
      const dst = canonicalAddress(get(a.dstaddr));
      if (src) ev.src = src;
      if (dst) ev.dst = dst;
      const sp = port(get(a.srcport));
      const dp = port(get(a.dstport));
      if (sp === null) return { kind: 'reject', reason: `Source port "${get(a.srcport)}" is not a port number` };
      if (dp === null) return { kind: 'reject', reason: `Destination port "${get(a.dstport)}" is not a port number` };
      if (sp !== undefined) ev.srcPort = sp;
      if (dp !== undefined) ev.dstPort = dp;
      const proto = get(a.protocol);
      if (proto && proto !== '-') ev.proto = PROTOCOLS[proto] ?? proto;
      const bytes = get(a.bytes);
      if (bytes && bytes !== '-') {
        if (!/^\d+$/.test(bytes)) return { kind: 'reject', reason: `Byte count "${bytes}" is not a number` };
        ev.origBytes = Number(bytes);
      }
      const action = get(a.action);
      if (action === 'ACCEPT') ev.action = 'allow';
      else if (action === 'REJECT') ev.action = 'deny';
      else if (action && action !== '-') ev.action = action.toLowerCase();
      let rest: Record<string, string> | undefined;
      for (const k of l.rest) {
        const v = parts[k]!;
        if (v !== '-') (rest ??= {})[l.names[k]!] = v;
      }
      if (rest) ev.fields = rest;
      return { kind: 'event', event: ev };
    },
  };
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
