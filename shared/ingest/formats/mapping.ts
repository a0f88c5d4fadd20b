import { EVENT_KINDS, type EventKind, type ParsedEvent } from '../../model/event';
import type { FieldMapping, MappableField } from '../../model/format';
import { canonicalAddress } from '../../net/address';
import { parseTimestamp } from '../time/timestamp';
import type { ParseOutcome } from './types';

/**
 * Column-name heuristics shared by CSV and JSON exports. Names are compared lower-cased with
 * separators removed, so `src_ip`, `Src IP` and `srcIp` are one name. The first candidate
 * present wins, so the lists run from most to least specific.
 *
 * Direction: "sent"/"out"/"orig"/"client-to-server" names are bytes the initiator (source) sent;
 * "received"/"in"/"resp"/"server-to-client" names are bytes the responder sent back. A single
 * undirected `bytes` column is counted as sent by the source, which is how flow exports use it.
 */
const CANDIDATES: Record<Exclude<MappableField, 'kind'>, string[]> = {
  ts: ['timestamp', '@timestamp', 'eventtime', 'time', 'datetime', 'date', 'ts', 'starttime', 'start', 'generatedtime', 'receivetime', 'logtime'],
  src: ['srcip', 'srcaddr', 'sourceip', 'sourceipaddress', 'sourceaddress', 'clientip', 'cip', 'idorigh', 'src', 'source', 'client', 'remoteaddr', 'remoteip', 'callerip'],
  srcPort: ['srcport', 'sourceport', 'clientport', 'idorigp', 'sport', 'spt'],
  dst: ['dstip', 'dstaddr', 'destip', 'destinationip', 'destinationaddress', 'destaddr', 'serverip', 'sip', 'idresph', 'dst', 'dest', 'destination', 'server'],
  dstPort: ['dstport', 'destport', 'destinationport', 'serverport', 'idrespp', 'dport', 'dpt'],
  proto: ['protocol', 'proto', 'transport', 'ipprotocol'],
  action: ['action', 'disposition', 'verdict', 'decision', 'result'],
  origBytes: ['bytessent', 'sentbytes', 'bytesout', 'outbytes', 'origbytes', 'clientbytes', 'csbytes', 'txbytes', 'requestbytes', 'uploadbytes', 'bytes'],
  respBytes: ['bytesreceived', 'receivedbytes', 'bytesin', 'inbytes', 'respbytes', 'serverbytes', 'scbytes', 'rxbytes', 'responsebytes', 'downloadbytes', 'bodybytessent'],
  method: ['method', 'httpmethod', 'csmethod', 'requestmethod', 'verb'],
  host: ['host', 'hostname', 'cshost', 'httphost', 'domain', 'servername'],
  url: ['url', 'uri', 'csuristem', 'requesturi', 'path', 'request', 'requestpath'],
  status: ['status', 'statuscode', 'scstatus', 'httpstatus', 'responsecode'],
  ua: ['useragent', 'csuseragent', 'httpuseragent', 'ua', 'agent'],
  user: ['user', 'username', 'userid', 'account', 'login', 'useridentityusername', 'useridentityarn'],
  actor: ['actor', 'principal', 'useridentityprincipalid', 'callerarn', 'initiatedby'],
  operation: ['operation', 'eventname', 'operationname', 'apicall', 'activity'],
  resource: ['resource', 'eventsource', 'resourcename', 'target', 'object'],
  message: ['message', 'msg', 'description', 'summary', 'log'],
};

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9@]/g, '');
}

export function suggestMapping(columns: string[]): FieldMapping {
  const byNorm = new Map<string, string>();
  for (const c of columns) {
    const n = normalizeName(c);
    if (!byNorm.has(n)) byNorm.set(n, c);
  }
  const mapping: FieldMapping = {};
  const used = new Set<string>();
  for (const [field, names] of Object.entries(CANDIDATES) as [Exclude<MappableField, 'kind'>, string[]][]) {
    for (const n of names) {
      const col = byNorm.get(n);
      if (col !== undefined && !used.has(col)) {
        mapping[field] = col;
        used.add(col);
        break;
      }
    }
  }
  const kind = byNorm.get('kind') ?? byNorm.get('eventtype') ?? byNorm.get('type');
  if (kind && !used.has(kind)) mapping.kind = kind;
  return mapping;
}

/** Flattens nested JSON objects to dot-separated keys; arrays become JSON text. */
export function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

const NUMERIC: ReadonlySet<MappableField> = new Set(['srcPort', 'dstPort', 'origBytes', 'respBytes', 'status']);
const ADDRESS: ReadonlySet<MappableField> = new Set(['src', 'dst']);

