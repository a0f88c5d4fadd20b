import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { defaultImportOptions } from '../../../shared/contract/import-options';
import { ProducerMessageSchema, type ProducerMessage } from '../../../shared/contract/ingest-port';
import { ACK_WINDOW } from '../../../shared/ingest/pipeline';
import { SEGMENT_CAPACITY } from '../../../shared/store/segment';
import { startIngest, type RendererPort, type WorkerEntry } from '../../../main/ingest/host';
import { tempDir } from '../helpers/temp';

/** The worker's TypeScript source, loaded through tsx in the worker thread. */
const entry: WorkerEntry = { url: new URL('./worker-bootstrap.mjs', import.meta.url) };

function accessLog(lines: number): string {
  let s = '';
  for (let i = 0; i < lines; i++) {
    s += `198.51.100.${i % 200} - - [12/Mar/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" 200 ${i} "-" "ua"\n`;
  }
  return s;
}

/** The renderer's end: a worker_threads channel standing in for Electron's MessagePortMain. */
function rendererChannel(): { rendererPort: RendererPort; writer: MessagePort } {
  const channel = new MessageChannel();
  const rendererPort: RendererPort = {
    postMessage: (m) => channel.port1.postMessage(m),
    on: (_event, listener) => channel.port1.on('message', (data: unknown) => listener({ data })),
    start: () => channel.port1.start(),
    close: () => channel.port1.close(),
  };
  return { rendererPort, writer: channel.port2 };
}

describe('the Electron ingest host', () => {
  test('runs the pipeline in a worker thread and relays it to the renderer port with backpressure', async () => {
    const dir = tempDir('tidemark-host-');
    const file = join(dir, 'access.log');
    const text = accessLog(SEGMENT_CAPACITY * 6 + 5);
    writeFileSync(file, text);

    const { rendererPort, writer } = rendererChannel();
    const received: ProducerMessage[] = [];
    const outstanding = new Set<number>();
    let maxOutstanding = 0;
    let stalledAt = -1;
    let release: (() => void) | undefined;
    const held = new Promise<void>((r) => { release = r; });
    let holding = true;

    let sawDone!: () => void;
    const writerDone = new Promise<void>((r) => { sawDone = r; });
    writer.on('message', (data: unknown) => {
      const msg = ProducerMessageSchema.parse(data);
      received.push(msg);
      if (msg.t === 'done') sawDone();
      if (msg.t === 'segment' || msg.t === 'rejects') {
        outstanding.add(msg.seq);
        maxOutstanding = Math.max(maxOutstanding, outstanding.size);
        if (holding) {
          // Withhold acknowledgements until the producer has filled its window, then wait to
          // see that it really stops sending.
          if (outstanding.size === ACK_WINDOW) {
            stalledAt = received.length;
            setTimeout(() => { holding = false; release?.(); }, 500);
          }
          return;
        }
        writer.postMessage({ t: 'ack', seq: msg.seq });
        outstanding.delete(msg.seq);
      }
    });
    void held.then(() => {
      // During the hold nothing more than the window arrived; now acknowledge everything.
      for (const seq of outstanding) writer.postMessage({ t: 'ack', seq });
      outstanding.clear();
    });

    const job = startIngest({ entry, importId: 'host-test', items: [{ path: file, kind: 'file' }], options: defaultImportOptions(), rendererPort });
    const [summary] = await Promise.all([job.done, writerDone]);
    writer.close();

    expect(summary).toMatchObject({ status: 'complete', events: SEGMENT_CAPACITY * 6 + 5, rejected: 0 });
    expect(stalledAt).toBeGreaterThan(0);
    expect(maxOutstanding).toBe(ACK_WINDOW);
    const segmentsDuringHold = received.slice(0, stalledAt).filter((m) => m.t === 'segment').length;
    expect(segmentsDuringHold).toBe(ACK_WINDOW);

    expect(received[0]).toMatchObject({ t: 'hello', importId: 'host-test' });
    const open = received.find((m) => m.t === 'source-open');
    expect(open).toMatchObject({ role: 'log', name: 'access.log', format: 'access-combined' });
    const segments = received.filter((m): m is Extract<ProducerMessage, { t: 'segment' }> => m.t === 'segment');
    expect(segments).toHaveLength(7);
    expect(segments.reduce((n, s) => n + s.segment.count, 0)).toBe(SEGMENT_CAPACITY * 6 + 5);
    const close = received.find((m) => m.t === 'source-close');
    expect(close).toMatchObject({
      status: 'complete', events: SEGMENT_CAPACITY * 6 + 5,
      sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text),
    });
    expect(received[received.length - 1]).toMatchObject({ t: 'done', status: 'complete' });
  });

  test('a worker that fails before the protocol ends still closes the import in the renderer', async () => {
    const dir = tempDir('tidemark-host-');
    const { rendererPort, writer } = rendererChannel();
    const received: ProducerMessage[] = [];
    const writerDone = new Promise<void>((resolve) => {
      writer.on('message', (data: unknown) => {
        const msg = ProducerMessageSchema.parse(data);
        received.push(msg);
        if (msg.t === 'done') resolve();
      });
    });
    // The picked file vanished between picking and importing: the worker cannot even start.
    const job = startIngest({
      entry, importId: 'gone', items: [{ path: join(dir, 'deleted.log'), kind: 'file' }], options: defaultImportOptions(), rendererPort,
    });
    await expect(job.done).rejects.toThrow(/ENOENT|no such file/);
    await writerDone;
    writer.close();
    expect(received).toEqual([{ t: 'done', status: 'failed', error: expect.stringMatching(/ENOENT|no such file/) }]);
  });
});
