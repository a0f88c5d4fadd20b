import type { ParsedEvent } from '../../model/event';
import type { FormatId } from '../../model/format';
import { canonicalAddress } from '../../net/address';
import { parseTimestamp } from '../time/timestamp';
import { hasKeys } from '../has-keys';
import { createLineSplitter, headLines } from './lines';
import type { FormatModule, ParseOutcome, ParserContext, RecordParser } from './types';

/**
 * Zeek conn.log and http.log, in Zeek's TSV layout (`#fields` header; `-` unset, `(empty)`
 * empty) or as JSON lines. Zeek's orig/resp is the event model's src/dst.
 */
type Kind = 'conn' | 'http';

const MAPPED: Record<Kind, Set<string>> = {
  conn: new Set(['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'orig_bytes', 'resp_bytes']),
  http: new Set(['ts', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'method', 'host', 'uri', 'status_code', 'user_agent', 'request_body_len', 'response_body_len', 'username']),
};

function toEvent(kind: Kind, get: (k: string) => string | undefined, all: [string, string][], tz: string): ParseOutcome {
  const tsText = get('ts');
  if (tsText === undefined) return { kind: 'reject', reason: 'No ts field' };
  const time = parseTimestamp(tsText, tz);
  if (!time) return { kind: 'reject', reason: `Unreadable ts "${tsText.slice(0, 60)}"` };
  const ev: ParsedEvent = { ts: time.ms, kind: kind === 'conn' ? 'flow' : 'http' };
  const src = canonicalAddress(get('id.orig_h'));
  const dst = canonicalAddress(get('id.resp_h'));
  if (src) ev.src = src;
  if (dst) ev.dst = dst;
  const n = (k: string): number | undefined | null => {
    const v = get(k);
    if (v === undefined) return undefined;
    const x = Number(v);
    return Number.isFinite(x) && x >= 0 ? x : null;
  };
  const numbers: [string, keyof ParsedEvent][] = kind === 'conn'
    ? [['id.orig_p', 'srcPort'], ['id.resp_p', 'dstPort'], ['orig_bytes', 'origBytes'], ['resp_bytes', 'respBytes']]
    : [['id.orig_p', 'srcPort'], ['id.resp_p', 'dstPort'], ['request_body_len', 'origBytes'], ['response_body_len', 'respBytes'], ['status_code', 'status']];
  for (const [k, f] of numbers) {
    const v = n(k);
    if (v === null) return { kind: 'reject', reason: `${k} "${get(k)}" is not a number` };
    if (v !== undefined) (ev as Record<string, unknown>)[f] = v;
  }
  if (kind === 'conn') {
    const p = get('proto');
    if (p) ev.proto = p;
  } else {
    const set = (k: string, f: 'method' | 'host' | 'url' | 'ua' | 'user') => { const v = get(k); if (v) ev[f] = v; };
    set('method', 'method'); set('host', 'host'); set('uri', 'url'); set('user_agent', 'ua'); set('username', 'user');
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of all) if (!MAPPED[kind].has(k)) fields[k] = v;
  if (hasKeys(fields)) ev.fields = fields;
  return { kind: 'event', event: ev };
}

function createParser(kind: Kind, ctx: ParserContext): RecordParser {
  let names: string[] | null = null;
  let sep = '\t';
  let unset = '-';
  let empty = '(empty)';
  return {
    parse(record): ParseOutcome {
      const text = record.text;
      if (text.length === 0) return { kind: 'skip' };
      if (text.startsWith('#')) {
        if (text.startsWith('#separator ')) sep = text.slice(11).replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
        else {
          const parts = text.split(sep);
          if (parts[0] === '#fields') names = parts.slice(1);
          else if (parts[0] === '#unset_field') unset = parts[1] ?? '-';
          else if (parts[0] === '#empty_field') empty = parts[1] ?? '(empty)';
        }
        return { kind: 'skip' };
      }
      if (text.startsWith('{')) {
        let obj: unknown;
        try { obj = JSON.parse(text); } catch (e) {
          return { kind: 'reject', reason: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
        }
        if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { kind: 'reject', reason: 'Expected a JSON object' };
        const all = Object.entries(obj as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v)] as [string, string]);
        const map = new Map(all);
        return toEvent(kind, (k) => map.get(k), all, ctx.timeZone);
      }
      if (!names) return { kind: 'reject', reason: 'A Zeek TSV record before any #fields header' };
      const parts = text.split(sep);
      if (parts.length !== names.length) return { kind: 'reject', reason: `Expected ${names.length} tab-separated fields, found ${parts.length}` };
      const all: [string, string][] = [];
      for (let i = 0; i < parts.length; i++) {
        const v = parts[i]!;
        if (v === unset) continue;
        all.push([names[i]!, v === empty ? '' : v]);
      }
      const map = new Map(all);
      return toEvent(kind, (k) => { const v = map.get(k); return v === '' ? undefined : v; }, all, ctx.timeZone);
    },
  };
}

function sniffKind(head: string): Kind | null {
  const path = /^#path\s+(\S+)/m.exec(head)?.[1];
  if (path === 'conn' || path === 'http') return path;
  const fields = /^#fields\t(.*)$/m.exec(head)?.[1];
  const keys = fields ? fields.split('\t') : (() => {
    const first = headLines(head, 1)[0];
    if (!first?.startsWith('{')) return [];
    try { return Object.keys(JSON.parse(first) as object); } catch { return []; }
  })();
  if (!keys.includes('id.orig_h')) return null;
  if (keys.includes('method') || keys.includes('uri') || keys.includes('status_code')) return 'http';
  if (keys.includes('conn_state') || keys.includes('orig_bytes') || keys.includes('duration')) return 'conn';
  return null;
}

function module(kind: Kind): FormatModule {
  const id: FormatId = kind === 'conn' ? 'zeek-conn' : 'zeek-http';
  return {
    id,
    label: kind === 'conn' ? 'Zeek conn.log (TSV or JSON)' : 'Zeek http.log (TSV or JSON)',
    version: '1',
    sniff(head) {
      return sniffKind(head) === kind ? { format: id, confidence: 0.95 } : null;
    },
    createSplitter: createLineSplitter,
    createParser: (ctx) => createParser(kind, ctx),
  };
}

export const zeekConn = module('conn');
export const zeekHttp = module('http');
