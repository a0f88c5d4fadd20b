#!/usr/bin/env node
// Runs the BUILT ingest worker (out/main/ingest-worker.js, or the path given) in a plain Node
// worker thread, the way the desktop app's main process does: an import of a small access log
// over a MessagePort with acknowledgements, then a scan. Needs no Electron binary, so it checks
// the production bundle (self-contained, ESM, deps inlined) wherever the desktop suite cannot run.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

const bundle = resolve(process.argv[2] ?? 'out/main/ingest-worker.js');
const dir = mkdtempSync(join(tmpdir(), 'tidemark-smoke-'));
// The defaults of shared/contract/import-options.ts, written out (this runs as plain JavaScript);
// if that schema changes, the worker's own validation says so here.
const options = {
  timeZone: 'UTC', internalRanges: [], formatOverrides: {}, mappings: {},
  limits: { maxExpansionRatio: 1000, maxEntries: 100_000, maxRecordChars: 1 << 20, maxNestingDepth: 8, maxBufferedEntryBytes: 2 * 1024 ** 3 },
};

function fail(message) {
  console.error(`worker-smoke: ${message}`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}

function run(data, port) {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(pathToFileURL(bundle), port ? { workerData: { data, port }, transferList: [port] } : { workerData: { data } });
    worker.on('message', (m) => (m.type === 'error' ? reject(new Error(m.error)) : resolvePromise(m)));
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`worker exited (${code}) without a report`)));
  });
}

const lines = 20_000;
let text = '';
for (let i = 0; i < lines; i++) text += `203.0.113.${i % 250} - - [12/Mar/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /x/${i} HTTP/1.1" 200 ${i} "-" "smoke"\n`;
const file = join(dir, 'access.log.gz');
writeFileSync(file, gzipSync(text));

try {
  const opts = options;
  const { port1: writer, port2 } = new MessageChannel();
  const seen = [];
  let events = 0;
  let sha;
  const ended = new Promise((resolveEnded) => {
    writer.on('message', (msg) => {
      seen.push(msg.t);
      if (msg.t === 'segment' || msg.t === 'rejects') writer.postMessage({ t: 'ack', seq: msg.seq });
      if (msg.t === 'source-close' && msg.events > 0) { events = msg.events; sha = msg.sha256; }
      if (msg.t === 'done') resolveEnded(msg);
    });
  });
  const report = await run({ mode: 'import', importId: 'smoke', items: [{ path: file, kind: 'file' }], options: opts }, port2);
  const done = await ended;
  writer.close();
  if (report.type !== 'summary' || done.status !== 'complete') fail(`import did not complete: ${JSON.stringify({ report, done })}`);
  if (events !== lines) fail(`expected ${lines} events, the worker counted ${events}`);
  if (sha !== createHash('sha256').update(text).digest('hex')) fail('the log inside the gzip was hashed wrongly');
  for (const t of ['hello', 'source-open', 'segment', 'source-close', 'done']) if (!seen.includes(t)) fail(`no ${t} message`);

  const scan = await run({ mode: 'scan', items: [{ path: file, kind: 'file' }], options: opts });
  if (scan.type !== 'scan' || scan.result.entries[0]?.detected !== 'access-combined') fail(`scan did not detect the access log: ${JSON.stringify(scan).slice(0, 300)}`);
  console.log(`worker-smoke: ${bundle} imported ${events} events from a gzip (SHA-256 checked) and scanned it in a worker thread.`);
  rmSync(dir, { recursive: true, force: true });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
