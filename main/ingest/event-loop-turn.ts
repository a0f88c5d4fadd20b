/**
 * `yieldTurn` for the ingest pipeline under Node: settles after the I/O callbacks already due
 * (file reads and inflated chunks completing, messages from the case writer), which
 * `setImmediate` runs before its own callbacks.
 */
export function nodeEventLoopTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
