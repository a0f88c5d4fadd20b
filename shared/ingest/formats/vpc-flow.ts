import { canonicalAddress } from '../../net/address';
import { createLineSplitter, headLines } from './lines';
import { digitsValue, digitsValueBytes, isDigitBytes, isDigits } from './digits';
import { parserFromSink } from './event-sink';
import { RepeatCache } from './repeat-cache';
import { ByteInterner } from './byte-interner';
import { FieldBounds } from './field-bounds';
import { RepeatedText } from './repeated-text';
import type { FormatModule, LineBytesOutcome, LineParser, LineSink, RecordParser, RowOutcome } from './types';

/**
 * AWS VPC Flow Logs. The default (version 2) layout, or any custom layout declared by a header
 * line of field names, which is how exports from S3 and CloudWatch arrive. A record counts the
 * bytes that went from `srcaddr` to `dstaddr`, so they are bytes sent by the source.
 */
export const VPC_DEFAULT_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

const PROTOCOLS = new Map([['1', 'icmp'], ['6', 'tcp'], ['17', 'udp'], ['58', 'icmpv6'], ['47', 'gre'], ['50', 'esp']]);
const KNOWN = new Set(['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'bytes', 'start', 'action']);

function isHeader(line: string): boolean {
  return /(^|\s)srcaddr(\s|$)/.test(line) && /(^|\s)dstaddr(\s|$)/.test(line);
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

/**
 * The space-separated fields of one record, found by position instead of cut apart with
 * `split` (which made 14 strings a line, most of them numbers read once): values are read in
 * place and only the fields kept as text are sliced out.
 */
class Fields extends FieldBounds {
  private text = '';

  /** How many fields `text` has, as `split(' ')` counts them. */
  cut(text: string): number {
    this.text = text;
    let n = 0;
    for (let from = 0; ; n++) {
      const space = text.indexOf(' ', from);
      this.field(n, from, space < 0 ? text.length : space);
      if (space < 0) return n + 1;
      from = space + 1;
    }
  }

  /** Field `k` as text; undefined when the layout has no such field (k < 0). */
  get(k: number): string | undefined {
    return k < 0 ? undefined : this.text.slice(this.starts[k], this.ends[k]);
  }

  is(k: number, literal: string): boolean {
    if (k < 0 || this.ends[k]! - this.starts[k]! !== literal.length) return false;
    return this.text.startsWith(literal, this.starts[k]);
  }

  length(k: number): number {
    return k < 0 ? 0 : this.ends[k]! - this.starts[k]!;
  }

  digits(k: number): boolean {
    return k >= 0 && isDigits(this.text, this.starts[k]!, this.ends[k]!);
  }

  /**
   * Digits that read back unchanged as a number: no leading zero (account ids may have one) and
   * few enough to be exact. The in-place form, for non-negative integers, of `exactNumber`,
   * which leftovers of the other formats go through.
   */
  plainNumber(k: number): boolean {
    const n = this.length(k);
    return n > 0 && n <= 15 && (n === 1 || this.text.charCodeAt(this.starts[k]!) !== 48 /* 0 */) && this.digits(k);
  }

  /** Field `k` as a number; the caller checked `digits(k)`. */
  value(k: number): number {
    return digitsValue(this.text, this.starts[k]!, this.ends[k]!);
  }

  /** A port: undefined when absent or "-", null when not a port number. */
  port(k: number): number | undefined | null {
    if (k < 0 || this.is(k, '-')) return undefined;
    if (this.length(k) > 5 || !this.digits(k)) return null;
    const n = this.value(k);
    return n <= 65535 ? n : null;
  }
}

/**
 * `Fields` over the bytes of a line. It also notes whether the line holds anything but printable
 * ASCII and spaces: a tab or a wider space would make the text form's header test and trimming
 * see other fields than spaces cut, so such lines go to the text form.
 */
class ByteFields extends FieldBounds {
  private b: Uint8Array = new Uint8Array(0);
  /** The line holds a byte other than printable ASCII and spaces. */
  control = false;
  /**
   * A field could be the name `srcaddr` or `dstaddr` (seven bytes, opening with `s` or `d`), so the
   * line could be a header, which the text form reads.
   */
  mayName = false;

  cut(b: Uint8Array, start: number, end: number): number {
    this.b = b;
    this.control = false;
    this.mayName = false;
    let n = 0;
    let from = start;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c > 32 && c < 0x80) continue;
      if (c !== 32) { this.control = true; continue; }
      this.cutField(n++, from, i);
      from = i + 1;
    }
    this.cutField(n++, from, end);
    return n;
  }

  private cutField(n: number, from: number, to: number): void {
    if (to - from === 7 && (this.b[from] === 115 || this.b[from] === 100)) this.mayName = true;
    this.field(n, from, to);
  }

  start(k: number): number { return this.starts[k]!; }
  end(k: number): number { return this.ends[k]!; }
  length(k: number): number { return k < 0 ? 0 : this.ends[k]! - this.starts[k]!; }

  /** Field `k` is `-` (never true of a field the layout lacks). */
  dash(k: number): boolean {
    return k >= 0 && this.ends[k]! - this.starts[k]! === 1 && this.b[this.starts[k]!] === 45;
  }

  /** Field `k` is the ASCII `literal`. */
  is(k: number, literal: string): boolean {
    if (k < 0 || this.ends[k]! - this.starts[k]! !== literal.length) return false;
    const at = this.starts[k]!;
    for (let i = 0; i < literal.length; i++) if (this.b[at + i] !== literal.charCodeAt(i)) return false;
    return true;
  }

  /**
   * Field `k` as a number when it is one or more decimal digits, else -1: `digits` and `value` in
   * one pass over the field.
   */
  number(k: number): number {
    if (k < 0) return -1;
    const from = this.starts[k]!;
    const to = this.ends[k]!;
    if (to <= from) return -1;
    if (to - from > 15) return isDigitBytes(this.b, from, to) ? digitsValueBytes(this.b, from, to) : -1;
    let v = 0;
    for (let i = from; i < to; i++) {
      const d = this.b[i]! - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /** As `Fields.plainNumber`, with the value: -1 when the field is not such a number. */
  plainNumber(k: number): number {
    const n = this.length(k);
    return n > 0 && n <= 15 && (n === 1 || this.b[this.starts[k]!] !== 48) ? this.number(k) : -1;
  }

  /** As `Fields.port`. */
  port(k: number): number | undefined | null {
    if (k < 0 || this.dash(k)) return undefined;
    const n = this.length(k) > 5 ? -1 : this.number(k);
    return n >= 0 && n <= 65535 ? n : null;
  }
}

/** ASCII whitespace, or the first byte of a longer character (which may be a space too). */
function mayTrim(c: number): boolean {
  return c <= 32 || c >= 0x80;
}

function createParser(): RecordParser {
  // The layout is the text form's to change (header lines go to it) and the byte form's to read.
  const shared: { layout: Layout } = { layout: layout(VPC_DEFAULT_FIELDS) };
  const f = new Fields();
  // Flow logs name the same few hosts over and over.
  const addresses = new RepeatCache((text: string) => canonicalAddress(text) ?? '');
  const text = parserFromSink((record, sink): RowOutcome => {
    const text = record.text.trim();
    if (text.length === 0) return 'skip';
    if (text.includes('srcaddr') && isHeader(text)) {
      shared.layout = layout(text.split(/\s+/).map((name) => name.replace(/^\$\{|\}$/g, '')));
      return 'skip';
    }
    const l = shared.layout;
    const count = f.cut(text);
    if (count !== l.names.length) {
      return { reject: `Expected ${l.names.length} space-separated flow log fields, found ${count}` };
    }
    const a = l.at;
    if (f.is(a.logStatus, 'NODATA') || f.is(a.logStatus, 'SKIPDATA')) return 'skip';
    // Everything that can reject the record is judged before the row is begun.
    if (!f.digits(a.start)) return { reject: `Unreadable start time "${f.get(a.start) ?? ''}"` };
    const sp = f.port(a.srcport);
    const dp = f.port(a.dstport);
    if (sp === null) return { reject: `Source port "${f.get(a.srcport)}" is not a port number` };
    if (dp === null) return { reject: `Destination port "${f.get(a.dstport)}" is not a port number` };
    const hasBytes = f.length(a.bytes) > 0 && !f.is(a.bytes, '-');
    if (hasBytes && !f.digits(a.bytes)) return { reject: `Byte count "${f.get(a.bytes)}" is not a number` };

    sink.begin(f.value(a.start) * 1000, 'flow', false);
    const src = a.srcaddr < 0 ? '' : addresses.get(f.get(a.srcaddr)!);
    const dst = a.dstaddr < 0 ? '' : addresses.get(f.get(a.dstaddr)!);
    if (src) sink.address('src', src);
    if (dst) sink.address('dst', dst);
    if (sp !== undefined) sink.number('srcPort', sp);
    if (dp !== undefined) sink.number('dstPort', dp);
    if (f.length(a.protocol) > 0 && !f.is(a.protocol, '-')) {
      const proto = f.get(a.protocol)!;
      sink.string('proto', PROTOCOLS.get(proto) ?? proto);
    }
    if (hasBytes) sink.number('origBytes', f.value(a.bytes));
    if (f.is(a.action, 'ACCEPT')) sink.string('action', 'allow');
    else if (f.is(a.action, 'REJECT')) sink.string('action', 'deny');
    else if (f.length(a.action) > 0 && !f.is(a.action, '-')) sink.string('action', f.get(a.action)!.toLowerCase());
    for (const k of l.rest) {
      if (f.is(k, '-')) continue;
      // Counts and times are near-unique: kept as numbers, they stay out of the dictionary.
      if (f.plainNumber(k)) sink.extraNumber(l.names[k]!, f.value(k));
      else sink.extra(l.names[k]!, f.get(k)!);
    }
    return 'row';
  });

  return { ...text, bytes: new VpcBytesParser(shared) };
}

/**
 * The byte form: the same checks in the same order, on fields found in the bytes. Lines the
 * text form skips or rejects, header lines among them (which change the layout both use), and
 * lines it would trim go to it.
 */
class VpcBytesParser implements LineParser {
  private readonly bf = new ByteFields();
  private readonly addresses = new ByteInterner((t: string) => new RepeatedText(canonicalAddress(t) ?? ''));
  private readonly protocols = new ByteInterner((t: string) => new RepeatedText(PROTOCOLS.get(t) ?? t));
  private readonly actions = new ByteInterner((t: string) => new RepeatedText(t.toLowerCase()));
  private readonly leftovers = new ByteInterner((t: string) => new RepeatedText(t));

  constructor(private readonly shared: { readonly layout: Layout }) {}

  parseLine(b: Uint8Array, view: DataView, start: number, end: number, sink: LineSink): LineBytesOutcome {
    if (end === start || mayTrim(b[start]!) || mayTrim(b[end - 1]!)) return 'text';
    const bf = this.bf;
    const l = this.shared.layout;
    const count = bf.cut(b, start, end);
    // A line that could be a header (bf.mayName) is the text form's: it changes the layout.
    if (bf.control || bf.mayName || count !== l.names.length) return 'text';
    const a = l.at;
    if (bf.is(a.logStatus, 'NODATA') || bf.is(a.logStatus, 'SKIPDATA')) return 'text';
    const startSeconds = bf.number(a.start);
    if (startSeconds < 0) return 'text';
    const sp = bf.port(a.srcport);
    const dp = bf.port(a.dstport);
    if (sp === null || dp === null) return 'text';
    const hasBytes = bf.length(a.bytes) > 0 && !bf.dash(a.bytes);
    const bytes = hasBytes ? bf.number(a.bytes) : -1;
    if (hasBytes && bytes < 0) return 'text';

    sink.begin(startSeconds * 1000, 'flow', false);
    const src = a.srcaddr < 0 ? NO_ADDRESS : this.addresses.get(b, view, bf.start(a.srcaddr), bf.end(a.srcaddr));
    const dst = a.dstaddr < 0 ? NO_ADDRESS : this.addresses.get(b, view, bf.start(a.dstaddr), bf.end(a.dstaddr));
    if (src.text) sink.repeatedAddress('src', src);
    if (dst.text) sink.repeatedAddress('dst', dst);
    if (sp !== undefined) sink.number('srcPort', sp);
    if (dp !== undefined) sink.number('dstPort', dp);
    if (bf.length(a.protocol) > 0 && !bf.dash(a.protocol)) sink.repeatedString('proto', this.protocols.get(b, view, bf.start(a.protocol), bf.end(a.protocol)));
    if (hasBytes) sink.number('origBytes', bytes);
    if (bf.is(a.action, 'ACCEPT')) sink.repeatedString('action', ALLOW);
    else if (bf.is(a.action, 'REJECT')) sink.repeatedString('action', DENY);
    else if (bf.length(a.action) > 0 && !bf.dash(a.action)) sink.repeatedString('action', this.actions.get(b, view, bf.start(a.action), bf.end(a.action)));
    for (const k of l.rest) {
      if (bf.dash(k)) continue;
      const n = bf.plainNumber(k);
      if (n >= 0) sink.extraNumber(l.names[k]!, n);
      else sink.repeatedExtra(l.names[k]!, this.leftovers.get(b, view, bf.start(k), bf.end(k)));
    }
    return 'row';
  }
}

// Values every flow log repeats: the builder notes each one's id in the segment being written.
const ALLOW = new RepeatedText('allow');
const DENY = new RepeatedText('deny');
const NO_ADDRESS = new RepeatedText('');

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
  byteRecords: 'lines',
  createParser,
};
