/**
 * A value that a byte parser hands to the segment builder line after line: what a byte
 * interner found for a client, a request line or a user agent. The builder notes on it the id it
 * has in the segment being written, so writing it again costs one comparison instead of hashing
 * its text into the segment's dictionary (a fifth of the access-log byte path's time went there).
 *
 * The notes are only a shortcut: a builder that finds another segment's serial here looks the
 * text up as it would any string, so sharing one value between builders is safe.
 */
export class RepeatedText {
  /** The serial of the segment `stringId` is an id in (see SegmentBuilder); -1 for none. */
  stringSegment = -1;
  stringId = 0;
  /** The same for the segment's address table. */
  addressSegment = -1;
  addressId = 0;

  constructor(readonly text: string) {}
}

/** RepeatedText for a value that may be absent. */
export function repeated(text: string | undefined): RepeatedText | undefined {
  return text === undefined ? undefined : new RepeatedText(text);
}
