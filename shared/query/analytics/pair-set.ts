/**
 * A set of (address id, 32-bit hash) pairs in two typed arrays with open addressing: exact, and
 * without the boxed numbers a `Set<number>` would need for keys beyond 31 bits (that boxing
 * made distinct-path counting the slowest part of ranking suspects).
 */
export class PairSet {
  private ids: Int32Array;
  private hashes: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.ids = new Int32Array(cap);
    this.hashes = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Adds the pair; true when it was not there yet. `id` must be at least 1. */
  add(id: number, hash: number): boolean {
    let i = (Math.imul(id, 0x9e3779b1) ^ hash) & this.mask;
    for (;;) {
      const cur = this.ids[i]!;
      if (cur === 0) break;
      if (cur === id && this.hashes[i] === hash) return false;
      i = (i + 1) & this.mask;
    }
    this.ids[i] = id;
    this.hashes[i] = hash;
    if (++this.size * 2 > this.mask) this.grow();
    return true;
  }

  private grow(): void {
    const ids = this.ids;
    const hashes = this.hashes;
    this.ids = new Int32Array(ids.length * 2);
    this.hashes = new Uint32Array(ids.length * 2);
    this.mask = this.ids.length - 1;
    this.size = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.add(ids[i]!, hashes[i]!);
  }
}
