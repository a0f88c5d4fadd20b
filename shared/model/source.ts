import type { FormatId } from './format';

export type SourceStatus = 'importing' | 'complete' | 'cancelled' | 'failed';
/** `container` rows are archives and folders; `log` rows hold events. */
export type SourceRole = 'container' | 'log';
export type ContainerKind = 'zip' | 'gzip' | 'tar' | 'folder';

/** One evidence row: a file the user gave, or one entry inside an archive. */
export interface EvidenceSource {
  id: number;
  /** The import run that created this row. */
  importId: string;
  parentId?: number;
  role: SourceRole;
  containerKind?: ContainerKind;
  /** File or entry name. */
  name: string;
  /** Full chain from the picked file to this entry, e.g. `case.zip!/web/access.log.gz!/access.log`. */
  path: string;
  /** Bytes of this node as stored (for an archive entry: its decompressed bytes). */
  bytes: number;
  /** SHA-256 (hex) of exactly those bytes, computed while streaming. */
  sha256?: string;
  format?: FormatId;
  /** Whether the format came from detection or from the user's override. */
  formatChosenBy?: 'detected' | 'user';
  parserVersion?: string;
  tsMin?: number;
  tsMax?: number;
  events: number;
  rejected: number;
  /** Events whose time carried no zone, so the source's time zone setting was applied. */
  zoneless: number;
  timeZone: string;
  status: SourceStatus;
  error?: string;
  /**
   * The key of the picked item this source came from, where the case keeps it (the browser
   * edition): events of line formats read their raw text from it.
   */
  original?: string;
  startedAt: number;
  finishedAt?: number;
}

/** A record that could not be parsed: kept, counted and shown for review. */
export interface RejectedRecord {
  id?: number;
  sourceId: number;
  line: number;
  reason: string;
  /** The record text, cut to a reviewable length. */
  text: string;
}
