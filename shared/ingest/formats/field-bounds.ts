/**
 * Where the fields of one record lie in its bytes: field k is `[starts[k], ends[k])`. Kept from
 * record to record and grown when a record has more fields than any before it.
 */
export class FieldBounds {
  starts = new Int32Array(16);
  ends = new Int32Array(16);

  /** Field `n` spans `[from, to)`. */
  field(n: number, from: number, to: number): void {
    if (n === this.starts.length) {
      const starts = new Int32Array(n * 2);
      const ends = new Int32Array(n * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[n] = from;
    this.ends[n] = to;
  }
}
