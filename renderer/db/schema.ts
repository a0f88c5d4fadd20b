import Dexie, { type EntityTable, type Table } from 'dexie';
import type { EvidenceSource, RejectedRecord } from '../../shared/model/source';
import type { RawLineCheckpoint, SegmentColumns } from '../../shared/store/segment';
import type { KeptItem } from '../../shared/contract/workers';
import type { AddressSummary, RollupMinute } from '../../shared/query/types';
import { EVENT_KINDS } from '../../shared/model/event';
import { packMinutes, type PackedMinutes } from '../../shared/store/rollups';
import type { Playbook } from '../../shared/playbook/schema';
import type { StepState } from '../../shared/report/model';

/**
 * IndexedDB layout. One registry database lists the cases; each case is its own database
 * (`tidemark-case-<id>`), so deleting or exporting a case touches nothing else.
 *
 * Events are not stored one record per event: they live in columnar segments (see
 * docs/ARCHITECTURE.md for the measurements). A segment is split in three tables so that
 * planning a query reads only the small index rows, and raw text is read only when an event
 * is opened. Where the case keeps the picked files (`originals`, browser edition), line formats
 * store no raw text at all, only where their lines are (SegmentRawRow.at).
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

/**
 * The raw records of one segment, joined, with each record's start offset (in characters).
 * Stored as text since 2026-11-26: Chromium's IndexedDB compresses large values itself (Snappy;
 * measured 8x on access logs), and gzip in the writer cost more CPU than every other step of an
 * import. Cases imported before keep their gzip bytes in `gz`, and both are read.
 */
export interface SegmentRawRow {
  id: number;
  text?: string;
  gz?: Uint8Array;
  offsets?: Uint32Array;
  /**
   * Since 2026-11-26 (fifth session), for line formats of a kept source: no text here, only where
   * the segment's lines start in the source (SegmentPayload.rawAt).
   */
  at?: RawLineCheckpoint;
}

/** A picked item kept with the case (browser edition), by `keptItemKey`. */
export interface OriginalRow {
  id: string;
  importId: string;
  item: KeptItem;
}

/** One address seen in the case, with totals across all complete sources. */
export type AddressRow = AddressSummary;

/**
 * One source's per-minute rollups (counts by kind, bytes that left/came in, per external peer),
 * packed into one record written when the source completes: adding a source never rewrites what
 * earlier ones left, and readers add up a minute's parts. `sourceId` 0 holds minutes re-derived
 * for the whole case after its internal ranges changed.
 */
export type RollupRow = PackedMinutes;

