/** Tidemark's version, from package.json, set at build time (renderer/vite.config.ts). */
declare const __TIDEMARK_VERSION__: string;
