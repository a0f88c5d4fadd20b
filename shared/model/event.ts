/**
 * The normalized event: the one shape every parser produces and every view shows.
 * Direction follows Zeek's orig/resp convention: `src` initiated, `dst` responded.
 */
export const EVENT_KINDS = ['http', 'flow', 'dns', 'auth', 'audit', 'alert', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Numeric string fields of LogEvent that the store dictionary-encodes. */
export const EVENT_STRING_FIELDS = [
  'proto', 'action', 'method', 'host', 'url', 'ua', 'user',
  'actor', 'operation', 'resource', 'message',
] as const;
export type EventStringField = (typeof EVENT_STRING_FIELDS)[number];

/** Numeric fields of LogEvent besides the timestamp. */
export const EVENT_NUMBER_FIELDS = ['srcPort', 'dstPort', 'origBytes', 'respBytes', 'status'] as const;
export type EventNumberField = (typeof EVENT_NUMBER_FIELDS)[number];

const STRING_FIELD_SET: ReadonlySet<string> = new Set(EVENT_STRING_FIELDS);
const NUMBER_FIELD_SET: ReadonlySet<string> = new Set(EVENT_NUMBER_FIELDS);

export function isEventStringField(name: string): name is EventStringField {
  return STRING_FIELD_SET.has(name);
}

export function isEventNumberField(name: string): name is EventNumberField {
  return NUMBER_FIELD_SET.has(name);
}

/** Address fields: stored against the case-level address table so pivots can find them fast. */
export const EVENT_ADDRESS_FIELDS = ['src', 'dst'] as const;
export type EventAddressField = (typeof EVENT_ADDRESS_FIELDS)[number];

export interface LogEvent {
  /** Assigned by the store: segment id * 2^16 + row. */
  id?: number;
  /** Epoch milliseconds, UTC. The original text stays in the raw record. */
  ts: number;
  sourceId: number;
  /** 1-based record number inside the source. */
  line: number;
  kind: EventKind;
  src?: string; srcPort?: number;
  dst?: string; dstPort?: number;
  proto?: string; action?: string;
  /** Bytes sent by the initiator. */
  origBytes?: number;
  /** Bytes sent by the responder. */
  respBytes?: number;
  method?: string; host?: string; url?: string; status?: number; ua?: string; user?: string;
  actor?: string; operation?: string; resource?: string;
  message?: string;
  /** Leftover columns from CSV/JSON that map onto no field above. */
  fields?: Record<string, string>;
}

/** What a parser produces for one record: the event without the store's bookkeeping. */
export type ParsedEvent = Omit<LogEvent, 'id' | 'sourceId' | 'line'> & {
  /** True when the timestamp carried no zone and the source's time zone setting was applied. */
  zoneless?: boolean;
};
