import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { rendererConfig } from './renderer/vite.config';

const at = (path: string) => resolve(import.meta.dirname, path);

/**
 * The desktop build: main process (with its ingest worker as a separate entry), the sandboxed
 * preload (CommonJS, as sandboxed preloads require), and the renderer, which is the very same
 * build as the browser edition (renderer/vite.config.ts).
 *
 * Dependencies are bundled into main and preload rather than left to node_modules: the packaged
 * app then ships no node_modules (build/electron-builder.yml), and the ingest worker, which runs
 * from outside app.asar, resolves nothing at run time but Node's built-ins.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      outDir: at('out/main'),
      rollupOptions: {
        input: {
          index: at('main/index.ts'),
          // Its own file, loaded by `new Worker()` (main/ingest/worker-entry.ts has the name).
          'ingest-worker': at('main/ingest/worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but (part of) Electron: zod is bundled into it.
      externalizeDeps: false,
      outDir: at('out/preload'),
      rollupOptions: {
        input: { index: at('main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      outDir: at('out/renderer'),
      rollupOptions: { input: at('renderer/index.html') },
    },
  },
});
