import type { ContainerKind } from '../../model/source';

/**
 * What walking the picked items yields, in order. Archives and folders open and close around
 * their entries; leaves (`entry`) are the files that may hold log records.
 *
 * The consumer must read each `entry` stream to its end (or cancel it) before asking for the
 * next node: tar and gzip are single streams and cannot skip ahead.
 */
export type WalkNode = ContainerOpen | ContainerClose | LeafEntry | WalkFailure;

export interface ContainerOpen {
  type: 'container-open';
  /** Unique within one walk; parents are referred to by it. */
  ref: number;
  parentRef?: number;
  kind: ContainerKind;
  name: string;
  /** The chain from the picked item, entries separated by `!/`, e.g. `case.zip!/logs/a.log.gz`. */
  path: string;
  /** Bytes of the container as stored (compressed size); undefined when not known up front. */
  bytes?: number;
}

export interface ContainerClose {
  type: 'container-close';
  ref: number;
  /**
   * SHA-256 (hex) of the container's own bytes, undefined for folders. It settles later than the
   * walk goes on: hashing a large stream's end takes a moment, and the next entry need not wait.
   */
  sha256: Promise<string | undefined>;
  bytes: number;
}

export interface LeafEntry {
  type: 'entry';
  ref: number;
  parentRef?: number;
  name: string;
  path: string;
  /** Decompressed size when the container says so up front. */
  size?: number;
  /** The entry's decompressed bytes. Call once. */
  open(): ReadableStream<Uint8Array>;
  /** Its SHA-256, when the host computes it apart from the stream (see ByteSource.sha256). */
  sha256?: () => Promise<string>;
  /**
   * Its bytes are stored compressed in the picked item (inside gzip, or a deflated zip entry, at
   * any depth): keeping the picked item keeps them small.
   */
  compressed: boolean;
  /**
   * Takes back a chunk of the stream once the reader is done with it, so an inflater on another
   * thread can fill its buffer again. Only for streams whose chunks nothing else holds.
   */
  release?: (chunk: Uint8Array) => void;
}

/** A container that could not be read (corrupt, truncated, over a limit). Siblings go on. */
export interface WalkFailure {
  type: 'failure';
  ref: number;
  path: string;
  message: string;
  /** Set when the failure is a crossed limit the user may raise. */
  limit?: string;
  /** Fatal failures (a limit on the whole walk) end the walk after this node. */
  fatal: boolean;
}
