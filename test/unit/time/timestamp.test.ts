import { describe, expect, test } from 'vitest';
import { clfBytesMs, isoBytesMs, parseTimestamp, utcMs } from '../../../shared/ingest/time/timestamp';

const utc = (...a: [number, number, number, number?, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);

describe('timestamps to UTC epoch milliseconds', () => {
  test.each([
    ['2026-03-12T14:03:11Z', utc(2026, 3, 12, 14, 3, 11)],
    ['2026-03-12T14:03:11.123Z', utc(2026, 3, 12, 14, 3, 11, 123)],
    ['2026-03-12T14:03:11.123456789Z', utc(2026, 3, 12, 14, 3, 11, 123)],
    ['2026-03-12 14:03:11+02:00', utc(2026, 3, 12, 12, 3, 11)],
    ['2026-03-12T14:03:11-0530', utc(2026, 3, 12, 19, 33, 11)],
    ['2026-03-12T14:03+01', utc(2026, 3, 12, 13, 3)],
    ['10/Oct/2000:13:55:36 -0700', utc(2000, 10, 10, 20, 55, 36)],
    ['[12/Mar/2026:00:00:00 +0000]', utc(2026, 3, 12)],
    ['1773324191', utc(2026, 3, 12, 14, 3, 11)],
    ['1773324191.25', utc(2026, 3, 12, 14, 3, 11, 250)],
    ['1773324191123', utc(2026, 3, 12, 14, 3, 11, 123)],
    ['1773324191123456', utc(2026, 3, 12, 14, 3, 11, 123) + 0.456],
    ['1773324191123456789', utc(2026, 3, 12, 14, 3, 11, 123) + 0.457],
  ])('%s', (text, ms) => {
    const r = parseTimestamp(text, 'UTC');
    expect(r).not.toBeNull();
    expect(r!.ms).toBeCloseTo(ms, 2);
    expect(r!.zoneless).toBe(false);
  });

  test('zone-less times use the source time zone and are flagged', () => {
    expect(parseTimestamp('2026-03-12 14:03:11', 'UTC')).toEqual({ ms: utc(2026, 3, 12, 14, 3, 11), zoneless: true });
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(parseTimestamp('2026-01-15T12:00:00', 'Europe/Berlin')).toEqual({ ms: utc(2026, 1, 15, 11), zoneless: true });
    expect(parseTimestamp('2026-07-15T12:00:00', 'Europe/Berlin')).toEqual({ ms: utc(2026, 7, 15, 10), zoneless: true });
    // Just after the spring-forward change (29 March 2026, 02:00 → 03:00 local).
    expect(parseTimestamp('2026-03-29 03:30:00', 'Europe/Berlin')!.ms).toBe(utc(2026, 3, 29, 1, 30));
    expect(parseTimestamp('2026-03-29 01:30:00', 'Europe/Berlin')!.ms).toBe(utc(2026, 3, 29, 0, 30));
    expect(parseTimestamp('2026-11-01 09:00:00', 'America/New_York')!.ms).toBe(utc(2026, 11, 1, 14));
  });

  test.each([
    '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-03-12T25:00:00Z', '32/Oct/2000:13:55:36 -0700',
    '10/Foo/2000:13:55:36 -0700', '10/Oct/2000:13:55:36', 'yesterday', '', '12ab', '2026-03-12T14:03:11+25:00',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text, 'UTC')).toBeNull();
  });
});

describe('common-log-format times read from bytes', () => {
  const bytesOf = (text: string) => new TextEncoder().encode(`##${text}#`);
  test.each([
    '10/Oct/2000:13:55:36 -0700', '12/Mar/2026:00:00:00 +0000', '29/Feb/2024:23:59:60 +0530', '01/Jan/1970:00:00:00 -2359',
  ])('%s reads as the text parser reads it', (text) => {
    const b = bytesOf(text);
    expect(clfBytesMs(b, 2, b.length - 1)).toBe(parseTimestamp(text)!.ms);
  });

  test.each([
    '29/Feb/2026:10:00:00 +0000', '31/Apr/2026:10:00:00 +0000', '12/Mar/2026:24:00:00 +0000', '12/Mar/2026:10:60:00 +0000',
    '12/Mar/2026:10:00:61 +0000', '12/Mzr/2026:10:00:00 +0000', '12/Mar/2026:10:00:00 +2400', '12/Mar/2026:10:00:00 +0060',
    '12/Mar/2026:10:00:00 0000x', '12/Mar/2026:10:00:00 +00:00', '12/Mar/2026:10:00:00 Z', '12-Mar-2026:10:00:00 +0000',
    '1/Mar/2026:10:00:00 +0000', '12/Mar/2026:10:00:00  +000', '12/Mar/2026T10:00:00 +0000', '0x/Mar/2026:10:00:00 +0000',
  ])('%s is left to the text parser', (text) => {
    const b = bytesOf(text);
    expect(clfBytesMs(b, 2, b.length - 1)).toBeNaN();
  });
});

