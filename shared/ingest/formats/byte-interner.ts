import { decodeUtf8 } from '../bytes';

/** Distinct keys a table holds before it starts over, which bounds its memory. */
const CAPACITY = 4096;
/** Hash slots: a power of two, twice the capacity, so probe runs stay short. */
const SLOTS = CAPACITY * 2;
/** Lookups per judgement of whether the table pays. */
const WINDOW = 8192;
/** Slots a lookup may probe before sampled hashing is judged to crowd the table. */
const MAX_PROBES = 24;

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
  /** Key bytes, each key starting on a four-byte boundary so `keyWords` reads it aligned. */
  private keys = new Uint8Array(64 * 1024);
  private keyWords: Int32Array = new Int32Array(this.keys.buffer);
  private keysUsed = 0;
  private values: V[] = [];
  private lookups = 0;
  private hits = 0;
  private on = true;
  /** Long keys are hashed by samples until that makes probe runs long (see hashWhole). */
  private sampled = true;

  constructor(private readonly parse: (text: string) => V) {}

  /** The value of `bytes[start, end)`; `view` is a DataView over the same bytes as `bytes`. */
  get(bytes: Uint8Array, view: DataView, start: number, end: number): V {
    if (!this.on) return this.parse(this.decode(bytes, start, end));
    if (++this.lookups === WINDOW) this.judge();
    const length = end - start;
    const hash = this.sampled && length > WHOLE_KEY_BYTES ? hashSampled(view, start, end) : hashBytes(bytes, view, start, end);
    let slot = hash & (SLOTS - 1);
    let probes = 0;
    for (;;) {
      const entry = this.slotEntry[slot]! - 1;
      if (entry < 0) break;
      if (this.slotHash[slot] === hash && this.keyLength[entry] === length && this.sameKey(entry, bytes, view, start, length)) {
        this.hits++;
        return this.values[entry]!;
      }
      slot = (slot + 1) & (SLOTS - 1);
      if (++probes === MAX_PROBES && this.sampled) {
        this.hashWhole();
        return this.parse(this.decode(bytes, start, end));
      }
    }
    const value = this.parse(this.decode(bytes, start, end));
    if (this.on) this.remember(slot, hash, bytes, start, length, value);
    return value;
  }

  /**
   * Long probe runs mean long keys alike where the hash samples them (ids in the middle of long
   * request lines, say): from now on keys are hashed whole, and the table starts over, since
   * its slots were placed by the sampled hashes.
   */
  private hashWhole(): void {
    this.sampled = false;
    this.clear();
  }

  private decode(bytes: Uint8Array, start: number, end: number): string {
    // A field may open with U+FEFF, which the text parser keeps (see decodeUtf8).
    return decodeUtf8(bytes.subarray(start, end));
  }

  /** Eight bytes per step with one branch: a hit (the usual case) reads the whole key. */
  private sameKey(entry: number, bytes: Uint8Array, view: DataView, start: number, length: number): boolean {
    const at = this.keyStart[entry]!;
    const words = this.keyWords;
    let w = at >> 2;
    let i = 0;
    for (; i + 8 <= length; i += 8, w += 2) {
      if (((words[w]! ^ view.getInt32(start + i, LITTLE)) | (words[w + 1]! ^ view.getInt32(start + i + 4, LITTLE))) !== 0) return false;
    }
    if (i + 4 <= length) {
      if (words[w]! !== view.getInt32(start + i, LITTLE)) return false;
      i += 4;
    }
    for (; i < length; i++) if (this.keys[at + i] !== bytes[start + i]) return false;
    return true;
  }

  private remember(slot: number, hash: number, bytes: Uint8Array, start: number, length: number, value: V): void {
    const room = (length + 3) & ~3;
    if (this.values.length >= CAPACITY || this.keysUsed + room > this.keys.length) {
      if (this.values.length >= CAPACITY || room > this.keys.length) this.clear();
      else this.growKeys(room);
      // The slot found before may be stale after clearing; find a free one again.
      slot = hash & (SLOTS - 1);
      while (this.slotEntry[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    }
    const entry = this.values.length;
    this.keys.set(bytes.subarray(start, start + length), this.keysUsed);
    this.keyStart[entry] = this.keysUsed;
    this.keyLength[entry] = length;
    this.keysUsed += room;
    this.values.push(value);
    this.slotHash[slot] = hash;
    this.slotEntry[slot] = entry + 1;
  }

  /** `room`: the bytes (a multiple of four) the next key needs. */
  private growKeys(room: number): void {
    // Key bytes double up to 4 MiB; past that, and for a key longer than all of it, start over.
    const size = this.keys.length * 2;
    if (size > 4 * 1024 * 1024) {
      this.clear();
      if (room > this.keys.length) this.setKeys(new Uint8Array(room));
      return;
    }
    const grown = new Uint8Array(size);
    grown.set(this.keys.subarray(0, this.keysUsed));
    this.setKeys(grown);
  }

  private setKeys(keys: Uint8Array<ArrayBuffer>): void {
    this.keys = keys;
    this.keyWords = new Int32Array(keys.buffer);
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
      this.setKeys(new Uint8Array(0));
    }
    this.lookups = 0;
    this.hits = 0;
  }
}

/** Stored keys are read as words of this platform's byte order, and so are the input's. */
const LITTLE = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Keys up to this long are hashed whole; longer ones by samples (see `hashSampled`). */
const WHOLE_KEY_BYTES = 32;

/**
 * A 32-bit hash of all of `bytes[start, end)`, four bytes per step. A hit is compared in full,
 * so the hash only has to spread keys over the slots.
 */
export function hashBytes(bytes: Uint8Array, view: DataView, start: number, end: number): number {
  let h = (end - start) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) h = mix(h, view.getInt32(i, true));
  for (; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return finish(h);
}

/**
 * The hash of a key longer than 32 bytes from its length, its first and last 16 bytes and four
 * words between, so that hashing a referer and user agent (past 130 bytes) costs no more than a
 * short key. Keys alike in all of those share a probe run, where the full compare keeps them
 * apart; a table that finds such runs long goes back to whole keys (ByteInterner).
 */
export function hashSampled(view: DataView, start: number, end: number): number {
  const length = end - start;
  let h = mix(length | 0, view.getInt32(start, true));
  h = mix(h, view.getInt32(start + 4, true));
  h = mix(h, view.getInt32(start + 8, true));
  h = mix(h, view.getInt32(start + 12, true));
  const step = ((length - 32) / 5) | 0;
  for (let k = 1; k <= 4; k++) h = mix(h, view.getInt32(start + 14 + k * step, true));
  h = mix(h, view.getInt32(end - 16, true));
  h = mix(h, view.getInt32(end - 12, true));
  h = mix(h, view.getInt32(end - 8, true));
  return finish(mix(h, view.getInt32(end - 4, true)));
}

/** One step: one multiply and one shift keep the dependency chain short. */
function mix(h: number, word: number): number {
  h = Math.imul(h ^ word, 0x9e3779b1);
  return h ^ (h >>> 15);
}

function finish(h: number): number {
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) | 0;
}
