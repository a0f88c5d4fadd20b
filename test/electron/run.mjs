#!/usr/bin/env node
// `npm run test:electron` (after `npm run build`): the desktop app itself. First what needs no
// Electron: the built main process under a stand-in `electron` module (main-smoke.ts) and the
// built ingest worker in a plain worker thread (worker-smoke.mjs). Then the window suite, driven
// by Playwright's Electron support, which needs Electron's binary. Without the binary this says
// so and fails, rather than passing without having run.
import { spawnSync } from 'node:child_process';
import { electronBinary } from '../../scripts/electron-binary.mjs';

for (const args of [['--import', 'tsx', 'test/electron/main-smoke.ts'], ['test/electron/worker-smoke.mjs', 'out/main/ingest-worker.js']]) {
  const smoke = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (smoke.status !== 0) process.exit(smoke.status ?? 1);
}

const binary = electronBinary();
if (!binary) {
  console.error("test:electron: Electron's binary is not installed here (npm ci downloads it where the network allows), so the desktop window suite cannot run. Only the built main process and ingest worker were checked (under Node).");
  process.exit(1);
}
const r = spawnSync('npx', ['playwright', 'test', '-c', 'test/electron/playwright.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TIDEMARK_ELECTRON: binary },
  shell: process.platform === 'win32',
});
process.exit(r.status ?? 1);
