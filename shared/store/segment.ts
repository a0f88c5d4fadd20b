import type { EventAddressField, EventNumberField, EventStringField } from '../model/event';
import type { NumericColumn } from './columns';

/**
 * Events per segment: large enough for few, cheap writes (IndexedDB writes each segment's
 * columns to a file of its own, at a few ms of CPU per file); small enough that a cold query
 * or an opened event loads quickly. At most ROWS_PER_ID.
 */
export const SEGMENT_CAPACITY = 32_768;
/** Row ids pack (segment id, row) into one safe integer. */
export const ROW_BITS = 16;
export const ROWS_PER_ID = 1 << ROW_BITS;

export function eventId(segmentId: number, row: number): number {
  return segmentId * ROWS_PER_ID + row;
}
export function splitEventId(id: number): { segmentId: number; row: number } {
  return { segmentId: Math.floor(id / ROWS_PER_ID), row: id % ROWS_PER_ID };
}

/**
 * The columns of one segment. String columns hold indices into `strings` (0 = no value);
 * address columns hold indices into the address table (the producer's segment-local `addrs`
 * while in flight, the case-level address ids once stored; 0 = no value).
 */
export interface SegmentColumns {
  count: number;
  ts: NumericColumn;
  line: NumericColumn;
  kind: NumericColumn;
  num: Partial<Record<EventNumberField, NumericColumn>>;
  str: Partial<Record<EventStringField, NumericColumn>>;
  addr: Partial<Record<EventAddressField, NumericColumn>>;
  /** Leftover columns, by name, as indices into `strings`. */
  fields: Record<string, NumericColumn>;
  /**
   * Leftover columns whose values are numbers (flow logs' packet counts and end times), stored
   * as numbers: near-unique values would otherwise fill the dictionary. A field may be in both
   * maps (a row that held text); a row has a value in at most one. Absent in older segments.
   */
  fieldNumbers?: Record<string, NumericColumn>;
  /** Leftover field names in the order the segment first met them (the record's own order). */
  fieldOrder?: string[];
  strings: string[];
}

/** Per-minute totals a segment contributes; the writer folds them into the case's rollups. */
export interface SegmentRollup {
  /** Minute starts (epoch ms), ascending, unique. */
  minutes: Float64Array;
  /** minutes.length × EVENT_KINDS.length event counts, row-major by minute. */
  kindCounts: Uint32Array;
  /** Bytes that left / came in per minute (internal ↔ external traffic only). */
  bytesOut: Float64Array;
  bytesIn: Float64Array;
  /** Per (minute, external peer): parallel arrays. `peerAddr` indexes the segment's `addrs`. */
  peerMinute: Uint32Array;
  peerAddr: Uint32Array;
  peerCount: Uint32Array;
  peerOut: Float64Array;
  peerIn: Float64Array;
}

/** Per-address totals within a segment, parallel to `addrs` (index 0 unused). */
export interface SegmentAddressStats {
  count: Uint32Array;
  /** Bytes that left to this address when it is an external peer; bytes it received otherwise 0. */
  bytesOut: Float64Array;
  bytesIn: Float64Array;
  firstTs: Float64Array;
  lastTs: Float64Array;
  /** 1 when the address is internal by the case's ranges. */
  internal: Uint8Array;
}

/**
 * What the producer sends for each full (or final) segment of a source: the rows as the parsers
 * wrote them, one Float64Array per column (only the first `count` rows mean anything; the arrays
 * are the producer's whole buffers, transferred). The writer packs it into a SegmentPayload
 * (encoded columns, address totals, per-minute rollups): packing is a sixth of the parse's
 * work and the producer's thread is the import's critical path, while the writer's has room.
 */
export interface RawSegment {
  count: number;
  ts: Float64Array;
  line: Float64Array;
  /** Index into EVENT_KINDS. */
  kind: Float64Array;
  /** Indices into `addrs`; 0 = no address. */
  src: Float64Array;
  dst: Float64Array;
  num: Partial<Record<EventNumberField, Float64Array>>;
  /** Indices into `strings`; 0 = no value. */
  str: Partial<Record<EventStringField, Float64Array>>;
  fields: Record<string, Float64Array>;
  fieldNumbers: Record<string, Float64Array>;
  fieldOrder: string[];
  strings: string[];
  addrs: string[];
  raw?: string;
  rawOffsets?: Uint32Array;
  rawAt?: RawLineCheckpoint;
}

/** What the writer stores for a segment, packed from a RawSegment (see segment-pack). */
export interface SegmentPayload {
  columns: SegmentColumns;
  /** Segment-local address table; index 0 is a placeholder. */
  addrs: string[];
  addrStats: SegmentAddressStats;
  rollup: SegmentRollup;
  tsMin: number;
  tsMax: number;
  /** Bit i set when EVENT_KINDS[i] occurs. */
  kindsMask: number;
  /**
   * Raw record text, records back to back, where the raw text is kept with the segment (see
   * `rawAt` for the other way). The writer stores it; IndexedDB compresses it.
   */
  raw?: string;
  /** rawOffsets[i]..rawOffsets[i+1] are record i's characters in `raw`. */
  rawOffsets?: Uint32Array;
  /**
   * Where the raw text is the source's own bytes, kept once for the whole import (the picked
   * file itself): each record is one line of its source, named by the line column, and line
   * `rawAt.line` starts at byte `rawAt.byte` of the source's decompressed bytes, at or before the
   * segment's first record. A record's text is found by reading lines on from there.
   */
  rawAt?: RawLineCheckpoint;
}

/** A line of a source and the byte (of its decompressed bytes) where the line starts. */
export interface RawLineCheckpoint {
  byte: number;
  line: number;
}
