/**
 * Undo the encodings attackers use to slip payloads past filters, so the detection rules can be
 * written against plain text. Nothing here lower-cases: case folding is each rule's business.
 *
 * One round = percent-decoding (`%XX` byte runs read as UTF-8, overlong forms folded to the ASCII
 * character a lenient server would have seen, `%uXXXX` IIS escapes) followed by a few HTML
 * entities. Rounds repeat, at most three, until the text stops changing. `+` becomes a space in
 * the query part (after the first `?`) once, before the first round; a `+` produced by decoding
 * `%2B` stays a plus. Malformed escapes stay as they were; backslashes are kept. Never throws.
 */

const MAX_ROUNDS = 3;

/** Value of one hex digit, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87; // a-f
  return -1;
}

/** The byte of `%XX` at `i` (the `%`), or -1. */
function escapedByte(s: string, i: number): number {
  if (i + 2 >= s.length) return -1;
  const hi = hexValue(s.charCodeAt(i + 1));
  if (hi < 0) return -1;
  const lo = hexValue(s.charCodeAt(i + 2));
  if (lo < 0) return -1;
  return (hi << 4) | lo;
}

/** The code unit of `%uXXXX` at `i` (the `%`), or -1. */
function escapedUnit(s: string, i: number): number {
  if (i + 5 >= s.length) return -1;
  const u = s.charCodeAt(i + 1);
  if (u !== 117 && u !== 85) return -1; // u U
  let v = 0;
  for (let k = 2; k <= 5; k++) {
    const h = hexValue(s.charCodeAt(i + k));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

const isCont = (b: number | undefined): b is number => b !== undefined && (b & 0xc0) === 0x80;

/**
 * A run of escaped bytes, read as UTF-8. Overlong forms (`%c0%af`, `%e0%80%af`) give their
 * code point, as old IIS and Tomcat did. A byte that starts no valid sequence is written back as
 * its original escape text.
 */
function decodeByteRun(bytes: number[], source: string, start: number): string {
  let out = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) { out += String.fromCharCode(b0); i += 1; continue; }
    const b1 = bytes[i + 1];
    if (b0 >= 0xc0 && b0 <= 0xdf && isCont(b1)) {
      out += String.fromCharCode(((b0 & 0x1f) << 6) | (b1 & 0x3f));
      i += 2; continue;
    }
    const b2 = bytes[i + 2];
    if (b0 >= 0xe0 && b0 <= 0xef && isCont(b1) && isCont(b2)) {
      out += String.fromCharCode(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
      i += 3; continue;
    }
    const b3 = bytes[i + 3];
    if (b0 >= 0xf0 && b0 <= 0xf4 && isCont(b1) && isCont(b2) && isCont(b3)) {
      const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      if (cp <= 0x10ffff) { out += String.fromCodePoint(cp); i += 4; continue; }
    }
    // Not a sequence we can read: keep the escape exactly as written.
    const at = start + i * 3;
    out += source.slice(at, at + 3);
    i += 1;
  }
  return out;
}

/**
 * The "best fit" IIS applied to `%u` escapes: fullwidth ASCII (U+FF01..U+FF5E) and the division
 * slash / set minus (U+2215, U+2216) became the plain characters, so `%uff0e%uff0e%u2215` is `../`.
 */
function bestFit(unit: number): number {
  if (unit >= 0xff01 && unit <= 0xff5e) return unit - 0xfee0;
  if (unit === 0x2215) return 0x2f;
  if (unit === 0x2216) return 0x5c;
  return unit;
}

function percentDecode(s: string): string {
  const first = s.indexOf('%');
  if (first < 0) return s;
  let out = s.slice(0, first);
  let i = first;
  const n = s.length;
  const bytes: number[] = [];
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 37) { // not '%'
      const next = s.indexOf('%', i);
      const end = next < 0 ? n : next;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    const unit = escapedUnit(s, i);
    if (unit >= 0) {
      out += String.fromCharCode(bestFit(unit));
      i += 6;
      continue;
    }
    // Collect a run of %XX escapes, then read it as UTF-8.
    const runStart = i;
    bytes.length = 0;
    while (i < n && s.charCodeAt(i) === 37) {
      const b = escapedByte(s, i);
      if (b < 0) break;
      bytes.push(b);
      i += 3;
    }
    if (bytes.length === 0) { out += '%'; i += 1; continue; }
    out += decodeByteRun(bytes, s, runStart);
  }
  return out;
}

const NAMED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['amp', '&'],
  // HTML5 names used to hide punctuation in XSS payloads (`javascript&colon;`).
  ['colon', ':'], ['tab', '\t'], ['newline', '\n'], ['lpar', '('], ['rpar', ')'], ['sol', '/'], ['bsol', '\\'],
  ['period', '.'], ['grave', '`'], ['dollar', '$'], ['lcub', '{'], ['rcub', '}'], ['semi', ';'], ['equals', '='],
]);
// Named entities (only those above; others stay as written) need their semicolon: a query's
// `&lt=5` is a parameter, not a `<`. Numeric ones do not, as browsers accept `&#60` too.
const ENTITY = /&(?:([a-z]{2,7});|#(?:x([0-9a-f]{1,8})|(\d{1,10}));?)/gi;

/** Whether some `&` may start an entity (a cheap check that spares the regex). */
function mayHoldEntity(s: string): boolean {
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    if (s.charCodeAt(i + 1) === 35) return true; // &#
    const semi = s.indexOf(';', i + 3);
    if (semi >= 0 && semi <= i + 8) return true;
  }
  return false;
}

function entityDecode(s: string): string {
  if (!mayHoldEntity(s)) return s;
  return s.replace(ENTITY, (whole: string, name: string | undefined, hex: string | undefined, dec: string | undefined) => {
    if (name !== undefined) return NAMED.get(name.toLowerCase()) ?? whole;
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
    return String.fromCodePoint(cp);
  });
}

function plusToSpaceInQuery(s: string): string {
  const q = s.indexOf('?');
  if (q < 0 || s.indexOf('+', q) < 0) return s;
  return s.slice(0, q + 1) + s.slice(q + 1).replaceAll('+', ' ');
}

/** The text as a lenient server would finally have seen it; see the module comment. */
export function decodeForMatching(text: string): string {
  let out = plusToSpaceInQuery(text);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = entityDecode(percentDecode(out));
    if (next === out) break;
    out = next;
  }
  return out;
}
