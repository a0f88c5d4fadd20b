/** Distinct keys a table holds before it starts over, which bounds its memory. */
const CAPACITY = 4096;
/** Hash slots: a power of two, twice the capacity, so probe runs stay short. */
const SLOTS = CAPACITY * 2;
/** Lookups per judgement of whether the table pays. */
const WINDOW = 8192;

/**
 * Remembers what a run of bytes in a log line parsed into, for the parts of a log that repeat
 * line after line (client addresses, request lines, referer and user agent). It is the byte
 * twin of RepeatCache: the key is looked up where it lies in the input, so a line whose parts
 * were seen before makes no string at all. Hashing reads four bytes at a time; a hit is then
 * compared byte for byte, so two different keys never share a value.
 *
 * A miss decodes the bytes (UTF-8) and hands the text to `parse`, so what a key stands for is
 * exactly what the text parser would make of the same field. When bytes stop repeating (fewer
 * than a quarter of lookups hit within a window), the table turns itself off for the rest of
 * the entry and simply decodes and parses.
 */
export class ByteInterner<V> {
  private readonly slotHash = new Int32Array(SLOTS);
  /** Entry number + 1 per slot; 0 is an empty slot. */
  private readonly slotEntry = new Int32Array(SLOTS);
  private readonly keyStart = new Int32Array(CAPACITY);
  private readonly keyLength = new Int32Array(CAPACITY);
  private keys = new Uint8Array(64 * 1024);
  private keysView = new DataView(this.keys.buffer);
  private keysUsed = 0;
  private values: V[] = [];
  private lookups = 0;
  private hits = 0;
  private on = true;
  private readonly decoder = new TextDecoder();

  constructor(private readonly parse: (text: string) => V) {}

  /** The value of `bytes[start, end)`; `view` is a DataView over the same bytes as `bytes`. */
  get(bytes: Uint8Array, view: DataView, start: number, end: number): V {
    if (!this.on) return this.parse(this.decode(bytes, start, end));
    if (++this.lookups === WINDOW) this.judge();
    const hash = hashBytes(bytes, view, start, end);
    const length = end - start;
    let slot = hash & (SLOTS - 1);
    for (;;) {
      const entry = this.slotEntry[slot]! - 1;
      if (entry < 0) break;
      if (this.slotHash[slot] === hash && this.keyLength[entry] === length && this.sameKey(entry, bytes, view, start, length)) {
        this.hits++;
        return this.values[entry]!;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    const value = this.parse(this.decode(bytes, start, end));
    if (this.on) this.remember(slot, hash, bytes, start, length, value);
    return value;
  }

  private decode(bytes: Uint8Array, start: number, end: number): string {
    return this.decoder.decode(bytes.subarray(start, end));
  }

  private sameKey(entry: number, bytes: Uint8Array, view: DataView, start: number, length: number): boolean {
    const at = this.keyStart[entry]!;
    const keys = this.keysView;
    let i = 0;
    for (; i + 4 <= length; i += 4) if (keys.getInt32(at + i, true) !== view.getInt32(start + i, true)) return false;
    for (; i < length; i++) if (this.keys[at + i] !== bytes[start + i]) return false;
    return true;
  }

  private remember(slot: number, hash: number, bytes: Uint8Array, start: number, length: number, value: V): void {
    if (this.values.length >= CAPACITY || this.keysUsed + length > this.keys.length) {
      if (this.values.length >= CAPACITY || length > this.keys.length) this.clear();
      else this.growKeys(length);
      // The slot found before may be stale after clearing; find a free one again.
      slot = hash & (SLOTS - 1);
      while (this.slotEntry[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    }
    const entry = this.values.length;
    this.keys.set(bytes.subarray(start, start + length), this.keysUsed);
    this.keyStart[entry] = this.keysUsed;
    this.keyLength[entry] = length;
    this.keysUsed += length;
    this.values.push(value);
    this.slotHash[slot] = hash;
    this.slotEntry[slot] = entry + 1;
  }

  private growKeys(length: number): void {
    // Key bytes double up to 4 MiB; past that, and for a key longer than all of it, start over.
    const size = this.keys.length * 2;
    if (size > 4 * 1024 * 1024) {
      this.clear();
      if (length > this.keys.length) this.keys = new Uint8Array(length);
      this.keysView = new DataView(this.keys.buffer);
      return;
    }
    const grown = new Uint8Array(size);
    grown.set(this.keys.subarray(0, this.keysUsed));
    this.keys = grown;
    this.keysView = new DataView(grown.buffer);
  }

  private clear(): void {
    this.slotEntry.fill(0);
    this.values = [];
    this.keysUsed = 0;
  }

  private judge(): void {
    if (this.hits * 4 < this.lookups) {
      this.on = false;
      this.clear();
      this.keys = new Uint8Array(0);
      this.keysView = new DataView(this.keys.buffer);
    }
    this.lookups = 0;
    this.hits = 0;
  }
}

/**
 * A 32-bit hash of `bytes[start, end)`, four bytes per step. One multiply and one shift per
 * step keep the dependency chain short; a hit is compared in full, so spread is all it needs.
 */
export function hashBytes(bytes: Uint8Array, view: DataView, start: number, end: number): number {
  let h = (end - start) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ view.getInt32(i, true), 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) | 0;
}
