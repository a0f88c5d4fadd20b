import { describe, expect, test } from 'vitest';
import { columnValue, decodeColumn, encodeColumn } from '../../../shared/store/columns';

function roundTrip(values: number[]) {
  const col = encodeColumn(Float64Array.from(values), values.length);
  const back = col ? Array.from(decodeColumn(col, values.length)) : values.map(() => NaN);
  return { col, back };
}

describe('column encoding', () => {
  test('picks the narrowest exact encoding', () => {
    expect(roundTrip([7, 7, 7]).col?.enc).toBe('const');
    expect(roundTrip([10, 11, 12, 13]).col).toEqual({ enc: 'seq', start: 10 });
    expect(roundTrip([1, 200, 3]).col?.enc).toBe('u8');
    expect(roundTrip([80, 443, 65535]).col?.enc).toBe('u16');
    expect(roundTrip([0, 70_000, 4_294_967_295]).col?.enc).toBe('u32');
    expect(roundTrip([0, 4_294_967_296]).col?.enc).toBe('f64');
    expect(roundTrip([1.5, 2]).col?.enc).toBe('f64');
    // Integers far from zero, or below it, are stored as offsets from the smallest.
    expect(roundTrip([-1, 2]).col).toMatchObject({ enc: 'delta', base: -1, data: Uint8Array.from([0, 3]) });
    expect(roundTrip([70_000, 70_255]).col).toMatchObject({ enc: 'delta', base: 70_000, data: Uint8Array.from([0, 255]) });
    expect(roundTrip([70_000, 70_256]).col).toMatchObject({ enc: 'delta', data: expect.any(Uint16Array) });
    expect(roundTrip([-5, 4_294_967_290]).col).toMatchObject({ enc: 'delta', data: expect.any(Uint32Array) });
    expect(roundTrip([-5, 4_294_967_291]).col?.enc).toBe('f64');
  });

  test('epoch milliseconds take four bytes each and come back exactly', () => {
    const ts = [1_773_324_191_123, 1_773_324_191_123, NaN, 1_773_325_900_000, 1_773_324_000_000];
    const { col, back } = roundTrip(ts);
    expect(col).toMatchObject({ enc: 'delta', base: 1_773_324_000_000, data: expect.any(Uint32Array) });
    expect(back).toEqual(ts);
    expect(columnValue(col, 0)).toBe(1_773_324_191_123);
    expect(columnValue(col, 2)).toBeNaN();
    expect(columnValue(col, 3)).toBe(1_773_325_900_000);
  });

  test('keeps missing values apart from zeros', () => {
    const { col, back } = roundTrip([0, NaN, 5, NaN, 0]);
    expect(col?.enc).toBe('u8');
    expect(back).toEqual([0, NaN, 5, NaN, 0]);
    expect(columnValue(col, 1)).toBeNaN();
    expect(columnValue(col, 2)).toBe(5);
  });

  test('a constant with gaps stays exact', () => {
    const { col, back } = roundTrip([443, NaN, 443]);
    expect(col?.enc).toBe('const');
    expect(back).toEqual([443, NaN, 443]);
  });

  test('an all-missing column is not stored', () => {
    expect(roundTrip([NaN, NaN]).col).toBeUndefined();
  });

  test('round-trips large byte counts and epoch milliseconds exactly', () => {
    const values = [1_773_324_191_123, 1_773_324_191_124.5, 9_007_199_254_740_991];
    expect(roundTrip(values).back).toEqual(values);
  });
});
