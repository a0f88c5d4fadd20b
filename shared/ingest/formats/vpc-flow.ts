import type { ParsedEvent } from '../../model/event';
import { canonicalAddress } from '../../net/address';
import { hasKeys } from './access-log';
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

function createParser(): RecordParser {
  let fields = VPC_DEFAULT_FIELDS;
  let index = indexOf(fields);
  return {
    parse(record): ParseOutcome {
      const text = record.text.trim();
      if (text.length === 0) return { kind: 'skip' };
      if (isHeader(text)) {
        fields = text.split(/\s+/).map((f) => f.replace(/^\$\{|\}$/g, ''));
        index = indexOf(fields);
        return { kind: 'skip' };
      }
      const parts = text.split(' ');
      if (parts.length !== fields.length) {
        return { kind: 'reject', reason: `Expected ${fields.length} space-separated flow log fields, found ${parts.length}` };
      }
      const get = (name: string) => { const i = index.get(name); return i === undefined ? undefined : parts[i]; };
      const status = get('log-status');
      if (status === 'NODATA' || status === 'SKIPDATA') return { kind: 'skip' };
      const start = get('start');
      if (!start || !/^\d+$/.test(start)) return { kind: 'reject', reason: `Unreadable start time "${start ?? ''}"` };
      const ev: ParsedEvent = { ts: Number(start) * 1000, kind: 'flow' };
      const src = canonicalAddress(get('srcaddr'));
      const dst = canonicalAddress(get('dstaddr'));
      if (src) ev.src = src;
      if (dst) ev.dst = dst;
      const sp = port(get('srcport'));
      const dp = port(get('dstport'));
      if (sp === null) return { kind: 'reject', reason: `Source port "${get('srcport')}" is not a port number` };
      if (dp === null) return { kind: 'reject', reason: `Destination port "${get('dstport')}" is not a port number` };
      if (sp !== undefined) ev.srcPort = sp;
      if (dp !== undefined) ev.dstPort = dp;
      const proto = get('protocol');
      if (proto && proto !== '-') ev.proto = PROTOCOLS[proto] ?? proto;
      const bytes = get('bytes');
      if (bytes && bytes !== '-') {
        if (!/^\d+$/.test(bytes)) return { kind: 'reject', reason: `Byte count "${bytes}" is not a number` };
        ev.origBytes = Number(bytes);
      }
      const action = get('action');
      if (action === 'ACCEPT') ev.action = 'allow';
      else if (action === 'REJECT') ev.action = 'deny';
      else if (action && action !== '-') ev.action = action.toLowerCase();
      const rest: Record<string, string> = {};
      fields.forEach((f, i) => { if (!KNOWN.has(f) && parts[i] !== '-' && parts[i] !== undefined) rest[f] = parts[i]!; });
      if (hasKeys(rest)) ev.fields = rest;
      return { kind: 'event', event: ev };
    },
  };
}

function indexOf(fields: string[]): Map<string, number> {
  return new Map(fields.map((f, i) => [f, i]));
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
