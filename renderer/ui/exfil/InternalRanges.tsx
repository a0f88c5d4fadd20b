import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { parseCidr } from '../../../shared/net/address';
import type { CaseDb } from '../../db/schema';
import { queryClient } from '../../services/query-client';

/**
 * The case's own address ranges. With the private, loopback and link-local ranges they decide
 * which side of a connection is ours, and so which bytes "left". Saving recomputes the
 * direction of every stored event (address totals and rollups) from the segments.
 */
export function InternalRanges({ caseId, db, onChanged }: { caseId: string; db: CaseDb; onChanged?: () => void }) {
  const saved = useLiveQuery(async () => {
    const m = await db.meta.get('internalRanges');
    return Array.isArray(m?.value) ? (m.value as string[]) : [];
  }, [db]);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = text ?? saved?.join(', ') ?? '';

  async function save() {
    const list = value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    for (const r of list) {
      try { parseCidr(r); } catch (e) { setError(e instanceof Error ? e.message : String(e)); return; }
    }
    setError(null);
    setBusy(true);
    try {
      await queryClient.setInternalRanges(caseId, list);
      setText(null);
      onChanged?.();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" data-testid="internal-ranges">
      <h3>Internal ranges</h3>
      <p className="small muted">
        Private (RFC 1918, unique-local), loopback and link-local addresses always count as internal. Add your organisation's
        public ranges here so traffic from them counts as yours. Saving recomputes every total on this page.
      </p>
      <form className="row gap wrap" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <input className="input mono grow-input" value={value} onChange={(e) => setText(e.target.value)} placeholder="198.51.100.0/24, 2001:db8::/32" aria-label="Internal ranges" data-testid="internal-ranges-input" />
        <button type="submit" className="btn" disabled={busy || text === null} data-testid="internal-ranges-save">{busy ? 'Recomputing…' : 'Save and recompute'}</button>
      </form>
      {error && <p className="error small" role="alert">{error}</p>}
    </section>
  );
}
