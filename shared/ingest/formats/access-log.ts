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
export const COMBINED_RE = new RegExp(`${COMMON} ${QUOTED} ${QUOTED}(.*)$`);
export const COMMON_RE = new RegExp(`${COMMON}(.*)$`);

/** Index of the quote that closes the quoted field opening at `open`, honouring `\` escapes; -1 if none. */
function closingQuote(text: string, open: number): number {
  // indexOf runs natively over the field; only quotes are looked at (a hot loop of imports).
  for (let from = open + 1; ;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    // Escaped when an odd run of backslashes precedes it (`\"` is a backslash, then the end).
    let b = q - 1;
    while (b > open && text.charCodeAt(b) === 92 /* \ */) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    from = q + 1;
  }
}

function isDigits(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Cuts a line into the fields of the format, like the patterns above but without a regular
 * expression (this is the hottest parser): client, ident, user, time, request, status, bytes,
 * then referer, user agent and whatever follows (combined) or whatever follows (common).
 * Returns null when the line is not of the format.
 */
export function splitAccessLine(text: string, combined: boolean): string[] | null {
  const s1 = text.indexOf(' ');
  if (s1 <= 0) return null;
  const s2 = text.indexOf(' ', s1 + 1);
  if (s2 <= s1 + 1) return null;
  const s3 = text.indexOf(' ', s2 + 1);
  if (s3 <= s2 + 1 || text.charCodeAt(s3 + 1) !== 91 /* [ */) return null;
  const close = text.indexOf(']', s3 + 2);
  if (close <= s3 + 2 || text.charCodeAt(close + 1) !== 32 || text.charCodeAt(close + 2) !== 34) return null;
  const reqEnd = closingQuote(text, close + 2);
  if (reqEnd < 0 || text.charCodeAt(reqEnd + 1) !== 32) return null;
  const statusStart = reqEnd + 2;
  const statusEnd = text.indexOf(' ', statusStart);
  if (statusEnd < 0) return null;
  const status = text.slice(statusStart, statusEnd);
  if (status !== '-' && !(status.length === 3 && isDigits(status, 0, 3))) return null;
  const bytesStart = statusEnd + 1;
  let bytesEnd = bytesStart;
  if (text.charCodeAt(bytesStart) === 45 /* - */) bytesEnd = bytesStart + 1;
  else while (bytesEnd < text.length && text.charCodeAt(bytesEnd) >= 48 && text.charCodeAt(bytesEnd) <= 57) bytesEnd++;
  if (bytesEnd === bytesStart) return null;
  const head = [
    text.slice(0, s1), text.slice(s1 + 1, s2), text.slice(s2 + 1, s3), text.slice(s3 + 2, close),
    text.slice(close + 3, reqEnd), status, text.slice(bytesStart, bytesEnd),
  ];
  if (!combined) {
    head.push(text.slice(bytesEnd));
    return head;
  }
  if (text.charCodeAt(bytesEnd) !== 32 || text.charCodeAt(bytesEnd + 1) !== 34) return null;
  const refEnd = closingQuote(text, bytesEnd + 1);
  if (refEnd < 0 || text.charCodeAt(refEnd + 1) !== 32 || text.charCodeAt(refEnd + 2) !== 34) return null;
  const uaEnd = closingQuote(text, refEnd + 2);
  if (uaEnd < 0) return null;
  head.push(text.slice(bytesEnd + 2, refEnd), text.slice(refEnd + 3, uaEnd), text.slice(uaEnd + 1));
  return head;
}

/** `[A-Z][A-Z_-]*` (or `[A-Z]+` without `loose`) over `s[from, to)`, without a RegExp. */
function isMethod(s: string, from: number, to: number, loose: boolean): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) continue;
    if (loose && i > from && (c === 95 /* _ */ || c === 45 /* - */)) continue;
    return false;
  }
  return true;
}

function unescape(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(["\\])/g, '$1');
}

function createParser(combined: boolean, ctx: ParserContext): RecordParser {
  return {
    parse(record): ParseOutcome {
      const text = record.text;
      if (text.length === 0 || text.trim().length === 0) return { kind: 'skip' };
      const parts = splitAccessLine(text, combined);
      if (!parts) {
        return { kind: 'reject', reason: combined ? 'Not a combined-format access log line' : 'Not a common-format access log line' };
      }
      const time = parseTimestamp(parts[3]!, ctx.timeZone);
      if (!time) return { kind: 'reject', reason: `Unreadable time "${parts[3]}"` };
      const ev: ParsedEvent = { ts: time.ms, kind: 'http' };
      if (time.zoneless) ev.zoneless = true;
      const fields: Record<string, string> = {};
      const client = parts[0]!;
      const src = canonicalAddress(client);
      if (src) ev.src = src;
      else if (client !== '-') fields.clientHost = client;
      if (parts[1] !== '-') fields.ident = parts[1]!;
      if (parts[2] !== '-') ev.user = parts[2]!;
      const request = unescape(parts[4]!);
      const sp1 = request.indexOf(' ');
      const sp2 = request.lastIndexOf(' ');
      if (sp1 > 0 && sp2 > sp1 && isMethod(request, 0, sp1, true) && request.startsWith('HTTP/', sp2 + 1)) {
        ev.method = request.slice(0, sp1);
        ev.url = request.slice(sp1 + 1, sp2);
        fields.httpVersion = request.slice(sp2 + 1);
      } else if (sp1 > 0 && sp2 === sp1 && isMethod(request, 0, sp1, false)) {
        // HTTP/0.9 style: "GET /path".
        ev.method = request.slice(0, sp1);
        ev.url = request.slice(sp1 + 1);
      } else if (request.length > 0 && request !== '-') {
        fields.request = request;
      }
      if (parts[5] !== '-') ev.status = Number(parts[5]);
      if (parts[6] !== '-') ev.respBytes = Number(parts[6]);
      if (combined) {
        const referer = unescape(parts[7]!);
        const ua = unescape(parts[8]!);
        if (referer && referer !== '-') fields.referer = referer;
        if (ua && ua !== '-') ev.ua = ua;
        const extra = parts[9]!.trim();
        if (extra) fields.extra = extra;
      } else {
        const extra = parts[7]!.trim();
        if (extra) fields.extra = extra;
      }
      if (hasKeys(fields)) ev.fields = fields;
      return { kind: 'event', event: ev };
    },
  };
}

/** One module per variant; they differ in pattern, name and how sure a match makes them. */
function accessModule(id: 'access-combined' | 'access-common', label: string, combined: boolean, weight: number, bonus: number): FormatModule {
  const re = combined ? COMBINED_RE : COMMON_RE;
  return {
    id,
    label,
    version: '1',
    sniff(head) {
      const lines = headLines(head);
      if (lines.length === 0) return null;
      const share = lines.filter((l) => re.test(l)).length / lines.length;
      return share > 0.5 ? { format: id, confidence: weight * share + bonus } : null;
    },
    createSplitter: createLineSplitter,
    createParser: (ctx) => createParser(combined, ctx),
  };
}

export const accessCombined = accessModule('access-combined', 'Nginx/Apache combined access log', true, 0.9, 0.05);
// Combined lines also match the common pattern; the combined module outbids this one then.
export const accessCommon = accessModule('access-common', 'Nginx/Apache common access log', false, 0.85, 0);

export function hasKeys(o: object): boolean {
  for (const _key in o) return true;
  return false;
}