describe('ISO 8601 times read from bytes', () => {
  const bytesOf = (text: string) => new TextEncoder().encode(`##${text}#`);
  test.each([
    '2026-03-12T14:03:11Z', '2026-03-12T14:03:11.642Z', '2026-03-12 14:03:11.5z', '2026-03-12t14:03:11,25Z',
    '2026-03-12T14:03:11.123456789Z', '2026-03-12T14:03:11.Z', '2024-02-29T23:59:60+05:30', '2026-03-12T14:03:11-0530',
    '1970-01-01T00:00:00Z', '0099-12-31T23:59:59Z', '9999-12-31T23:59:59.999-23:59', '1600-03-01T00:00:00+00:00',
  ])('%s reads as the text parser reads it', (text) => {
    const b = bytesOf(text);
    expect(isoBytesMs(b, 2, b.length - 1)).toBe(parseTimestamp(text)!.ms);
  });

  test.each([
    // Zone-less times need the source's zone, and the shorter forms are the text parser's.
    '2026-03-12T14:03:11', '2026-03-12 14:03:11.250', '2026-03-12T14:03Z', '2026-03-12', '2026-03-12T14:03:11+01',
    '2026-03-12T14:03:11 Z', '2026-03-12T14:03:11+05-30', '2026-03-12T14:03:11UTC', '2026-02-29T10:00:00Z',
    '2026-13-12T14:03:11Z', '2026-03-12T24:03:11Z', '2026-03-12T14:60:11Z', '2026-03-12T14:03:61Z', '2026-03-12X14:03:11Z',
    '2026/03/12T14:03:11Z', '20x6-03-12T14:03:11Z', '2026-03-12T14:03:11+24:00', '2026-03-12T14:03:11+0060', ' 2026-03-12T14:03:11Z',
  ])('%s is left to the text parser', (text) => {
    const b = bytesOf(text);
    expect(isoBytesMs(b, 2, b.length - 1)).toBeNaN();
  });

  test('random times with zones read as the text parser reads them', () => {
    let seed = 7;
    const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const pad = (v: number, n = 2) => String(v).padStart(n, '0');
    for (let i = 0; i < 5000; i++) {
      const zone = ['Z', `+${pad(next(24))}:${pad(next(60))}`, `-${pad(next(24))}${pad(next(60))}`][next(3)]!;
      const fraction = ['', `.${next(1000)}`, `.${pad(next(1e6), 6)}`][next(3)];
      const text = `${pad(next(10000), 4)}-${pad(1 + next(12))}-${pad(1 + next(28))}T${pad(next(24))}:${pad(next(60))}:${pad(next(61))}${fraction}${zone}`;
      const b = bytesOf(text);
      expect(isoBytesMs(b, 2, b.length - 1), text).toBe(parseTimestamp(text)!.ms);
    }
  });

  test('the counted calendar agrees with Date.UTC, leap years and years 0-99 included', () => {
    let seed = 11;
    const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let i = 0; i < 20_000; i++) {
      const args = [next(10000), next(12), 1 + next(31), next(24), next(60), next(61)] as const;
      expect(utcMs(...args), args.join(' ')).toBe(Date.UTC(...args));
    }
    for (const [y, mo, d] of [[2024, 1, 29], [2000, 1, 29], [1900, 1, 28], [0, 0, 1], [99, 11, 31], [100, 0, 1], [1970, 0, 1]] as const) {
      expect(utcMs(y, mo, d, 0, 0, 0)).toBe(Date.UTC(y, mo, d));
    }
  });
});
