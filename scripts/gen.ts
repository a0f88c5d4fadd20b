/**
 * `npm run gen -- --events N --out FILE [--seed S] [--format archive|access-log] [--level 0-9]`
 * Writes a deterministic incident archive (or a plain access log) and, next to it,
 * `<FILE without extension>.manifest.json` with the true counts.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateIncident } from '../shared/demo/generator';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string', default: 'archive' },
    level: { type: 'string', default: '6' },
  },
});

function fail(message: string): never {
  console.error(`gen: ${message}`);
  console.error('usage: npm run gen -- --events N --out FILE [--seed S] [--format archive|access-log] [--level 0-9]');
  process.exit(2);
}

const events = Number(values.events);
if (!Number.isInteger(events) || events < 1000) fail('--events must be a whole number of at least 1000');
if (!values.out) fail('--out FILE is required');
const format = values.format === 'access-log' ? 'access-log' : values.format === 'archive' ? 'archive' : fail('--format is archive or access-log');
const level = Number(values.level);
if (!Number.isInteger(level) || level < 0 || level > 9) fail('--level must be 0 to 9');
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) fail('--seed must be a whole number');

const out = createWriteStream(values.out);
let writeError: Error | null = null;
out.on('error', (e) => { writeError = e; });
const t0 = performance.now();
const manifest = await generateIncident({
  events, seed, format, level,
  sink: (chunk) => {
    if (writeError) throw writeError;
    // Respect the file's backpressure: wait for 'drain' when its buffer is full.
    return out.write(chunk) ? undefined : new Promise<void>((resolve) => out.once('drain', resolve));
  },
});
await new Promise<void>((resolve) => out.end(resolve));
const manifestPath = `${values.out.replace(/\.[^./]+$/, '')}.manifest.json`;
await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
const seconds = (performance.now() - t0) / 1000;
console.log(`gen: ${events.toLocaleString('en-US')} events → ${values.out} (${(out.bytesWritten / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s; manifest ${manifestPath}; attacker ${manifest.attacker}`);
