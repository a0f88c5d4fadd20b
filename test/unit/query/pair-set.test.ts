import { expect, test } from 'vitest';
import { PairSet } from '../../../shared/query/analytics/pair-set';

test('the pair set agrees with a reference set through growth and collisions', () => {
  const set = new PairSet(16);
  const ref = new Set<string>();
  let seed = 11;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 50_000; i++) {
    const id = 1 + rand(300);
    const hash = rand(2000) * 2_654_435 >>> 0;
    const key = `${id}:${hash}`;
    expect(set.add(id, hash)).toBe(!ref.has(key));
    ref.add(key);
  }
  expect(set.size).toBe(ref.size);
});
