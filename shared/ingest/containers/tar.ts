import { decodeUtf8 } from '../bytes';
import { InputFormatError } from '../limits';
import { parseOctal, tarChecksumOk } from './sniff';

const BLOCK = 512;

/** Reads exact byte counts from a stream that arrives in arbitrary chunks. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private buffered = 0;
  private done = false;
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Ensures `n` bytes are buffered; false if the stream ends first. */
  private async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.done) {
      const { done, value } = await this.reader.read();
      if (done) { this.done = true; break; }
      if (value.byteLength) { this.chunks.push(value); this.buffered += value.byteLength; }
    }
    return this.buffered >= n;
  }

  async exactly(n: number): Promise<Uint8Array | null> {
    if (!(await this.fill(n))) return null;
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) off += this.takeInto(out, off, n - off);
    return out;
  }

  /** Up to `max` bytes, at least one unless the stream has ended. */
  async some(max: number): Promise<Uint8Array | null> {
    if (!(await this.fill(1))) return null;
    const first = this.chunks[0]!;
    const avail = first.byteLength - this.head;
    const take = Math.min(avail, max);
    const out = first.subarray(this.head, this.head + take);
    this.advance(take);
    return out;
  }

  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      const part = await this.some(left);
      if (!part) return false;
      left -= part.byteLength;
    }
    return true;
  }

  cancel(reason?: unknown): Promise<void> {
    return this.reader.cancel(reason);
  }

  /** Reads and discards everything up to the end of the stream. */
  async drainAll(): Promise<void> {
    this.chunks = [];
    this.head = 0;
    this.buffered = 0;
    while (!this.done) {
      const { done } = await this.reader.read();
      if (done) this.done = true;
    }
  }

  private takeInto(out: Uint8Array, off: number, want: number): number {
    const first = this.chunks[0]!;
    const take = Math.min(first.byteLength - this.head, want);
    out.set(first.subarray(this.head, this.head + take), off);
    this.advance(take);
    return take;
  }

  private advance(n: number): void {
    this.head += n;
    this.buffered -= n;
    if (this.head >= this.chunks[0]!.byteLength) { this.chunks.shift(); this.head = 0; }
  }
}

export interface TarEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  size: number;
  /** The entry's bytes; read it to the end or cancel it before asking for the next entry. */
  stream: ReadableStream<Uint8Array>;
}

/**
 * A streaming tar reader: ustar and v7 headers, pax extended headers (`x`, `g`) for long paths
 * and large sizes, GNU long names (`L`), octal and base-256 sizes. Only regular files are
 * returned; directories, links and devices carry no log data.
 */
export class TarReader {
  private readonly q: ByteQueue;
  /** Bytes of the current entry not yet handed out, plus its padding. */
  private pendingData = 0;
  private pendingPad = 0;
  private globalPax: Record<string, string> = {};

  constructor(input: ReadableStream<Uint8Array>, private readonly label: string) {
    this.q = new ByteQueue(input.getReader());
  }

  async next(): Promise<TarEntry | null> {
    // Whatever the caller left of the previous entry is skipped.
    if (!(await this.q.skip(this.pendingData + this.pendingPad))) throw this.truncated();
    this.pendingData = 0;
    this.pendingPad = 0;
    let longName: string | undefined;
    let pax: Record<string, string> = {};
    for (;;) {
      const header = await this.q.exactly(BLOCK);
      if (!header) throw this.truncated();
      if (header.every((b) => b === 0)) return null; // End of archive (the second zero block is optional in practice).
      if (!tarChecksumOk(header)) {
        throw new InputFormatError(`${this.label} has a damaged tar header (checksum mismatch); the archive is corrupt.`);
      }
      const type = String.fromCharCode(header[156]!);
      const size = parseSize(header.subarray(124, 136));
      if (size === null) throw new InputFormatError(`${this.label} has a tar header with an unreadable size.`);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (type === 'x' || type === 'g' || type === 'L') {
        const body = await this.q.exactly(size);
        if (!body || !(await this.q.skip(pad))) throw this.truncated();
        if (type === 'L') longName = cString(body);
        else if (type === 'x') pax = { ...pax, ...parsePax(body) };
        else this.globalPax = { ...this.globalPax, ...parsePax(body) };
        continue;
      }
      const merged = { ...this.globalPax, ...pax };
      const name = merged.path ?? longName ?? ustarName(header);
      const realSize = merged.size !== undefined ? Number(merged.size) : size;
      const realPad = (BLOCK - (realSize % BLOCK)) % BLOCK;
      if (type !== '0' && type !== '\0' && type !== '7') {
        if (!(await this.q.skip(realSize + realPad))) throw this.truncated();
        longName = undefined;
        pax = {};
        continue;
      }
      this.pendingData = realSize;
      this.pendingPad = realPad;
      return { name, size: realSize, stream: this.entryStream() };
    }
  }

  cancel(reason?: unknown): Promise<void> {
    return this.q.cancel(reason);
  }

  /** After the end marker: reads the archive's trailing padding so every byte is seen (and hashed). */
  readToEnd(): Promise<void> {
    return this.q.drainAll();
  }

  private entryStream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (this.pendingData === 0) { controller.close(); return; }
        const part = await this.q.some(Math.min(this.pendingData, 1 << 20));
        if (!part) { controller.error(this.truncated()); return; }
        this.pendingData -= part.byteLength;
        controller.enqueue(part);
        if (this.pendingData === 0) controller.close();
      },
      // Cancelling an entry leaves the rest for `next()` to skip.
    });
  }

  private truncated(): InputFormatError {
    return new InputFormatError(`${this.label} ends in the middle of an entry (truncated archive?).`);
  }
}

function parseSize(field: Uint8Array): number | null {
  // Base-256 (GNU) for sizes over 8 GiB: high bit of the first byte set.
  if (field[0]! & 0x80) {
    let v = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i]!;
    return v;
  }
  return parseOctal(field) ?? (field.every((b) => b === 0 || b === 0x20) ? 0 : null);
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  // A name is no stream: a U+FEFF opening one is a character of it (see decodeUtf8).
  return decodeUtf8(end >= 0 ? bytes.subarray(0, end) : bytes);
}

function ustarName(h: Uint8Array): string {
  const name = cString(h.subarray(0, 100));
  const isUstar = String.fromCharCode(...h.subarray(257, 262)) === 'ustar';
  const prefix = isUstar ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** pax records: "<len> <key>=<value>\n", len counting the whole record in bytes. */
function parsePax(body: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 0;
  while (p < body.length) {
    const space = body.indexOf(0x20, p);
    if (space < 0) break;
    const len = Number(new TextDecoder().decode(body.subarray(p, space)));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = decodeUtf8(body.subarray(space + 1, p + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    p += len;
  }
  return out;
}
