import { canonicalAddress } from '../../shared/net/address';
import type { AuditRow, CaseDb, IndicatorRow, PinRow } from './schema';

/**
 * Edits of the case state. Each one writes its audit row in the same transaction, so the trail
 * can never miss an edit that was saved (or record one that was not).
 */

function audit(db: CaseDb, by: string, entity: AuditRow['entity'], entityKey: string, action: string, detail: string) {
  return db.audit.add({ at: Date.now(), by, entity, entityKey, action, detail });
}

export interface PinInput {
  eventId: number;
  ts: number;
  sourceId: number;
  line: number;
  summary: string;
}

export async function pinEvent(db: CaseDb, by: string, ev: PinInput): Promise<void> {
  await db.transaction('rw', db.pins, db.audit, async () => {
    if (await db.pins.where('eventId').equals(ev.eventId).first()) return;
    const now = Date.now();
    await db.pins.add({ ...ev, tags: [], note: '', createdAt: now, createdBy: by, updatedAt: now });
    await audit(db, by, 'pin', String(ev.eventId), 'pinned', ev.summary.slice(0, 200));
  });
}

export async function unpinEvent(db: CaseDb, by: string, eventId: number): Promise<void> {
  await db.transaction('rw', db.pins, db.audit, async () => {
    const pin = await db.pins.where('eventId').equals(eventId).first();
    if (!pin) return;
    await db.pins.delete(pin.id!);
    await audit(db, by, 'pin', String(eventId), 'unpinned', pin.summary.slice(0, 200));
  });
}

export async function updatePin(db: CaseDb, by: string, eventId: number, change: Partial<Pick<PinRow, 'tags' | 'note'>>): Promise<void> {
  await db.transaction('rw', db.pins, db.audit, async () => {
    const pin = await db.pins.where('eventId').equals(eventId).first();
    if (!pin) return;
    const next = { ...pin, ...change, updatedAt: Date.now() };
    await db.pins.put(next);
    const what = change.tags !== undefined ? `tags: ${next.tags.join(', ') || '(none)'}` : `note: ${next.note.slice(0, 200)}`;
    await audit(db, by, 'pin', String(eventId), change.tags !== undefined ? 'tagged' : 'annotated', what);
  });
}

/** Tags as typed: comma-separated, trimmed, de-duplicated, each at most 40 characters. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(',')) {
    const tag = t.trim().slice(0, 40);
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out.slice(0, 20);
}

/** An address or CIDR block as an indicator value, canonical; null when it is neither. */
export function indicatorValue(text: string): { value: string; type: IndicatorRow['type'] } | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash > 0) {
    const base = canonicalAddress(t.slice(0, slash));
    const bits = Number(t.slice(slash + 1));
    if (!base || !/^\d{1,3}$/.test(t.slice(slash + 1))) return null;
    const max = base.includes(':') ? 128 : 32;
    if (bits > max) return null;
    return { value: `${base}/${bits}`, type: 'cidr' };
  }
  const a = canonicalAddress(t);
  if (!a) return null;
  return { value: a, type: a.includes(':') ? 'ipv6' : 'ipv4' };
}

export async function markIndicator(
  db: CaseDb, by: string, address: string, change: { label?: string; note?: string; block?: boolean } = {},
): Promise<void> {
  const parsed = indicatorValue(address);
  if (!parsed) throw new Error(`"${address}" is not an IP address or CIDR block.`);
  await db.transaction('rw', db.indicators, db.audit, async () => {
    const now = Date.now();
    const existing = await db.indicators.where('value').equals(parsed.value).first();
    if (existing) {
      const next = { ...existing, ...change, updatedAt: now };
      await db.indicators.put(next);
      const what = change.block !== undefined ? (change.block ? 'added to the block list' : 'removed from the block list') : 'edited';
      await audit(db, by, 'indicator', parsed.value, what, [next.label, next.note].filter(Boolean).join(' · ').slice(0, 200));
      return;
    }
    await db.indicators.add({
      value: parsed.value, type: parsed.type, label: change.label ?? '', note: change.note ?? '', block: change.block ?? false,
      createdAt: now, createdBy: by, updatedAt: now,
    });
    await audit(db, by, 'indicator', parsed.value, change.block ? 'marked and blocked' : 'marked', change.label ?? '');
  });
}

export async function removeIndicator(db: CaseDb, by: string, value: string): Promise<void> {
  await db.transaction('rw', db.indicators, db.audit, async () => {
    const existing = await db.indicators.where('value').equals(value).first();
    if (!existing) return;
    await db.indicators.delete(existing.id!);
    await audit(db, by, 'indicator', value, 'removed', existing.label);
  });
}

const LANES_KEY = 'timelineLanes';

/** Addresses pinned to the timeline as swimlanes, in the order they were added. */
export async function timelineLanes(db: CaseDb): Promise<string[]> {
  const row = await db.meta.get(LANES_KEY);
  return Array.isArray(row?.value) ? (row.value as unknown[]).filter((v): v is string => typeof v === 'string') : [];
}

export async function setLanePinned(db: CaseDb, by: string, address: string, pinned: boolean): Promise<void> {
  await db.transaction('rw', db.meta, db.audit, async () => {
    const lanes = await timelineLanes(db);
    const has = lanes.includes(address);
    if (has === pinned) return;
    const next = pinned ? [...lanes, address].slice(-12) : lanes.filter((a) => a !== address);
    await db.meta.put({ key: LANES_KEY, value: next });
    await audit(db, by, 'pin', address, pinned ? 'address pinned to the timeline' : 'address unpinned from the timeline', '');
  });
}
