import { canonicalAddress } from '../../net/address';
import { clfBytesMs, parseTimestamp } from '../time/timestamp';
import { createLineSplitter, headLines } from './lines';
import { digitsValue, digitsValueBytes, isDigitBytes, isDigits } from './digits';
import { parserFromSink } from './event-sink';
import { RepeatCache } from './repeat-cache';
import { ByteInterner } from './byte-interner';
import { RepeatedText, repeated } from './repeated-text';
import { decodeUtf8 } from '../bytes';
import type { FormatModule, LineBytesOutcome, LineParser, LineSink, ParserContext, RecordParser, RowOutcome } from './types';

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

/** Where the fields of an access-log line start and end; see `locateHead`. */
const enum At { S1, S2, S3, Close, ReqEnd, StatusEnd, BytesStart, BytesEnd, Length }

/**
 * Finds the fields of a line up to the response size, like the patterns above but without a
 * regular expression (this is the hottest parser): client, ident, user, time, request, status,
 * bytes. Writes their boundaries into `at`; false when the line is not of the format.
 */
function locateHead(text: string, at: Int32Array): boolean {
  const s1 = text.indexOf(' ');
  if (s1 <= 0) return false;
  const s2 = text.indexOf(' ', s1 + 1);
  if (s2 <= s1 + 1) return false;
  const s3 = text.indexOf(' ', s2 + 1);
  if (s3 <= s2 + 1 || text.charCodeAt(s3 + 1) !== 91 /* [ */) return false;
  const close = text.indexOf(']', s3 + 2);
  if (close <= s3 + 2 || text.charCodeAt(close + 1) !== 32 || text.charCodeAt(close + 2) !== 34) return false;
  const reqEnd = closingQuote(text, close + 2);
  if (reqEnd < 0 || text.charCodeAt(reqEnd + 1) !== 32) return false;
  const statusStart = reqEnd + 2;
  const statusEnd = text.indexOf(' ', statusStart);
  if (statusEnd < 0) return false;
  const statusLength = statusEnd - statusStart;
  if (!(statusLength === 1 && text.charCodeAt(statusStart) === 45) && !(statusLength === 3 && isDigits(text, statusStart, statusEnd))) return false;
  const bytesStart = statusEnd + 1;
  let bytesEnd = bytesStart;
  if (text.charCodeAt(bytesStart) === 45 /* - */) bytesEnd = bytesStart + 1;
  else while (bytesEnd < text.length && text.charCodeAt(bytesEnd) >= 48 && text.charCodeAt(bytesEnd) <= 57) bytesEnd++;
  if (bytesEnd === bytesStart) return false;
  at[At.S1] = s1; at[At.S2] = s2; at[At.S3] = s3; at[At.Close] = close; at[At.ReqEnd] = reqEnd;
  at[At.StatusEnd] = statusEnd; at[At.BytesStart] = bytesStart; at[At.BytesEnd] = bytesEnd;
  return true;
}

/** The referer, user agent and whatever follows, from the text after the size of a combined line. */
function splitCombinedTail(tail: string): [referer: string, ua: string, rest: string] | null {
  if (tail.charCodeAt(0) !== 32 || tail.charCodeAt(1) !== 34) return null;
  const refEnd = closingQuote(tail, 1);
  if (refEnd < 0 || tail.charCodeAt(refEnd + 1) !== 32 || tail.charCodeAt(refEnd + 2) !== 34) return null;
  const uaEnd = closingQuote(tail, refEnd + 2);
  if (uaEnd < 0) return null;
  return [tail.slice(2, refEnd), tail.slice(refEnd + 3, uaEnd), tail.slice(uaEnd + 1)];
}

/**
 * Cuts a line into the fields of the format: client, ident, user, time, request, status, bytes,
 * then referer, user agent and whatever follows (combined) or whatever follows (common).
 * Returns null when the line is not of the format.
 */