type Mapped = Exclude<MappableField, 'ts'>;

/**
 * A mapping worked out once for the rows that follow: which column feeds which field, and which
 * columns are taken (the rest go to `fields`). Rows then cost one pass over their columns.
 */
interface CompiledMapping {
  apply(record: Record<string, string>, timeZone: string): ParseOutcome;
}

function compileMapping(mapping: FieldMapping): CompiledMapping {
  const tsCol = mapping.ts;
  const plan: [Mapped, string][] = [];
  const mapped = new Set<string>();
  if (tsCol) mapped.add(tsCol);
  for (const [field, col] of Object.entries(mapping) as [MappableField, string | undefined][]) {
    if (field === 'ts' || !col) continue;
    plan.push([field, col]);
    mapped.add(col);
  }
  return {
    apply(record, timeZone) {
      if (!tsCol) return { kind: 'reject', reason: 'No time column is mapped' };
      const tsText = record[tsCol];
      if (tsText === undefined || tsText === '') return { kind: 'reject', reason: `The time column "${tsCol}" is empty` };
      const time = parseTimestamp(tsText, timeZone);
      if (!time) return { kind: 'reject', reason: `Unreadable time "${tsText.slice(0, 80)}" in column "${tsCol}"` };
      const ev: ParsedEvent = { ts: time.ms, kind: 'other' };
      if (time.zoneless) ev.zoneless = true;
      let fields: Record<string, string> | undefined;
      for (const [field, col] of plan) {
        const raw = record[col];
        if (raw === undefined || raw === '' || raw === '-') continue;
        if (ADDRESS.has(field)) {
          const a = canonicalAddress(raw);
          if (a) ev[field as 'src' | 'dst'] = a;
          else (fields ??= {})[col] = raw;
        } else if (NUMERIC.has(field)) {
          const n = Number(raw);
          if (!Number.isFinite(n) || n < 0) return { kind: 'reject', reason: `"${raw.slice(0, 40)}" in column "${col}" is not a number` };
          ev[field as 'srcPort' | 'dstPort' | 'origBytes' | 'respBytes' | 'status'] = n;
        } else if (field === 'kind') {
          const k = raw.toLowerCase();
          if ((EVENT_KINDS as readonly string[]).includes(k)) ev.kind = k as EventKind;
          else (fields ??= {})[col] = raw;
        } else if (field === 'method') {
          ev.method = raw.toUpperCase();
        } else if (field === 'action') {
          ev.action = normalizeAction(raw);
        } else {
          ev[field as 'proto' | 'host' | 'url' | 'ua' | 'user' | 'actor' | 'operation' | 'resource' | 'message'] = raw;
        }
      }
      for (const k in record) {
        const v = record[k]!;
        if (v !== '' && !mapped.has(k)) (fields ??= {})[k] = v;
      }
      if (fields) ev.fields = fields;
      if (!mapping.kind) ev.kind = inferKind(ev);
      return { kind: 'event', event: ev };
    },
  };
}

const compiledMappings = new WeakMap<FieldMapping, CompiledMapping>();

/**
 * Builds an event from a flat record and a mapping; unmapped columns go to `fields`. A mapping
 * is compiled the first time it is used and reused for as long as it lives.
 */
export function applyMapping(record: Record<string, string>, mapping: FieldMapping, timeZone: string): ParseOutcome {
  let compiled = compiledMappings.get(mapping);
  if (!compiled) compiledMappings.set(mapping, (compiled = compileMapping(mapping)));
  return compiled.apply(record, timeZone);
}

export function normalizeAction(raw: string): string {
  const a = raw.toLowerCase();
  if (['accept', 'accepted', 'allow', 'allowed', 'permit', 'pass'].includes(a)) return 'allow';
  if (['deny', 'denied', 'drop', 'dropped', 'reject', 'rejected', 'block', 'blocked'].includes(a)) return 'deny';
  return a;
}

/** The kind of an event no column names, from the fields it has. */
export function inferKind(ev: Partial<Record<keyof ParsedEvent, unknown>>): EventKind {
  if (ev.method !== undefined || ev.url !== undefined || (ev.status !== undefined && ev.ua !== undefined)) return 'http';
  if (ev.operation !== undefined || ev.actor !== undefined) return 'audit';
  if ((ev.src || ev.dst) && (ev.dstPort !== undefined || ev.origBytes !== undefined || ev.action !== undefined)) return 'flow';
  return 'other';
}
