import { canonicalAddress } from '../../../shared/net/address';
import type { CaseDb, IndicatorRow } from '../schema';
import { audit } from './audit';

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
