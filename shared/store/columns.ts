/**
 * Column encodings for segments. Each column picks the narrowest representation that holds its
 * values exactly, which is what keeps a stored event under 20 bytes: a constant column costs
 * nothing, line numbers that count up cost nothing, ports fit 16 bits, most byte counts 32, and
 * timestamps 32 as offsets from the segment's earliest.
 */
export type NumericColumn =
  | { enc: 'const'; value: number; missing?: Uint8Array }
  | { enc: 'seq'; start: number }
  | { enc: 'u8'; data: Uint8Array; missing?: Uint8Array }
  | { enc: 'u16'; data: Uint16Array; missing?: Uint8Array }
  | { enc: 'u32'; data: Uint32Array; missing?: Uint8Array }
  | { enc: 'f64'; data: Float64Array; missing?: Uint8Array }
  /** Integers stored as offsets from `base`: timestamps in milliseconds take 4 bytes, not 8. */
  | { enc: 'delta'; base: number; data: Uint8Array | Uint16Array | Uint32Array; missing?: Uint8Array };

/** What one pass over a column found (see `scanColumn`). */
export interface ColumnScan {
  /** Rows with a value / rows without (NaN). */
  present: number;
  missing: number;
  /** Extremes of the values present (Infinity and -Infinity when none is). */
  min: number;
  max: number;
  /** Every value present is an integer. */
  integral: boolean;
  /** Row i holds values[0] + i, for every row. */
  sequential: boolean;
}

/** Reads a column once for everything its encoding and its checks need. NaN means "no value". */
export function scanColumn(values: Float64Array, count: number): ColumnScan {
  let present = 0;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  let sequential = true;
  const first = values[0] ?? NaN;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v !== v) { sequential = false; continue; }
    present++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
    if (sequential && v !== first + i) sequential = false;
  }
  return { present, missing: count - present, min, max, integral, sequential };
}

// V8 optimises the loop above while it first runs (a segment's column has 16,384 rows), before
// the result object after it has ever been built; that optimised code then gave up at the
// result object on every call (about a hundred times per 1M-event import). One scan of one row
// here shows V8 the whole function first.
scanColumn(Float64Array.of(0), 1);

/** Encodes values where NaN means "no value". Returns undefined when every value is missing. */
export function encodeColumn(values: Float64Array, count: number): NumericColumn | undefined {
  return encodeScanned(values, count, scanColumn(values, count));
}

/** `encodeColumn` for a column already scanned. */
export function encodeScanned(values: Float64Array, count: number, scan: ColumnScan): NumericColumn | undefined {
  const { min, max, integral } = scan;
  if (scan.present === 0) return undefined;
  if (scan.sequential && count > 1) return { enc: 'seq', start: values[0]! };
  const missing = scan.missing > 0 ? missingBitmap(values, count) : undefined;
  // Object.is, not ===: Chromium's V8 speculated that this one comparison sees small integers
  // (most columns' extremes are) and left the import deoptimising here on every timestamp
  // column, hundreds of times per import. Object.is compares numbers without speculating, and
  // the two agree here: min and max are never NaN, and -0 beside 0 is simply not a constant.
  if (Object.is(min, max)) return withMissing({ enc: 'const', value: min }, missing);
  if (integral) {
    const plain = min >= 0 ? bytesFor(max) : 0;
    const offset = bytesFor(max - min);
    // Offsets when they are narrower than the values themselves (or the values are negative).
    if (offset !== 0 && (plain === 0 || offset < plain)) {
      const data = offset === 1 ? narrow(values, count, Uint8Array, min)
        : offset === 2 ? narrow(values, count, Uint16Array, min) : narrow(values, count, Uint32Array, min);
      return withMissing({ enc: 'delta', base: min, data }, missing);
    }
    if (plain === 1) return withMissing({ enc: 'u8', data: narrow(values, count, Uint8Array) }, missing);
    if (plain === 2) return withMissing({ enc: 'u16', data: narrow(values, count, Uint16Array) }, missing);
    if (plain === 4) return withMissing({ enc: 'u32', data: narrow(values, count, Uint32Array) }, missing);
  }
  return withMissing({ enc: 'f64', data: values.slice(0, count) }, missing);
}

function withMissing<T extends NumericColumn>(col: T, missing: Uint8Array | undefined): T {
  if (missing && col.enc !== 'seq') (col as { missing?: Uint8Array }).missing = missing;
  return col;
}

/** Each value less `base` (integers that fit), in a `Ctor` array; a missing one stores 0. */
function narrow<T extends Uint8Array | Uint16Array | Uint32Array>(
  values: Float64Array,
  count: number,
  Ctor: new (n: number) => T,
  base = 0,
): T {
  const out = new Ctor(count);
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    out[i] = v === v ? v - base : 0;
  }
  return out;
}

/** Bytes an unsigned integer below 2^32 needs (1, 2 or 4); 0 when it needs more. */
function bytesFor(n: number): 0 | 1 | 2 | 4 {
  if (n < 0x100) return 1;
  if (n < 0x10000) return 2;
  return n < 0x100000000 ? 4 : 0;
}

function missingBitmap(values: Float64Array, count: number): Uint8Array {
  const bits = new Uint8Array((count + 7) >> 3);
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v !== v) bits[i >> 3]! |= 1 << (i & 7);
  }
  return bits;
}

/** Decodes to a Float64Array with NaN where no value was stored. */
export function decodeColumn(col: NumericColumn | undefined, count: number): Float64Array {
  const out = new Float64Array(count);
  if (!col) { out.fill(NaN); return out; }
  switch (col.enc) {
    case 'seq':
      for (let i = 0; i < count; i++) out[i] = col.start + i;
      return out;
    case 'const':
      out.fill(col.value);
      break;
    case 'delta': {
      const { base, data } = col;
      for (let i = 0; i < count; i++) out[i] = base + data[i]!;
      break;
    }
    default:
      out.set(col.data.subarray(0, count));
  }
  if (col.missing) {
    const bits = col.missing;
    for (let i = 0; i < count; i++) if ((bits[i >> 3]! >> (i & 7)) & 1) out[i] = NaN;
  }
  return out;
}

/** Reads one value without decoding the column (event details, single rows). */
export function columnValue(col: NumericColumn | undefined, row: number): number {
  if (!col) return NaN;
  if (col.enc === 'seq') return col.start + row;
  if (col.missing && (col.missing[row >> 3]! >> (row & 7)) & 1) return NaN;
  if (col.enc === 'const') return col.value;
  if (col.enc === 'delta') return row < col.data.length ? col.base + col.data[row]! : NaN;
  return col.data[row] ?? NaN;
}

/** The typed arrays inside a column, to list as transferables when posting it. */
export function columnBuffers(col: NumericColumn | undefined, into: ArrayBuffer[]): void {
  if (!col) return;
  if (col.enc !== 'seq' && col.enc !== 'const') into.push(col.data.buffer as ArrayBuffer);
  if (col.enc !== 'seq' && col.missing) into.push(col.missing.buffer as ArrayBuffer);
}

/** Bytes a column occupies, for the storage report. */
export function columnByteLength(col: NumericColumn | undefined): number {
  if (!col) return 0;
  let n = 16;
  if (col.enc !== 'seq' && col.enc !== 'const') n += col.data.byteLength;
  if (col.enc !== 'seq' && col.missing) n += col.missing.byteLength;
  return n;
}
