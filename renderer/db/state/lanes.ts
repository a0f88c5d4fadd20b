import type { CaseDb } from '../schema';
import { audit } from './audit';

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
