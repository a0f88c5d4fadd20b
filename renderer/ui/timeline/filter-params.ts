import { EVENT_KINDS, type EventKind } from '../../../shared/model/event';
import type { EventFilter } from '../../../shared/query/types';

/**
 * The timeline's filter lives in the route's query parameters, so zooming, drilling down from
 * another view, back and forward all go through one place. Anything malformed is dropped.
 */
export function filterFromParams(p: Record<string, string>): EventFilter {
  const f: EventFilter = {};
  const num = (k: string) => {
    const v = p[k];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const from = num('from');
  const to = num('to');
  if (from !== undefined) f.from = from;
  if (to !== undefined) f.to = to;
  if (p.address) f.address = p.address.slice(0, 64);
  if (p.text) f.text = p.text.slice(0, 1024);
  if (p.method) f.method = p.method.slice(0, 32);
  const status = num('status');
  if (status !== undefined && Number.isInteger(status)) f.status = status;
  if (p.kind) {
    const kinds = p.kind.split(',').filter((k): k is EventKind => (EVENT_KINDS as readonly string[]).includes(k));
    if (kinds.length) f.kinds = kinds;
  }
  if (p.source) {
    const ids = p.source.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (ids.length) f.sourceIds = ids;
  }
  return f;
}

export function paramsFromFilter(f: EventFilter): Record<string, string> {
  const p: Record<string, string> = {};
  if (f.from !== undefined) p.from = String(Math.round(f.from));
  if (f.to !== undefined) p.to = String(Math.round(f.to));
  if (f.address) p.address = f.address;
  if (f.text) p.text = f.text;
  if (f.method) p.method = f.method;
  if (f.status !== undefined) p.status = String(f.status);
  if (f.kinds?.length) p.kind = f.kinds.join(',');
  if (f.sourceIds?.length) p.source = f.sourceIds.join(',');
  return p;
}
