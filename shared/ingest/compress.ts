import { concatBytes } from './bytes';

/** gzip through the platform's native CompressionStream (Node 20 and Chromium both have it). */
export async function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  return collect(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip')));
}

/** Gzips text as UTF-8 (the Blob encodes it natively). */
export async function gzipText(text: string): Promise<Uint8Array> {
  return collect(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip')));
}

export async function gunzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  return collect(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')));
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return concatBytes(parts);
}
