import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The renderer build, shared by the browser edition (this file) and the desktop build
 * (electron.config.ts imports it). Workers are ES modules; the page makes no request outside
 * its own origin, which the CSP below (and the desktop host's header) enforce.
 */
export const rendererConfig: UserConfig = {
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  // The version reports and exports name as their producer.
  define: { __TIDEMARK_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
};

export default defineConfig(rendererConfig);
