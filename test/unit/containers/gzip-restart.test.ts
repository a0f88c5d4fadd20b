import { createHash } from 'node:crypto';
import { Gunzip, gzipSync, strToU8 } from 'fflate';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { bytesSource, type ByteSource } from '../../../shared/ingest/bytes';
import { DEFAULT_LIMITS } from '../../../shared/ingest/limits';

/**
 * Chromium's DecompressionStream as it behaves: it inflates the first gzip member and, at the
 * first byte after it, errors with "Junk found after end of compressed data", dropping the output
 * of that last step. Node's own reads every member, so this stands in for Chromium here.
 */
let junkSeen = false;

class FirstMemberOnlyDecompressionStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor() {
    let members = 0;
    let out: Uint8Array[] = [];
    const inflater = new Gunzip((chunk) => { out.push(chunk); });
    // fflate reports each member after the first.
    inflater.onmember = () => { members++; };
    super({
      transform(chunk, controller) {
        out = [];
        inflater.push(chunk, false);
        if (members > 0) {
          // (Not the tiny two-member probe gunzip runs once to learn how the platform behaves.)
          if (chunk.byteLength > 1000) junkSeen = true;
          throw new TypeError('Junk found after end of compressed data.');
        }
        for (const c of out) controller.enqueue(c);
      },
      flush(controller) {
        out = [];
        inflater.push(new Uint8Array(0), true);
        for (const c of out) controller.enqueue(c);
      },
    });
  }
}

/** Lines that gzip cannot shrink much, so each member spans several 1 MiB reads. */
function noisyLines(seed: number, count: number): string {
  let x = seed;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = `${seed}-${i} `;
    for (let k = 0; k < 6; k++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      line += x.toString(16).padStart(8, '0');
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Bytes handed out 256 KiB at a time, a few milliseconds apart, as from a slow disk: output
 * inflated from the first pieces reaches the reader before the second member shows up.
 */
function slowSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    stream() {
      let at = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 5));
          if (at >= bytes.byteLength) { controller.close(); return; }
          controller.enqueue(bytes.slice(at, at + (1 << 18)));
          at += 1 << 18;
        },
      }, { highWaterMark: 0 });
    },
    async read(offset, length) { return bytes.slice(offset, offset + length); },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('gzip where the native inflater stops after the first member (Chromium)', () => {
  test('a second member restarts the entry with fflate: every line once, in order, and the hash of every byte', async () => {
    vi.stubGlobal('DecompressionStream', FirstMemberOnlyDecompressionStream);
    vi.resetModules();
    const { walkInputs } = await import('../../../shared/ingest/containers/walk');
    const first = noisyLines(1, 150_000);
    const second = noisyLines(2, 15_000);
    const a = gzipSync(strToU8(first));
    const b = gzipSync(strToU8(second));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(a.length).toBeGreaterThan(1 << 20); // some output is passed on before the junk shows

    let text = '';
    let readBeforeJunk = 0;
    const readAll = async (stream: ReadableStream<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const c of stream as unknown as AsyncIterable<Uint8Array>) {
        parts.push(c);
        if (!junkSeen) readBeforeJunk += c.byteLength;
      }
      return Buffer.concat(parts).toString('utf8');
    };
    let closed: { sha256: Promise<string | undefined>; bytes: number } | undefined;
    for await (const node of walkInputs([slowSource('rotated.log.gz', both)], { limits: DEFAULT_LIMITS })) {
      if (node.type === 'entry') text = await readAll(node.open());
      if (node.type === 'container-close') closed = node;
      if (node.type === 'failure') throw new Error(node.message);
    }
    // Output had been passed on when the second member showed up: the restart must skip it.
    expect(readBeforeJunk).toBeGreaterThan(0);
    expect(text.length).toBe(first.length + second.length);
    expect(text === first + second).toBe(true);
    expect(closed).toMatchObject({ type: 'container-close', ref: 1, bytes: both.length });
    expect(await closed!.sha256).toBe(createHash('sha256').update(both).digest('hex'));
  });

  test('a single member never needs the second pass', async () => {
    vi.stubGlobal('DecompressionStream', FirstMemberOnlyDecompressionStream);
    vi.resetModules();
    const { walkInputs } = await import('../../../shared/ingest/containers/walk');
    const body = noisyLines(3, 30_000);
    const gz = gzipSync(strToU8(body));
    const source = bytesSource('one.log.gz', gz);
    let opened = 0;
    const counting = { ...source, stream: () => { opened++; return source.stream(); } };
    let text = '';
    for await (const node of walkInputs([counting], { limits: DEFAULT_LIMITS })) {
      if (node.type === 'entry') text = await new Response(node.open()).text();
    }
    expect(text === body).toBe(true);
    expect(opened).toBe(1);
  });
});
