import type { CaseDb, PinRow } from '../schema';
import { audit } from './audit';

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
