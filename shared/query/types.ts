import type { EventKind, LogEvent } from '../model/event';
import type { EvidenceSource } from '../model/source';
import type { InputItem } from '../ingest/bytes';
import type { IngestLimits } from '../ingest/limits';
import type { RawLineCheckpoint, SegmentColumns } from '../store/segment';

/** The planning facts of one stored segment (its zone maps). */
export interface SegmentInfo {
  id: number;
  sourceId: number;
  count: number;
  tsMin: number;
  tsMax: number;
  kindsMask: number;
  /** Case-level address ids present, ascending. */
  addrIds: Uint32Array;
}

/** Where the query engine reads from; the renderer backs it with Dexie. */
export interface SegmentStore {
  segments(): Promise<SegmentInfo[]>;
  columns(segmentId: number): Promise<SegmentColumns | undefined>;
  /**
   * The segment's raw records: `text` with `offsets`, or gzip of it (`gz`, cases imported before
   * 2026-11-26), or `at`, where its lines start in their kept source (see SegmentPayload.rawAt).
   */
  raw(segmentId: number): Promise<{ text?: string; gz?: Uint8Array; offsets?: Uint32Array; at?: RawLineCheckpoint } | undefined>;
  /** A kept picked item (see EvidenceSource.original), with the limits it was imported under. */
  original(key: string): Promise<{ item: InputItem; limits: IngestLimits } | undefined>;
  /** Case-level address id for an address text, if the case has seen it. */
  addressId(ip: string): Promise<number | undefined>;
  addressTexts(ids: number[]): Promise<Map<number, string>>;
  source(id: number): Promise<EvidenceSource | undefined>;
  sources(): Promise<EvidenceSource[]>;
  /** Every address of the case with its totals (a case holds thousands, not millions). */
  addresses(): Promise<AddressSummary[]>;
  /**
   * Per-minute rollup rows in `[from, to)`, ascending by minute. A minute may have several rows
   * (one per source that has events in it): every reader adds rows up, none needs them merged.
   */
  rollups(from: number, to: number): Promise<RollupMinute[]>;
  /** A derived answer saved for a state of the case (see analytics/materialize.ts). */
  loadDerived(name: string): Promise<{ stamp: string; value: unknown } | undefined>;
  saveDerived(name: string, stamp: string, value: unknown): Promise<void>;
  clearDerived(): Promise<void>;
}

/** One address seen in the case, with totals across all complete sources. */
export interface AddressSummary {
  id: number;
  ip: string;
  internal: 0 | 1;
  events: number;
  /** Bytes that left to this address (it was the external peer of an internal host). */
  bytesOut: number;
  /** Bytes this address sent to internal hosts. */
  bytesIn: number;
  firstTs: number;
  lastTs: number;
}

/** One minute of the case: counts by kind, bytes that left/came in, and per external peer. */
export interface RollupMinute {
  minute: number;
  /** Event counts indexed like EVENT_KINDS. */
  kindCounts: Uint32Array;
  bytesOut: number;
  bytesIn: number;
  /** Case-level ids of the external peers active in this minute, parallel to the arrays below. */
  peerIds: Uint32Array;
  peerCount: Uint32Array;
  peerOut: Float64Array;
  peerIn: Float64Array;
}

export interface EventFilter {
  from?: number;
  to?: number;
  /** Events where this address is either side. */
  address?: string;
  kinds?: EventKind[];
  sourceIds?: number[];
  method?: string;
  status?: number;
  /** Case-insensitive substring over the text fields (url, user agent, user, host, message…). */
  text?: string;
}

export interface EventPage {
  total: number;
  offset: number;
  rows: LogEvent[];
}

export interface EventDetail {
  event: LogEvent;
  raw: string;
  source: EvidenceSource | undefined;
}

export interface TopEntry {
  address: string;
  events: number;
  /** Sum of the requested byte field. */
  bytes: number;
}
