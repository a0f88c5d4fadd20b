#!/usr/bin/env node
// `npm run test:electron`: the desktop app itself, driven by Playwright's Electron support. Needs
// Electron's binary, which cannot be downloaded on every machine; without it this says so and
// fails, rather than passing without having run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('electron/package.json'));
const pathFile = join(dir, 'path.txt');
const binary = existsSync(pathFile) ? join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
if (!binary || !existsSync(binary)) {
  console.error("test:electron: Electron's binary is not installed here (npm ci downloads it where the network allows), so the desktop suite cannot run.");
  process.exit(1);
}
const r = spawnSync('npx', ['playwright', 'test', '-c', 'test/electron/playwright.config.ts'], { stdio: 'inherit', env: { ...process.env, TIDEMARK_ELECTRON: binary } });
process.exit(r.status ?? 1);
