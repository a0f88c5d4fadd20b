import Dexie, { type EntityTable, type Table } from 'dexie';
import type { EvidenceSource, RejectedRecord } from '../../shared/model/source';
import type { SegmentColumns } from '../../shared/store/segment';

/**
 * IndexedDB layout. One registry database lists the cases; each case is its own database
 * (`tidemark-case-<id>`), so deleting or exporting a case touches nothing else.
 *
 * Events are not stored one record per event: they live in columnar segments (see
 * docs/ARCHITECTURE.md for the measurements). A segment is split in three tables so that
 * planning a query reads only the small index rows, and raw text is read only when an event
 * is opened.
 */

export interface CaseRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Filled after each import so the case list needs no case database opened. */
  events: number;
  sources: number;
  tsMin?: number;
  tsMax?: number;
  /** Set while an import runs; a reload finding it set knows that import was interrupted. */
  importing?: string;
  demo?: boolean;
}

export class RegistryDb extends Dexie {
  cases!: EntityTable<CaseRecord, 'id'>;
  constructor() {
    super('tidemark-registry');
    this.version(1).stores({ cases: 'id, updatedAt' });
  }
}

/** Planning data for one segment: which source, what time span, which addresses. */
export interface SegmentIndexRow {
  id: number;
  sourceId: number;
  /** Order within its source. */
  seq: number;
  count: number;
  tsMin: number;
  tsMax: number;
  kindsMask: number;
  /** Case-level address ids present in the segment, ascending (the address zone map). */
  addrIds: Uint32Array;
}

export interface SegmentDataRow {
  id: number;
  columns: SegmentColumns;
}

export interface SegmentRawRow {
  id: number;
  gz: Uint8Array;
  offsets: Uint32Array;
}

/** One address seen in the case, with totals across all complete sources. */
export interface AddressRow {
  id: number;
  ip: string;
  internal: 0 | 1;
  events: number;
  /** Bytes that left to this address (it was the external peer of an internal host). */
  bytesOut: number;
  bytesIn: number;
  firstTs: number;
  lastTs: number;
}

/** Per-minute rollup: counts by kind and bytes that left/came in, plus per external peer. */
export interface RollupRow {
  minute: number;
  kindCounts: Uint32Array;
  bytesOut: number;
  bytesIn: number;
  peerIds: Uint32Array;
  peerCount: Uint32Array;
  peerOut: Float64Array;
  peerIn: Float64Array;
}

export interface ImportRow {
  id: string;
  startedAt: number;
  finishedAt?: number;
  status: 'running' | 'complete' | 'cancelled' | 'failed' | 'interrupted';
  error?: string;
  limit?: string;
  events: number;
  rejected: number;
  options: unknown;
}

export interface CaseMeta {
  key: string;
  value: unknown;
}

export class CaseDb extends Dexie {
  meta!: Table<CaseMeta, string>;
  imports!: EntityTable<ImportRow, 'id'>;
  sources!: EntityTable<EvidenceSource, 'id'>;
  rejects!: EntityTable<RejectedRecord, 'id'>;
  segmentIndex!: EntityTable<SegmentIndexRow, 'id'>;
  segmentData!: EntityTable<SegmentDataRow, 'id'>;
  segmentRaw!: EntityTable<SegmentRawRow, 'id'>;
  addresses!: EntityTable<AddressRow, 'id'>;
  rollups!: Table<RollupRow, number>;

  constructor(readonly caseId: string) {
    super(caseDbName(caseId));
    this.version(1).stores({
      meta: 'key',
      imports: 'id, startedAt',
      sources: '++id, importId, parentId, status',
      rejects: '++id, sourceId, [sourceId+line]',
      segmentIndex: '++id, sourceId, tsMin',
      segmentData: 'id',
      segmentRaw: 'id',
      addresses: '++id, &ip, bytesOut, events',
      rollups: 'minute',
    });
  }
}

export function caseDbName(caseId: string): string {
  return `tidemark-case-${caseId}`;
}
