import type { DetectionCategory } from '../detect';
import type { EventKind } from '../model/event';
import type { PlaybookAnswer, PlaybookPhase } from '../playbook/schema';
import type { RegulatorSummary } from './regulator';

/**
 * Everything a case report holds, gathered from the case database and the query engine by
 * the app, then rendered by the report writers (HTML, Markdown, JSON; PDF prints the HTML).
 * Every number in a report comes from here, and everything here comes from the case data.
 * Strings are untrusted (log text, user notes): writers escape them for their format.
 */
export interface ReportInput {
  /** Bumped when the shape changes; written into the JSON export. */
  schemaVersion: 1;
  generatedAt: number;
  generatedBy: string;
  tool: { name: 'Tidemark'; version: string };
  /** IANA zone (or 'UTC') every time in the report is shown in; stored times are UTC epoch ms. */
  timeZone: string;
  case: { id: string; name: string; createdAt: number };
  summary: ReportSummary;
  evidence: ReportSource[];
  pinned: ReportPinnedEvent[];
  indicators: ReportIndicator[];
  suspects: ReportSuspect[];
  detections: ReportDetection[];
  exfiltration: ReportExfiltration;
  checklists: ReportChecklist[];
  parties: ReportParties;
  regulator: (RegulatorSummary & { deadline: number; hoursLeft: number; overdue: boolean }) | null;
  methods: ReportMethods;
  /** The case's audit trail, oldest first (may be cut to the latest entries; `auditTotal` says how many exist). */
  audit: ReportAuditEntry[];
  auditTotal: number;
}

export interface ReportSummary {
  /** The responder's own words (may be empty). */
  narrative: string;
  firstEvent: number | null;
  lastEvent: number | null;
  /** First event of the top suspect, when there is one. */
  attackStart: number | null;
  /** Addresses marked as indicators, or else the top suspect. */
  attackers: string[];
  exfiltratedBytes: number;
  /** Bytes that left to each attacker address. */
  exfiltratedTo: Array<{ address: string; bytes: number }>;
  totalEvents: number;
  totalSources: number;
  rejectedRecords: number;
}

export interface ReportSource {
  id: number;
  /** Path inside the imported archive, e.g. `case.zip!/web/access.log.gz!/access.log`. */
  path: string;
  bytes: number;
  sha256: string;
  format: string;
  parserVersion: string;
  tsMin: number | null;
  tsMax: number | null;
  events: number;
  rejected: number;
  /** Events whose timestamp had no zone, read in `timeZone`. */
  zoneless: number;
  timeZone: string;
  status: 'complete' | 'cancelled' | 'failed' | 'importing';
}

export interface ReportPinnedEvent {
  eventId: number;
  ts: number;
  kind: EventKind;
  summary: string;
  src: string | null;
  dst: string | null;
  sourcePath: string;
  line: number;
  /** The record exactly as logged. */
  raw: string;
  tags: string[];
  note: string;
  pinnedBy: string;
  pinnedAt: number;
}

export interface ReportIndicator {
  value: string;
  type: 'ipv4' | 'ipv6' | 'cidr';
  label: string;
  note: string;
  blocked: boolean;
  firstSeen: number | null;
  lastSeen: number | null;
  events: number;
  bytesOut: number;
}

export interface ReportSuspect {
  address: string;
  score: number;
  parts: Array<{ label: string; points: number; detail: string }>;
}

export interface ReportDetection {
  address: string;
  ruleId: string;
  name: string;
  category: DetectionCategory;
  requests: number;
}

export interface ReportExfiltration {
  totalOut: number;
  destinations: Array<{ address: string; bytesOut: number; events: number }>;
  /** Bytes out per bucket for the charted destinations (`values[i]` ↔ `charted[i]`) and the rest. */
  charted: string[];
  bucketMs: number;
  series: Array<{ t: number; values: number[]; other: number }>;
  baseline: {
    pivotTs: number; pivotReason: string; beforePerHour: number; afterPerHour: number; beforeBytes: number; afterBytes: number;
  } | null;
}

export type StepState = 'todo' | 'in-progress' | 'done' | 'not-applicable';

export interface ReportChecklist {
  playbookId: string;
  title: string;
  steps: Array<{
    id: string;
    phase: PlaybookPhase;
    title: string;
    guidance: string;
    answers: PlaybookAnswer[];
    state: StepState;
    /** Why the step does not apply (state 'not-applicable'). */
    reason: string;
    notes: string;
    evidence: Array<{ kind: 'pin' | 'indicator' | 'view'; label: string; ref: string }>;
    updatedBy: string | null;
    updatedAt: number | null;
  }>;
}

export interface ReportParties {
  count: number;
  records: number;
  categories: string[];
}

export interface ReportMethods {
  internalRanges: string[];
  /** Ranges that always count as internal, in words. */
  alwaysInternal: string;
  direction: string;
  scoring: string;
  detectionRules: Array<{ id: string; name: string; category: DetectionCategory; description: string }>;
  timeZones: string;
}

export interface ReportAuditEntry {
  at: number;
  by: string;
  entity: string;
  action: string;
  detail: string;
}
