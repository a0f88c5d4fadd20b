// Loads the ingest worker's TypeScript source in a worker thread, for tests (the app runs the
// built JavaScript). tsx's register hook makes `.ts` importable in this thread.
import { register } from 'tsx/esm/api';

register();
await import('../../../main/ingest/worker.ts');
