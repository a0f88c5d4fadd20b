import { describe, expect, test } from 'vitest';
import { RepeatCache } from '../../../shared/ingest/formats/repeat-cache';

describe('repeat cache', () => {
  test('parses each distinct text once and hands back the same value for repeats', () => {
    const seen: string[] = [];
    const cache = new RepeatCache((text: string) => { seen.push(text); return { upper: text.toUpperCase() }; });
    const a = cache.get('Mozilla/5.0 (X11)');
    const b = cache.get('curl/8.5');
    // Fresh strings with equal text, as the line splitter makes them.
    const again = cache.get(['Mozilla/5.0', '(X11)'].join(' '));
    expect(again).toBe(a);
    expect(cache.get(`curl/${8.5}`)).toBe(b);
    expect(seen).toEqual(['Mozilla/5.0 (X11)', 'curl/8.5']);
  });

  test('stays right when text never repeats, past its capacity and after it turns itself off', () => {
    let parses = 0;
    const cache = new RepeatCache((text: string) => { parses++; return text.length; });
    for (let i = 0; i < 50_000; i++) expect(cache.get(`/item/${i}`)).toBe(`/item/${i}`.length);
    expect(parses).toBe(50_000);
    // Off: every lookup parses, and still answers correctly.
    expect(cache.get('/item/7')).toBe(7);
    expect(cache.get('/item/7')).toBe(7);
    expect(parses).toBe(50_002);
  });

  test('keeps remembering while most lookups hit', () => {
    let parses = 0;
    const cache = new RepeatCache((text: string) => { parses++; return text; });
    for (let i = 0; i < 50_000; i++) cache.get(`agent ${i % 20}`);
    expect(parses).toBe(20);
  });
});
