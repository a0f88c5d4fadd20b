/**
 * Which side of a connection is ours, and so which byte count "left" (DESIGN: bytes that left
 * a pair are the bytes the internal side sent). A record naming only one address (an access
 * log names the client) was written by our own server, so a missing side counts as internal.
 */

/** Both sides internal, both external, or an address talking to itself: nothing left. */
export const NO_DIRECTION = 0;
/** The internal host initiated: the peer is `dst`, the bytes that left are `origBytes`. */
export const OUTBOUND = 1;
/** The external host initiated: the peer is `src`, the bytes that left are `respBytes`. */
export const INBOUND = 2;
export type Direction = typeof NO_DIRECTION | typeof OUTBOUND | typeof INBOUND;

export function direction(srcInternal: boolean, dstInternal: boolean): Direction {
  if (srcInternal === dstInternal) return NO_DIRECTION;
  return srcInternal ? OUTBOUND : INBOUND;
}
