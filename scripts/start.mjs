#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed; otherwise, said plainly,
// the browser edition on 127.0.0.1.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);

/** A package's command-line script, run with this Node (no npx or shell in between). */
function bin(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin: bins } = require(manifest);
  return join(dirname(manifest), typeof bins === 'string' ? bins : bins[name]);
}

/** Runs it in the foreground: Ctrl+C or a kill reaches it, and its exit code is ours. */
function run(script, args) {
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (electronBinary()) {
  // Builds main, preload and renderer, then opens the app from out/.
  run(bin('electron-vite', 'electron-vite'), ['preview', '-c', 'electron.config.ts']);
} else {
  console.log("Electron's binary is not installed on this machine, so Tidemark is starting its browser edition at http://127.0.0.1:5173 instead.");
  run(bin('vite', 'vite'), ['--config', 'renderer/vite.config.ts', '--host', '127.0.0.1', '--port', '5173', '--strictPort']);
}
