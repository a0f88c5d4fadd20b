/**
 * Limits that protect the responder's laptop from hostile or broken archives. Each one stops the
 * import with a message naming the limit; the user can raise it and import again.
 */
export interface IngestLimits {
  /** Decompressed bytes allowed per compressed byte, per compressed stream or entry. */
  maxExpansionRatio: number;
  /** Entries across all archives of one picked item, nested ones included. */
  maxEntries: number;
  /** Characters in one record (a line, a CSV row, a JSON object). */
  maxRecordChars: number;
  /** Archives inside archives. */
  maxNestingDepth: number;
  /** A nested zip must be held whole for random access; this caps what is held. */
  maxBufferedEntryBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxExpansionRatio: 1000,
  maxEntries: 100_000,
  maxRecordChars: 1 << 20,
  maxNestingDepth: 8,
  maxBufferedEntryBytes: 2 * 1024 * 1024 * 1024,
};

export type LimitName = keyof IngestLimits;

/** Thrown when input crosses a limit. The message is written for the responder. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  constructor(
    readonly limit: LimitName,
    readonly value: number,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown for input that is not what it claims to be (corrupt archive, truncated stream). */
export class InputFormatError extends Error {
  override readonly name = 'InputFormatError';
}
