/** Entries a cache holds before it starts over, which bounds its memory. */
const CAPACITY = 4096;
/** Lookups per judgement of whether the cache pays. */
const WINDOW = 8192;

/**
 * Remembers what a piece of record text parsed into, for the parts of a log that repeat line
 * after line (user agents, referers, request lines, client addresses). Besides skipping the
 * parse, a hit hands back the very same string objects as last time: V8 keeps a string's hash
 * inside the string, so the segment dictionary then finds them without reading their characters
 * again. That is most of the win; hashing fresh strings was the producer's largest cost.
 *
 * When text stops repeating (fewer than a quarter of lookups hit within a window), the cache
 * turns itself off for the rest of the entry and simply parses.
 */
export class RepeatCache<V> {
  private map = new Map<string, V>();
  private lookups = 0;
  private hits = 0;
  private on = true;

  constructor(private readonly parse: (text: string) => V) {}

  get(text: string): V {
    if (!this.on) return this.parse(text);
    const known = this.map.get(text);
    if (known !== undefined) this.hits++;
    if (++this.lookups === WINDOW) this.judge();
    if (known !== undefined) return known;
    const value = this.parse(text);
    if (this.on) {
      if (this.map.size >= CAPACITY) this.map.clear();
      this.map.set(text, value);
    }
    return value;
  }

  private judge(): void {
    if (this.hits * 4 < this.lookups) {
      this.on = false;
      this.map.clear();
    }
    this.lookups = 0;
    this.hits = 0;
  }
}
