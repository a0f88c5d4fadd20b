/**
 * The two ends of an ingest conversation run on different message ports: Node's worker_threads
 * ports in the Electron main process, DOM MessagePorts in the browser. Each host adapts its port
 * to this, so the pipeline and the writer never see the difference.
 */
export interface PortEndpoint {
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Registers the handler; returns a function that removes it. */
  onMessage(handler: (data: unknown) => void): () => void;
  close(): void;
}

/** Adapter for a DOM MessagePort (browser windows and Web Workers). */
export function domPortEndpoint(port: MessagePort): PortEndpoint {
  return {
    send: (message, transfer = []) => port.postMessage(message, transfer),
    onMessage(handler) {
      const listener = (e: MessageEvent) => handler(e.data);
      port.addEventListener('message', listener);
      // A port queues messages until started; start only once someone listens, so none are lost.
      port.start();
      return () => port.removeEventListener('message', listener);
    },
    close: () => port.close(),
  };
}
