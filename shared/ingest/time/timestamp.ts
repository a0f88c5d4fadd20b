/**
 * Timestamps of every log format Tidemark reads, to UTC epoch milliseconds. Hand-written digit
 * parsing: this runs once per record, millions of times per import.
 */
export interface ParsedTime {
  ms: number;
  /** The text named no zone, so `timeZone` was applied. */
  zoneless: boolean;
}

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

// Logs write many records per second: the previous answer is often the next one.
let lastText = '';
let lastZone = '';
let lastResult: ParsedTime | null = null;

export function parseTimestamp(text: string, timeZone = 'UTC'): ParsedTime | null {
  if (text === lastText && timeZone === lastZone) return lastResult;
  const result = parseUncached(text, timeZone);
  lastText = text;
  lastZone = timeZone;
  lastResult = result;
  return result;
}

function parseUncached(text: string, timeZone: string): ParsedTime | null {
  const t = text.trim();
  if (t.length === 0) return null;
  const c0 = t.charCodeAt(0);
  if (isDigit(c0)) {
    if (t.length >= 10 && t.charCodeAt(4) === 45 /* - */) return parseIso(t, timeZone);
    if (t.length >= 20 && t.charCodeAt(2) === 47 /* / */) return parseClf(t);
    return parseEpoch(t);
  }
  if (c0 === 91 /* [ */ && t.endsWith(']')) return parseUncached(t.slice(1, -1), timeZone);
  return null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Digits from `s[a]` to `s[b-1]`, or -1 if any is not a digit. */
function num(s: string, a: number, b: number): number {
  let v = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 0 || mo < 0 || mo > 11 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
  // Counted, not asked of a Date (an object per record). Years 0-99 are 1900-1999, as Date.UTC
  // reads them when the time is computed.
  const year = y <= 99 ? 1900 + y : y;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return d <= (mo === 1 && leap ? 29 : DAYS_IN_MONTH[mo]!);
}

/** `10/Oct/2000:13:55:36 -0700` (common log format). */
function parseClf(t: string): ParsedTime | null {
  const d = num(t, 0, 2);
  const mo = MONTHS[t.slice(3, 6)];
  const y = num(t, 7, 11);
  if (t.charCodeAt(11) !== 58 || mo === undefined) return null;
  const h = num(t, 12, 14), mi = num(t, 15, 17), s = num(t, 18, 20);
  if (!validDate(y, mo, d, h, mi, s)) return null;
  const base = Date.UTC(y, mo, d, h, mi, s);
  const rest = t.slice(20).trim();
  if (rest.length === 0) return null;
  const off = parseOffset(rest);
  if (off === null) return null;
  return { ms: base - off, zoneless: false };
}

/** Months by their three ASCII bytes packed into one number. */
const MONTH_BYTES = new Map(Object.entries(MONTHS).map(([name, m]) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), m]));

/** Two ASCII digits at `b[i]`, or -1. */
function twoDigits(b: Uint8Array, i: number): number {
  const hi = b[i]! - 48, lo = b[i + 1]! - 48;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}

/**
 * A common-log-format time written exactly `10/Oct/2000:13:55:36 -0700`, read from its bytes
 * `b[from, to)`: UTC epoch ms, or NaN for anything else (which the text parser then judges).
 * Where it answers, it answers as `parseTimestamp` does for the same text.
 */
