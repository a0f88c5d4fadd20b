import type { EventKind, LogEvent } from '../model/event';
import type { EvidenceSource } from '../model/source';
import type { SegmentColumns } from '../store/segment';

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
  raw(segmentId: number): Promise<{ gz: Uint8Array; offsets: Uint32Array } | undefined>;
  /** Case-level address id for an address text, if the case has seen it. */
  addressId(ip: string): Promise<number | undefined>;
  addressTexts(ids: number[]): Promise<Map<number, string>>;
  source(id: number): Promise<EvidenceSource | undefined>;
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
