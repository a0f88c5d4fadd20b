import { describe, expect, test } from 'vitest';
import { domPortEndpoint } from '../../../shared/contract/port';
import { AckWindow } from '../../../shared/ingest/ack-window';

describe('the producer\'s acknowledgement window', () => {
  test('an acknowledgement frees its place and hands back the buffers it carries', async () => {
    const channel = new MessageChannel();
    const returned: ArrayBuffer[][] = [];
    const window = new AckWindow(domPortEndpoint(channel.port1), 1, () => undefined, (buffers) => returned.push(buffers));
    const writer = domPortEndpoint(channel.port2);
    writer.onMessage((data) => {
      const { seq } = data as { seq: number };
      const column = new Float64Array(4).fill(seq);
      writer.send({ t: 'ack', seq, columns: [column.buffer] }, [column.buffer]);
    });
    // A window of one: the second send waits for the first acknowledgement.
    await window.sendAcked((seq) => ({ t: 'segment', seq }), []);
    await window.sendAcked((seq) => ({ t: 'segment', seq }), []);
    await window.drain();
    expect(returned.map((buffers) => Array.from(new Float64Array(buffers[0]!)))).toEqual([[1, 1, 1, 1], [2, 2, 2, 2]]);
    window.dispose();
    channel.port1.close();
    channel.port2.close();
  });
});