/** Versions 5 and 6 stored a record per minute and source; kept to move them on upgrade. */
interface MinuteRollupRow extends RollupMinute {
  sourceId: number;
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

/** An event the responder pinned for the report, with tags and an annotation. */
export interface PinRow {
  id?: number;
  eventId: number;
  /** Copied from the event so the report and pin list read without the segments. */
  ts: number;
  sourceId: number;
  line: number;
  summary: string;
  tags: string[];
  note: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

/** An indicator of compromise: an address (or block) the responder marked. */
export interface IndicatorRow {
  id?: number;
  value: string;
  type: 'ipv4' | 'ipv6' | 'cidr';
  label: string;
  note: string;
  /** On the block list that the block rules are generated from. */
  block: boolean;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

/** Who changed what and when: every edit of the case state leaves one row. */
export interface AuditRow {
  id?: number;
  at: number;
  by: string;
  entity: 'pin' | 'indicator' | 'checklist' | 'party' | 'settings' | 'report';
  entityKey: string;
  action: string;
  detail: string;
}

/** A playbook the case runs (the built-in one, or one imported from a runbook or JSON). */
export interface CasePlaybookRow {
  id: string;
  playbook: Playbook;
  addedAt: number;
  addedBy: string;
}

/** The state of one playbook step in this case. */
export interface ChecklistRow {
  playbookId: string;
  stepId: string;
  state: StepState;
  /** Why the step does not apply (state 'not-applicable'). */
  reason: string;
  notes: string;
  evidence: Array<{ kind: 'pin' | 'indicator' | 'view'; label: string; ref: string }>;
  updatedBy: string;
  updatedAt: number;
}

/** Someone whose data the incident exposed, imported from CSV or entered by hand. */
export interface PartyRow {
  id?: number;
  name: string;
  contact: string;
  categories: string[];
  /** Records of theirs affected; null when unknown. */
  records: number | null;
  /** Extra columns of the imported CSV, by header. */
  fields: Record<string, string>;
  /** Event ids (pinned events) or indicator values that show their exposure. */
  evidence: Array<{ kind: 'pin' | 'indicator'; ref: string; label: string }>;
  origin: 'csv' | 'manual';
  createdAt: number;
  createdBy: string;
}

/** An answer derived from the events (suspects, exfiltration), saved for one state of the case. */
export interface DerivedRow {
  name: string;
  /** Identifies the state of the case it was computed for; a different stamp means stale. */
  stamp: string;
  value: unknown;
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
  originals!: EntityTable<OriginalRow, 'id'>;
  addresses!: EntityTable<AddressRow, 'id'>;
  sourceRollups!: Table<RollupRow, number>;
  pins!: EntityTable<PinRow, 'id'>;
  indicators!: EntityTable<IndicatorRow, 'id'>;
  audit!: EntityTable<AuditRow, 'id'>;
  playbooks!: EntityTable<CasePlaybookRow, 'id'>;
  checklist!: Table<ChecklistRow, [string, string]>;
  parties!: EntityTable<PartyRow, 'id'>;
  derived!: Table<DerivedRow, string>;

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
    // Case state: what the responder decides (pins, indicators) and the audit trail of it.
    this.version(2).stores({
      pins: '++id, &eventId, ts',
      indicators: '++id, &value, block',
      audit: '++id, at, entity',
    });
    // The guided checklist (playbooks the case runs and each step's state) and affected parties.
    this.version(3).stores({
      playbooks: 'id, addedAt',
      checklist: '[playbookId+stepId], playbookId',
      parties: '++id, name',
    });
    // Saved analyses, so a case opens to its suspects without scanning every event again.
    this.version(4).stores({ derived: 'name' });
    // Rollups per (minute, source): an import's sources no longer rewrite each other's minutes.
    // IndexedDB cannot change a table's key, so the rows move to a new table (then the old goes).
    this.version(5).stores({ minuteRollups: '[minute+sourceId], sourceId' }).upgrade(async (tx) => {
      const old = await tx.table<RollupMinute, number>('rollups').toArray();
      await tx.table<MinuteRollupRow, [number, number]>('minuteRollups').bulkPut(old.map((r) => ({ ...r, sourceId: 0 })));
    });
    this.version(6).stores({ rollups: null });
    // One record per source instead of one per minute and source: a case's rollups read back in
    // a few records rather than tens of thousands.
    this.version(7).stores({ sourceRollups: 'sourceId' }).upgrade(async (tx) => {
      const rows = await tx.table<MinuteRollupRow, [number, number]>('minuteRollups').toArray();
      const bySource = new Map<number, MinuteRollupRow[]>();
      for (const r of rows) {
        const list = bySource.get(r.sourceId) ?? [];
        list.push(r);
        bySource.set(r.sourceId, list);
      }
      await tx.table<RollupRow, number>('sourceRollups').bulkPut(
        [...bySource].map(([sourceId, list]) => packMinutes(sourceId, list.sort((a, b) => a.minute - b.minute), EVENT_KINDS.length)),
      );
    });
    this.version(8).stores({ minuteRollups: null });
    this.version(9).stores({ originals: 'id, importId' });
  }
}

export function caseDbName(caseId: string): string {
  return `tidemark-case-${caseId}`;
}
