#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed; otherwise, said plainly,
// the browser edition on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The installed Electron binary, or null. Requiring the electron package would try to download
 * a missing binary, so its path file is read directly instead.
 */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (electronBinary()) {
  run('npx', ['electron-vite', 'preview', '-c', 'electron.config.ts']);
} else {
  console.log("Electron's binary is not installed on this machine, so Tidemark is starting its browser edition at http://127.0.0.1:5173 instead.");
  run('npx', ['vite', '--config', 'renderer/vite.config.ts', '--host', '127.0.0.1', '--port', '5173', '--strictPort']);
}