export function clfBytesMs(b: Uint8Array, from: number, to: number): number {
  if (to - from !== 26 || b[from + 2] !== 47 || b[from + 6] !== 47 || b[from + 11] !== 58 || b[from + 14] !== 58
    || b[from + 17] !== 58 || b[from + 20] !== 32) return NaN;
  const sign = b[from + 21] === 43 ? 1 : b[from + 21] === 45 ? -1 : 0;
  const mo = MONTH_BYTES.get((b[from + 3]! << 16) | (b[from + 4]! << 8) | b[from + 5]!);
  const d = twoDigits(b, from), y1 = twoDigits(b, from + 7), y2 = twoDigits(b, from + 9);
  const h = twoDigits(b, from + 12), mi = twoDigits(b, from + 15), s = twoDigits(b, from + 18);
  const oh = twoDigits(b, from + 22), om = twoDigits(b, from + 24);
  if (sign === 0 || mo === undefined || d < 0 || y1 < 0 || y2 < 0 || oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  const y = y1 * 100 + y2;
  if (!validDate(y, mo, d, h, mi, s)) return NaN;
  return Date.UTC(y, mo, d, h, mi, s) - sign * (oh * 60 + om) * 60_000;
}

/**
 * An ISO 8601 time that names its zone, written `2026-03-12T14:03:11.250Z` (a space or `t` may
 * stand for the `T`; any number of fractional digits, or none; the zone `Z`, `z`, `+hh:mm` or
 * `+hhmm`), read from its bytes `b[from, to)`: UTC epoch ms, or NaN for anything else, zone-less
 * times among them (they need the source's zone), which the text parser then judges. Where it
 * answers, it answers as `parseTimestamp` does for the same text.
 */
export function isoBytesMs(b: Uint8Array, from: number, to: number): number {
  if (to - from < 20 || b[from + 4] !== 45 || b[from + 7] !== 45 || b[from + 13] !== 58 || b[from + 16] !== 58) return NaN;
  const sep = b[from + 10];
  if (sep !== 84 /* T */ && sep !== 32 && sep !== 116 /* t */) return NaN;
  const y1 = twoDigits(b, from), y2 = twoDigits(b, from + 2), mo = twoDigits(b, from + 5) - 1, d = twoDigits(b, from + 8);
  const h = twoDigits(b, from + 11), mi = twoDigits(b, from + 14), s = twoDigits(b, from + 17);
  if (y1 < 0 || y2 < 0 || !validDate(y1 * 100 + y2, mo, d, h, mi, s)) return NaN;
  let p = from + 19;
  let frac = 0;
  if (b[p] === 46 /* . */ || b[p] === 44 /* , */) {
    // As the text parser: milliseconds keep the first three digits; the rest are read past.
    let scale = 100;
    for (p++; p < to && b[p]! >= 48 && b[p]! <= 57; p++) {
      frac += (b[p]! - 48) * scale;
      scale = scale > 1 ? scale / 10 : 0;
    }
  }
  const local = utcMs(y1 * 100 + y2, mo, d, h, mi, s) + frac;
  const zone = to - p;
  if (zone === 1 && (b[p] === 90 /* Z */ || b[p] === 122 /* z */)) return local;
  if (zone !== 5 && zone !== 6) return NaN;
  const sign = b[p] === 43 ? 1 : b[p] === 45 ? -1 : 0;
  const oh = twoDigits(b, p + 1);
  const om = twoDigits(b, zone === 6 ? p + 4 : p + 3);
  if (sign === 0 || (zone === 6 && b[p + 3] !== 58) || oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  return local - sign * (oh * 60 + om) * 60_000;
}

/**
 * `Date.UTC(y, mo, d, h, mi, s)` for a date and time `validDate` accepts, counted (days from the
 * civil calendar, proleptic Gregorian) instead of asked of the engine, which cost more than the
 * rest of reading a CSV row's time. Years 0-99 are 1900-1999, as Date.UTC reads them.
 */
export function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const year = (y <= 99 ? 1900 + y : y) - (mo < 2 ? 1 : 0);
  // Years counted from March, so the leap day ends a year: 400-year eras of 146,097 days.
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * ((mo + 10) % 12) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000;
}

/** ISO 8601 / RFC 3339: date, `T` or space, time, optional fraction, optional zone. */
function parseIso(t: string, timeZone: string): ParsedTime | null {
  const y = num(t, 0, 4), mo = num(t, 5, 7) - 1, d = num(t, 8, 10);
  if (t.charCodeAt(7) !== 45) return null;
  let h = 0, mi = 0, s = 0, frac = 0;
  let p = 10;
  if (t.length > 10) {
    const sep = t.charCodeAt(10);
    if (sep !== 84 /* T */ && sep !== 32 /* space */ && sep !== 116 /* t */) return null;
    h = num(t, 11, 13);
    mi = num(t, 14, 16);
    if (t.charCodeAt(13) !== 58) return null;
    p = 16;
    if (t.charCodeAt(16) === 58) { s = num(t, 17, 19); p = 19; }
    if (t.charCodeAt(p) === 46 || t.charCodeAt(p) === 44) {
      // Any number of fractional digits; milliseconds keep three.
      let q = p + 1;
      let scale = 100;
      while (q < t.length && isDigit(t.charCodeAt(q))) {
        if (scale >= 1) frac += (t.charCodeAt(q) - 48) * scale;
        scale /= 10;
        q++;
      }
      frac = Math.floor(frac);
      p = q;
    }
  }
  if (!validDate(y, mo, d, h, mi, s)) return null;
  const local = Date.UTC(y, mo, d, h, mi, s) + frac;
  const zone = t.slice(p).trim();
  if (zone.length === 0) return { ms: zonedToUtc(local, timeZone), zoneless: true };
  const off = parseOffset(zone);
  if (off === null) return null;
  return { ms: local - off, zoneless: false };
}

/** `Z`, `UTC`, `GMT`, `+hh:mm`, `+hhmm`, `+hh` → offset in ms east of UTC. */
function parseOffset(z: string): number | null {
  if (z === 'Z' || z === 'z' || z === 'UTC' || z === 'GMT') return 0;
  const sign = z.charCodeAt(0) === 43 ? 1 : z.charCodeAt(0) === 45 ? -1 : 0;
  if (sign === 0) return null;
  const body = z.slice(1).replace(':', '');
  if (body.length !== 2 && body.length !== 4) return null;
  const hh = num(body, 0, 2);
  const mm = body.length === 4 ? num(body, 2, 4) : 0;
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return null;
  return sign * (hh * 60 + mm) * 60_000;
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
function parseEpoch(t: string): ParsedTime | null {
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const v = Number(t);
  if (!Number.isFinite(v)) return null;
  let ms: number;
  if (v < 1e11) ms = v * 1000; // seconds (until the year 5138)
  else if (v < 1e14) ms = v;
  else if (v < 1e17) ms = v / 1000;
  else ms = v / 1e6;
  return { ms: Math.round(ms * 1000) / 1000, zoneless: false };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Offset (ms east of UTC) of `timeZone` at the UTC instant `utc`, cached per zone and hour. */
function zoneOffset(utc: number, timeZone: string): number {
  const hour = Math.floor(utc / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(hour * 3_600_000))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const off = asUtc - hour * 3_600_000;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/**
 * The UTC instant at which clocks in `timeZone` read `local` (a wall-clock time written as if it
 * were UTC). Around a DST change the offset is re-checked once, which settles every real case.
 */
export function zonedToUtc(local: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return local;
  const first = local - zoneOffset(local, timeZone);
  const second = local - zoneOffset(first, timeZone);
  return second;
}
