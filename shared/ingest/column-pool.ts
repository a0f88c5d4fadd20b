import { SEGMENT_CAPACITY } from '../store/segment';

/** Spare columns kept at most: a few segments' worth. */
const LIMIT = 96;

/**
 * The producer's column buffers. A sealed segment's columns are transferred to the writer, which
 * sends them back once it has packed them; fresh buffers would each cost the kernel a zeroed
 * page per 4 KiB (the sixth session measured page faults at about a fifth of an import's time).
 */
export class ColumnPool {
  private readonly spare: Float64Array[] = [];

  /** A column of SEGMENT_CAPACITY rows; its contents are whatever they were. */
  take(): Float64Array {
    return this.spare.pop() ?? new Float64Array(SEGMENT_CAPACITY);
  }

  /** Buffers back from the writer (or unused); any of another size is left to the collector. */
  give(buffers: Iterable<ArrayBuffer>): void {
    for (const buffer of buffers) {
      if (this.spare.length >= LIMIT) return;
      if (buffer.byteLength === SEGMENT_CAPACITY * Float64Array.BYTES_PER_ELEMENT) this.spare.push(new Float64Array(buffer));
    }
  }

  get size(): number { return this.spare.length; }
}
