import type { CaseDb, PartyRow } from '../schema';
import { audit } from './audit';

export type PartyInput = Omit<PartyRow, 'id' | 'createdAt' | 'createdBy'>;

export async function addParties(db: CaseDb, by: string, parties: PartyInput[], how: string): Promise<void> {
  if (parties.length === 0) return;
  await db.transaction('rw', db.parties, db.audit, async () => {
    const now = Date.now();
    await db.parties.bulkAdd(parties.map((p) => ({ ...p, createdAt: now, createdBy: by })));
    await audit(db, by, 'party', '*', 'parties added', `${parties.length} ${how}`);
  });
}

export async function updateParty(db: CaseDb, by: string, id: number, change: Partial<PartyInput>): Promise<void> {
  await db.transaction('rw', db.parties, db.audit, async () => {
    const prev = await db.parties.get(id);
    if (!prev) return;
    await db.parties.put({ ...prev, ...change });
    await audit(db, by, 'party', String(id), 'party edited', Object.keys(change).join(', '));
  });
}

export async function removeParty(db: CaseDb, by: string, id: number): Promise<void> {
  await db.transaction('rw', db.parties, db.audit, async () => {
    const prev = await db.parties.get(id);
    if (!prev) return;
    await db.parties.delete(id);
    await audit(db, by, 'party', String(id), 'party removed', prev.name);
  });
}
