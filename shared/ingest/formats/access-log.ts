import type { ParsedEvent } from '../../model/event';
import { canonicalAddress } from '../../net/address';
import { parseTimestamp } from '../time/timestamp';
import { createLineSplitter, headLines } from './lines';
import type { FormatModule, ParseOutcome, ParserContext, RecordParser } from './types';

/**
 * Nginx and Apache access logs: the common log format and the combined format, which adds the
 * referer and user agent. Quoted fields may contain escaped quotes (`\"`), and real logs hold
 * request lines that are not HTTP at all (TLS handshakes hitting a plain port): those still parse
 * as events, with the raw request kept.
 */
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const COMMON = String.raw`^(\S+) (\S+) (\S+) \[([^\]]+)\] ${QUOTED} (\d{3}|-) (\d+|-)`;
const COMBINED_RE = new RegExp(`${COMMON} ${QUOTED} ${QUOTED}(.*)$`);
const COMMON_RE = new RegExp(`${COMMON}(.*)$`);

function unescape(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(["\\])/g, '$1');
}

function createParser(combined: boolean, ctx: ParserContext): RecordParser {
  const re = combined ? COMBINED_RE : COMMON_RE;
  return {
    parse(record): ParseOutcome {
      const text = record.text;
      if (text.length === 0 || text.trim().length === 0) return { kind: 'skip' };
      const m = re.exec(text);
      if (!m) {
        return { kind: 'reject', reason: combined ? 'Not a combined-format access log line' : 'Not a common-format access log line' };
      }
      const time = parseTimestamp(m[4]!, ctx.timeZone);
      if (!time) return { kind: 'reject', reason: `Unreadable time "${m[4]}"` };
      const ev: ParsedEvent = { ts: time.ms, kind: 'http' };
      if (time.zoneless) ev.zoneless = true;
      const fields: Record<string, string> = {};
      const client = m[1]!;
      const src = canonicalAddress(client);
      if (src) ev.src = src;
      else if (client !== '-') fields.clientHost = client;
      if (m[2] !== '-') fields.ident = m[2]!;
      if (m[3] !== '-') ev.user = m[3]!;
      const request = unescape(m[5]!);
      const sp1 = request.indexOf(' ');
      const sp2 = request.lastIndexOf(' ');
      if (sp1 > 0 && sp2 > sp1 && /^[A-Z][A-Z_-]*$/.test(request.slice(0, sp1)) && request.startsWith('HTTP/', sp2 + 1)) {
        ev.method = request.slice(0, sp1);
        ev.url = request.slice(sp1 + 1, sp2);
        fields.httpVersion = request.slice(sp2 + 1);
      } else if (sp1 > 0 && sp2 === sp1 && /^[A-Z]+$/.test(request.slice(0, sp1))) {
        // HTTP/0.9 style: "GET /path".
        ev.method = request.slice(0, sp1);
        ev.url = request.slice(sp1 + 1);
      } else if (request.length > 0 && request !== '-') {
        fields.request = request;
      }
      if (m[6] !== '-') ev.status = Number(m[6]);
      if (m[7] !== '-') ev.respBytes = Number(m[7]);
      if (combined) {
        const referer = unescape(m[8]!);
        const ua = unescape(m[9]!);
        if (referer && referer !== '-') fields.referer = referer;
        if (ua && ua !== '-') ev.ua = ua;
        const extra = m[10]!.trim();
        if (extra) fields.extra = extra;
      } else {
        const extra = m[8]!.trim();
        if (extra) fields.extra = extra;
      }
      if (hasKeys(fields)) ev.fields = fields;
      return { kind: 'event', event: ev };
    },
  };
}

function sniffShare(head: string, re: RegExp): number {
  const lines = headLines(head);
  if (lines.length === 0) return 0;
  return lines.filter((l) => re.test(l)).length / lines.length;
}

export const accessCombined: FormatModule = {
  id: 'access-combined',
  label: 'Nginx/Apache combined access log',
  version: '1',
  sniff(head) {
    const share = sniffShare(head, COMBINED_RE);
    return share > 0.5 ? { format: 'access-combined', confidence: 0.9 * share + 0.05 } : null;
  },
  createSplitter: createLineSplitter,
  createParser: (ctx) => createParser(true, ctx),
};

export const accessCommon: FormatModule = {
  id: 'access-common',
  label: 'Nginx/Apache common access log',
  version: '1',
  sniff(head) {
    const share = sniffShare(head, COMMON_RE);
    // Combined lines also match the common pattern; the combined module outbids this one then.
    return share > 0.5 ? { format: 'access-common', confidence: 0.85 * share } : null;
  },
  createSplitter: createLineSplitter,
  createParser: (ctx) => createParser(false, ctx),
};

export function hasKeys(o: object): boolean {
  for (const _key in o) return true;
  return false;
}