export function splitAccessLine(text: string, combined: boolean): string[] | null {
  const at = new Int32Array(At.Length);
  if (!locateHead(text, at)) return null;
  const head = [
    text.slice(0, at[At.S1]), text.slice(at[At.S1]! + 1, at[At.S2]), text.slice(at[At.S2]! + 1, at[At.S3]),
    text.slice(at[At.S3]! + 2, at[At.Close]), text.slice(at[At.Close]! + 3, at[At.ReqEnd]),
    text.slice(at[At.ReqEnd]! + 2, at[At.StatusEnd]), text.slice(at[At.BytesStart], at[At.BytesEnd]),
  ];
  const tail = text.slice(at[At.BytesEnd]);
  if (!combined) return [...head, tail];
  const rest = splitCombinedTail(tail);
  return rest ? [...head, ...rest] : null;
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

/** A request line taken apart; what is not HTTP stays whole in `request`. */
interface Request { method?: string; url?: string; version?: string; request?: string }

function parseRequest(quoted: string): Request {
  const request = unescape(quoted);
  const sp1 = request.indexOf(' ');
  const sp2 = request.lastIndexOf(' ');
  if (sp1 > 0 && sp2 > sp1 && isMethod(request, 0, sp1, true) && request.startsWith('HTTP/', sp2 + 1)) {
    return { method: request.slice(0, sp1), url: request.slice(sp1 + 1, sp2), version: request.slice(sp2 + 1) };
  }
  if (sp1 > 0 && sp2 === sp1 && isMethod(request, 0, sp1, false)) {
    // HTTP/0.9 style: "GET /path".
    return { method: request.slice(0, sp1), url: request.slice(sp1 + 1) };
  }
  return request.length > 0 && request !== '-' ? { request } : {};
}

/** What follows the size: referer and user agent (combined), and anything a custom format appends. */
interface Tail { referer?: string; ua?: string; extra?: string }

function parseTail(tail: string, combined: boolean): Tail | null {
  if (!combined) {
    const extra = tail.trim();
    return extra ? { extra } : {};
  }
  const parts = splitCombinedTail(tail);
  if (!parts) return null;
  const out: Tail = {};
  const referer = unescape(parts[0]);
  const ua = unescape(parts[1]);
  const extra = parts[2].trim();
  if (referer && referer !== '-') out.referer = referer;
  if (ua && ua !== '-') out.ua = ua;
  if (extra) out.extra = extra;
  return out;
}

function createParser(combined: boolean, ctx: ParserContext): RecordParser {
  const at = new Int32Array(At.Length);
  // The parts of a line that repeat: who asked, what they asked for, and with which browser.
  const clients = new RepeatCache((client: string) => canonicalAddress(client) ?? '');
  const requests = new RepeatCache(parseRequest);
  const tails = new RepeatCache((tail: string) => parseTail(tail, combined) ?? false);
  const notOfFormat = { reject: combined ? 'Not a combined-format access log line' : 'Not a common-format access log line' };

  const text = parserFromSink((record, sink): RowOutcome => {
    const text = record.text;
    if (text.length === 0 || text.trim().length === 0) return 'skip';
    if (!locateHead(text, at)) return notOfFormat;
    const timeText = text.slice(at[At.S3]! + 2, at[At.Close]);
    const time = parseTimestamp(timeText, ctx.timeZone);
    if (!time) return { reject: `Unreadable time "${timeText}"` };
    const tail = tails.get(text.slice(at[At.BytesEnd]));
    if (tail === false) return notOfFormat;

    sink.begin(time.ms, 'http', time.zoneless);
    const client = text.slice(0, at[At.S1]);
    const src = clients.get(client);
    if (src) sink.address('src', src);
    else if (client !== '-') sink.extra('clientHost', client);
    const ident = text.slice(at[At.S1]! + 1, at[At.S2]);
    if (ident !== '-') sink.extra('ident', ident);
    const user = text.slice(at[At.S2]! + 1, at[At.S3]);
    if (user !== '-') sink.string('user', user);
    const request = requests.get(text.slice(at[At.Close]! + 3, at[At.ReqEnd]));
    if (request.method !== undefined) sink.string('method', request.method);
    if (request.url !== undefined) sink.string('url', request.url);
    if (request.version !== undefined) sink.extra('httpVersion', request.version);
    if (request.request !== undefined) sink.extra('request', request.request);
    const statusStart = at[At.ReqEnd]! + 2;
    if (text.charCodeAt(statusStart) !== 45 /* - */) sink.number('status', digitsValue(text, statusStart, at[At.StatusEnd]!));
    const bytesStart = at[At.BytesStart]!;
    if (text.charCodeAt(bytesStart) !== 45) sink.number('respBytes', digitsValue(text, bytesStart, at[At.BytesEnd]!));
    if (tail.referer !== undefined) sink.extra('referer', tail.referer);
    if (tail.ua !== undefined) sink.string('ua', tail.ua);
    if (tail.extra !== undefined) sink.extra('extra', tail.extra);
    return 'row';
  });
  return { ...text, bytes: new AccessBytesParser(combined, ctx) };
}

/** `closingQuote` over bytes: the quote closing the field opening at `open` before `end`; -1 if none. */
function closingQuoteByte(b: Uint8Array, open: number, end: number): number {
  for (let from = open + 1; ;) {
    const q = b.indexOf(34 /* " */, from);
    if (q < 0 || q >= end) return -1;
    let k = q - 1;
    while (k > open && b[k] === 92 /* \ */) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * The next `c` in `b[from, end)`, or -1. Four bytes are tested per step (a word holds `c` when
 * XOR with `c` in every byte leaves a zero byte, which the usual bit trick finds), then the
 * byte is found one by one: the time's closing bracket lies some 27 bytes on.
 */
function nextByte(b: Uint8Array, view: DataView, c: number, from: number, end: number): number {
  const pattern = Math.imul(c, 0x01010101);
  let i = from;
  for (; i + 4 <= end; i += 4) {
    const x = view.getInt32(i) ^ pattern;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
  }
  for (; i < end; i++) if (b[i] === c) return i;
  return -1;
}

/**
 * `locateHead` over the bytes of a line `b[start, end)`: the same checks, with positions in `b`.
 * Field delimiters are ASCII, and no byte of a longer UTF-8 character is ASCII, so the fields
 * found are the ones the text parser finds in the decoded line.
 */
function locateHeadBytes(b: Uint8Array, view: DataView, start: number, end: number, at: Int32Array): boolean {
  const s1 = nextByte(b, view, 32, start, end);
  if (s1 <= start) return false;
  const s2 = nextByte(b, view, 32, s1 + 1, end);
  if (s2 <= s1 + 1) return false;
  const s3 = nextByte(b, view, 32, s2 + 1, end);
  if (s3 <= s2 + 1 || b[s3 + 1] !== 91 /* [ */ || s3 + 1 >= end) return false;
  const close = nextByte(b, view, 93 /* ] */, s3 + 2, end);
  if (close <= s3 + 2 || close + 2 >= end || b[close + 1] !== 32 || b[close + 2] !== 34) return false;
  const reqEnd = closingQuoteByte(b, close + 2, end);
  if (reqEnd < 0 || reqEnd + 1 >= end || b[reqEnd + 1] !== 32) return false;
  const statusStart = reqEnd + 2;
  const statusEnd = nextByte(b, view, 32, statusStart, end);
  if (statusEnd < 0) return false;
  const statusLength = statusEnd - statusStart;
  if (statusLength === 1 ? b[statusStart] !== 45 : !(statusLength === 3 && isDigitBytes(b, statusStart, statusEnd))) return false;
  const bytesStart = statusEnd + 1;
  let bytesEnd = bytesStart;
  if (bytesStart < end && b[bytesStart] === 45 /* - */) bytesEnd = bytesStart + 1;
  else while (bytesEnd < end && b[bytesEnd]! >= 48 && b[bytesEnd]! <= 57) bytesEnd++;
  if (bytesEnd === bytesStart) return false;
  at[At.S1] = s1; at[At.S2] = s2; at[At.S3] = s3; at[At.Close] = close; at[At.ReqEnd] = reqEnd;
  at[At.StatusEnd] = statusEnd; at[At.BytesStart] = bytesStart; at[At.BytesEnd] = bytesEnd;
  return true;
}

/** The client field: an address, or a host name kept as a leftover (both empty when `-`). */
interface Client { address: RepeatedText; host: RepeatedText }

/** A request line's parts, as the byte form hands them to the builder. */
interface RepeatedRequest { method?: RepeatedText; url?: RepeatedText; version?: RepeatedText; request?: RepeatedText }

/** The tail's parts, likewise. */
interface RepeatedTail { referer?: RepeatedText; ua?: RepeatedText; extra?: RepeatedText }

/**
 * The byte form of the access-log parser. The repeating parts (client, request line, tail) go
 * through byte interners whose misses call the text parser's own functions on the decoded field,
 * and the timestamp is parsed again only when its bytes change, so a line seen in parts before
 * costs no string. Lines it cannot read as a row go to the text parser, which words the reason.
 */
class AccessBytesParser implements LineParser {
  private readonly at = new Int32Array(At.Length);
  private readonly clients = new ByteInterner((client: string): Client => {
    const address = canonicalAddress(client) ?? '';
    return { address: new RepeatedText(address), host: new RepeatedText(address || client === '-' ? '' : client) };
  });
  private readonly requests = new ByteInterner((quoted: string): RepeatedRequest => {
    const { method, url, version, request } = parseRequest(quoted);
    return { method: repeated(method), url: repeated(url), version: repeated(version), request: repeated(request) };
  });
  private readonly tails: ByteInterner<RepeatedTail | false>;
  // The last timestamp's bytes and what they meant: logs write many lines per second.
  private lastTime = new Uint8Array(64);
  private lastTimeView = new DataView(this.lastTime.buffer);
  private lastTimeLength = -1;
  private lastMs = 0;
  private lastZoneless = false;

  constructor(combined: boolean, private readonly ctx: ParserContext) {
    this.tails = new ByteInterner((text: string): RepeatedTail | false => {
      const tail = parseTail(text, combined);
      return tail ? { referer: repeated(tail.referer), ua: repeated(tail.ua), extra: repeated(tail.extra) } : false;
    });
  }

  parseLine(b: Uint8Array, view: DataView, start: number, end: number, sink: LineSink): LineBytesOutcome {
    const at = this.at;
    if (!locateHeadBytes(b, view, start, end, at)) return 'text';
    const timeFrom = at[At.S3]! + 2;
    const timeTo = at[At.Close]!;
    if (!this.sameTime(b, view, timeFrom, timeTo) && !this.readTime(b, timeFrom, timeTo)) return 'text';
    const tail = this.tails.get(b, view, at[At.BytesEnd]!, end);
    if (tail === false) return 'text';

    sink.begin(this.lastMs, 'http', this.lastZoneless);
    const client = this.clients.get(b, view, start, at[At.S1]!);
    if (client.address.text) sink.repeatedAddress('src', client.address);
    else if (client.host.text) sink.repeatedExtra('clientHost', client.host);
    const s1 = at[At.S1]!, s2 = at[At.S2]!, s3 = at[At.S3]!;
    if (!(s2 - s1 === 2 && b[s1 + 1] === 45)) sink.extra('ident', decodeField(b, s1 + 1, s2));
    if (!(s3 - s2 === 2 && b[s2 + 1] === 45)) sink.string('user', decodeField(b, s2 + 1, s3));
    const request = this.requests.get(b, view, at[At.Close]! + 3, at[At.ReqEnd]!);
    if (request.method !== undefined) sink.repeatedString('method', request.method);
    if (request.url !== undefined) sink.repeatedString('url', request.url);
    if (request.version !== undefined) sink.repeatedExtra('httpVersion', request.version);
    if (request.request !== undefined) sink.repeatedExtra('request', request.request);
    const statusStart = at[At.ReqEnd]! + 2;
    if (b[statusStart] !== 45 /* - */) sink.number('status', digitsValueBytes(b, statusStart, at[At.StatusEnd]!));
    const bytesStart = at[At.BytesStart]!;
    if (b[bytesStart] !== 45) sink.number('respBytes', digitsValueBytes(b, bytesStart, at[At.BytesEnd]!));
    if (tail.referer !== undefined) sink.repeatedExtra('referer', tail.referer);
    if (tail.ua !== undefined) sink.repeatedString('ua', tail.ua);
    if (tail.extra !== undefined) sink.repeatedExtra('extra', tail.extra);
    return 'row';
  }

  /**
   * The line's time has the last line's bytes, compared four bytes per step: a time is compared
   * on every line, and byte by byte that comparison cost about a twelfth of the line.
   */
  private sameTime(b: Uint8Array, view: DataView, from: number, to: number): boolean {
    const length = this.lastTimeLength;
    if (to - from !== length) return false;
    const last = this.lastTime;
    const lastView = this.lastTimeView;
    let i = 0;
    for (; i + 4 <= length; i += 4) if (lastView.getInt32(i) !== view.getInt32(from + i)) return false;
    for (; i < length; i++) if (last[i] !== b[from + i]) return false;
    return true;
  }

  /** Reads a new time and remembers it; false when the text parser must judge the line. */
  private readTime(b: Uint8Array, from: number, to: number): boolean {
    // The usual shape is read from the bytes; any other goes through the text parser.
    let ms = clfBytesMs(b, from, to);
    let zoneless = false;
    if (ms !== ms) {
      const time = parseTimestamp(decodeField(b, from, to), this.ctx.timeZone);
      if (!time) return false;
      ms = time.ms;
      zoneless = time.zoneless;
    }
    if (to - from > this.lastTime.length) {
      this.lastTime = new Uint8Array(to - from);
      this.lastTimeView = new DataView(this.lastTime.buffer);
    }
    this.lastTime.set(b.subarray(from, to));
    this.lastTimeLength = to - from;
    this.lastMs = ms;
    this.lastZoneless = zoneless;
    return true;
  }
}

/** A field's text, for the fields that do not repeat (ident, user) and times of an unusual shape. */
function decodeField(b: Uint8Array, from: number, to: number): string {
  return decodeUtf8(b.subarray(from, to));
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
    byteRecords: 'lines',
    createParser: (ctx) => createParser(combined, ctx),
  };
}

export const accessCombined = accessModule('access-combined', 'Nginx/Apache combined access log', true, 0.9, 0.05);
// Combined lines also match the common pattern; the combined module outbids this one then.
export const accessCommon = accessModule('access-common', 'Nginx/Apache common access log', false, 0.85, 0);
