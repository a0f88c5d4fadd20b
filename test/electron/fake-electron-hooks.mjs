// Module hooks for main-smoke.ts: `import … from "electron"` gets fake-electron.ts instead.
const FAKE = new URL('./fake-electron.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: FAKE, shortCircuit: true };
  return next(specifier, context);
}
