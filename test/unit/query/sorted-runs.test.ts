import { describe, expect, test } from 'vitest';
import { SortedRunsBuilder } from '../../../shared/query/sorted-runs';

/** Reference order: by time, ties by id. */
function reference(pairs: Array<[number, number]>): Array<[number, number]> {
  return [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('sorted runs', () => {
  test('merges sorted and unsorted runs into (time, id) order, ties in store order', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 30; trial++) {
      const b = new SortedRunsBuilder();
      const pairs: Array<[number, number]> = [];
      const runs = 1 + Math.floor(rand() * 9);
      let id = 0;
      for (let r = 0; r < runs; r++) {
        b.beginRun();
        const len = Math.floor(rand() * 500);
        const sorted = rand() < 0.7;
        let t = Math.floor(rand() * 1000);
        for (let i = 0; i < len; i++) {
          t = sorted ? t + Math.floor(rand() * 3) : Math.floor(rand() * 2000);
          pairs.push([t, id]);
          b.add(t, id++);
        }
      }
      const out = b.finish();
      const want = reference(pairs);
      expect(Array.from(out.ts)).toEqual(want.map((p) => p[0]));
      expect(Array.from(out.ids)).toEqual(want.map((p) => p[1]));
    }
  });

  test('an empty result and a single run work', () => {
    expect(new SortedRunsBuilder().finish().ts.length).toBe(0);
    const b = new SortedRunsBuilder();
    b.beginRun();
    b.add(5, 1);
    b.add(3, 2);
    expect(Array.from(b.finish().ids)).toEqual([2, 1]);
  });
});
