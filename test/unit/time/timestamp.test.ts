import { describe, expect, test } from 'vitest';
import { clfBytesMs, parseTimestamp } from '../../../shared/ingest/time/timestamp';

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
