/**
 * Display helpers shared by the report writers. Every function is pure, never throws on odd
 * input (NaN, negative numbers, an unknown time zone) and formats the same way on every
 * platform: numbers in en-US grouping, times as `YYYY-MM-DD HH:mm:ss` plus a zone.
 */

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** What to show for a number or time that is absent or not a number. */
export const MISSING = '—';

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export interface FormatBytesOptions {
  /** Append the exact count: `468.8 MiB (491,559,900 bytes)`. */
  exact?: boolean;
  /** Drop a trailing `.0` (axis labels): `50 MiB` rather than `50.0 MiB`. */
  trim?: boolean;
}

/**
 * Bytes in binary units with one decimal and at most three digits before the point: `512 B`,
 * `1.5 KiB`, `468.8 MiB`, `1.0 GiB` (for 1,059,203,505 bytes). With `exact`, the exact count
 * follows in brackets, except under 1,000 bytes where the short form is already exact.
 */
export function formatBytes(n: number, options: FormatBytesOptions = {}): string {
  if (!Number.isFinite(n)) return MISSING;
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (abs < 1000) return `${sign}${Math.round(abs)} B`;
  let value = abs / 1024;
  let unit = 0;
  // At most three digits before the point: 1,010 MiB reads as 1.0 GiB (rounding first, so
  // 999.96 KiB is 1.0 MiB rather than 1000.0 KiB).
  while (unit < BYTE_UNITS.length - 1 && Math.round(value * 10) / 10 >= 1000) {
    value /= 1024;
    unit++;
  }
  let text = (Math.round(value * 10) / 10).toFixed(1);
  if (options.trim) text = text.replace(/\.0$/, '');
  const short = `${sign}${text} ${BYTE_UNITS[unit]}`;
  return options.exact ? `${short} (${formatExactBytes(n)})` : short;
}

/** The exact byte count: `491,559,900 bytes` (`1 byte`). */
export function formatExactBytes(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  return `${COUNT.format(Math.round(n))} ${Math.abs(Math.round(n)) === 1 ? 'byte' : 'bytes'}`;
}

/** A whole count with thousands separators: `19,996`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  return COUNT.format(Math.round(n));
}

/** A number with at most one decimal: `33.5`, `10`. */
export function formatDecimal(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  return DECIMAL.format(n);
}

/** `count noun` with the noun made plural when it needs to be: `1 event`, `4 events`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? singular : pluralForm}`;
}

// ---------------------------------------------------------------------------------------------
// Times

const UTC_NAMES = new Set(['utc', 'etc/utc', 'etc/uct', 'uct', 'etc/universal', 'universal', 'etc/zulu', 'zulu', 'z']);

/** True for 'UTC' and its aliases (times are then shown with the suffix `UTC`). */
export function isUtc(timeZone: string): boolean {
  return UTC_NAMES.has(timeZone.trim().toLowerCase());
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter for the zone, or null when the zone is not one Intl knows. */
function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
  } catch {
    f = null;
  }
  if (formatters.size > 64) formatters.clear();
  formatters.set(timeZone, f);
  return f;
}

/** True when `timeZone` is 'UTC' or an IANA zone this platform knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  return isUtc(timeZone) || formatterFor(timeZone) !== null;
}

export interface TimeParts {
  date: string;
  time: string;
  zone: string;
}

/**
 * The wall-clock parts of a time in a zone: `{ date: '2026-03-12', time: '12:08:20', zone: 'GMT+9' }`.
 * 'UTC' (and a zone this platform does not know, which falls back to UTC) gives zone `UTC`.
 */
export function timeParts(ms: number, timeZone: string): TimeParts | null {
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) return null;
  const f = isUtc(timeZone) ? null : formatterFor(timeZone);
  if (f === null) {
    const d = new Date(ms);
    return {
      date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
      time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
      zone: 'UTC',
    };
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of f.formatToParts(ms)) parts[p.type] = p.value;
  const hour = parts.hour === '24' ? '00' : (parts.hour ?? '00');
  return {
    date: `${parts.year ?? '0000'}-${parts.month ?? '00'}-${parts.day ?? '00'}`,
    time: `${hour}:${parts.minute ?? '00'}:${parts.second ?? '00'}`,
    zone: parts.timeZoneName ?? timeZone,
  };
}

/**
 * A time in the report's zone, to the second: `2026-03-12 03:08:20 UTC` for 'UTC', and for an
 * IANA zone the local time with its offset, `2026-03-12 12:08:20 GMT+9` for 'Asia/Tokyo'.
 * A zone the platform does not know falls back to UTC (and says so by the `UTC` suffix).
 * Null or non-finite times give `—`.
 */
export function formatTime(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return MISSING;
  const p = timeParts(ms, timeZone);
  return p ? `${p.date} ${p.time} ${p.zone}` : MISSING;
}

/** `first – last` in the zone, shortened when both fall on the same day. */
export function formatTimeRange(from: number | null | undefined, to: number | null | undefined, timeZone: string): string {
  if (from === null || from === undefined || to === null || to === undefined) {
    if ((from === null || from === undefined) && (to === null || to === undefined)) return MISSING;
    return `${formatTime(from, timeZone)} – ${formatTime(to, timeZone)}`;
  }
  const a = timeParts(from, timeZone);
  const b = timeParts(to, timeZone);
  if (!a || !b) return `${formatTime(from, timeZone)} – ${formatTime(to, timeZone)}`;
  if (a.date === b.date && a.zone === b.zone) return `${a.date} ${a.time} – ${b.time} ${b.zone}`;
  return `${a.date} ${a.time} ${a.zone} – ${b.date} ${b.time} ${b.zone}`;
}

/** The offset of `timeZone` from UTC at `ms`, in milliseconds (0 for UTC or an unknown zone). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = timeParts(ms, timeZone);
  if (!p || p.zone === 'UTC') return 0;
  const m = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(`${p.date} ${p.time}`);
  if (!m) return 0;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The report's zone in words: `UTC`, `Asia/Tokyo (GMT+9)` (the offset at `at`), or, for a zone
 * this platform does not know, `UTC (the zone "…" is not known here)`.
 */
export function describeZone(timeZone: string, at: number): string {
  if (isUtc(timeZone)) return 'UTC';
  const zone = timeParts(at, timeZone)?.zone ?? 'UTC';
  return zone === 'UTC' ? `UTC (the zone "${timeZone}" is not known here)` : `${timeZone} (${zone})`;
}

/** ISO 8601 in UTC with milliseconds, or null for an absent or impossible time. */
export function isoTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * A duration in the two largest units that matter: `45 s`, `12 min 5 s`, `3 h 8 min`,
 * `2 d 4 h`. Negative durations keep their sign; under a second gives `0 s` (or `850 ms`).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return rest === 0 ? '0 s' : `${sign}${Math.round(rest)} ms`;
  rest = Math.round(rest / 1000);
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];
  const out: string[] = [];
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || out.length > 0) out.push(`${n} ${name}`);
    if (out.length === 2) break;
  }
  // Drop a trailing zero unit: `3 h 0 min` reads better as `3 h`.
  if (out.length === 2 && out[1]!.startsWith('0 ')) out.pop();
  return sign + out.join(' ');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Untrusted text made safe to show: CRLF and lone CR become LF, and the other C0 control
 * characters and DEL (which could drive a terminal, or vanish unseen) are replaced by their
 * visible Unicode "control pictures" (␛ for ESC, ␀ for NUL). Tabs and newlines stay.
 */
export function visibleControls(s: string): string {
  return s
    .replace(/\r\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

/** Cuts text to at most `max` characters (by code point), ending with `…` when cut. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
