/**
 * The few members of a dedicated worker's global scope the workers use. Declared here because
 * the renderer compiles against the DOM library, which cannot be combined with the WebWorker one.
 */
export interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
}

export const workerScope = globalThis as unknown as WorkerScope;
