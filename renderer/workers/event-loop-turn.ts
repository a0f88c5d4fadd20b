/**
 * `yieldTurn` for the ingest pipeline in a Web Worker: each call settles in a task of its own,
 * queued behind the messages and reads already waiting on this thread.
 *
 * A message to ourselves rather than `setTimeout(0)`, which browsers hold back to 4 ms once
 * timers nest (each turn would be called from the last one's task); and rather than
 * `scheduler.yield()`, whose continuation is run ahead of the tasks already queued, the very
 * ones the turn is for.
 */
export function eventLoopTurns(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () => new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
