import { useState } from 'react';
import type { CaseDb } from '../../db/schema';
import { caseFacts } from '../../services/case-facts';
import { Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { formatCount } from '../format';
import { LettersPanel } from './LettersPanel';
import { PartiesPanel } from './PartiesPanel';
import { DeadlineBanner, RegulatorPanel } from './RegulatorPanel';
import { partyTotals, useNotifyData, useNow } from './notify-context';

const SECTIONS = [
  { id: 'parties', label: 'Affected parties' },
  { id: 'letters', label: 'Letters' },
  { id: 'regulator', label: 'Regulator' },
] as const;
type Section = (typeof SECTIONS)[number]['id'];

/**
 * Who must be told: the affected parties (imported or entered, linked to the evidence of their
 * exposure), a letter to each of them, and the notification to the regulator with its clock.
 */
export function NotifyView({ caseId, db }: { caseId: string; db: CaseDb }) {
  const data = useNotifyData(caseId, db);
  const [section, setSection] = useState<Section>('parties');
  const now = useNow();
  // Read once for the tab (the query worker does the work), so switching sections is instant.
  const facts = useAsync(() => caseFacts(caseId, db), [caseId, db]);
  if (!data.settings || !data.parties) return <Loading what="the notification" height="24rem" />;
  const { settings, parties } = data;
  const totals = partyTotals(parties);

  return (
    <div className="notify">
      <section className="card notify-head">
        <div className="stats">
          <div className="stat"><div className="stat-label">Parties</div><div className="stat-value" data-testid="parties-total">{formatCount(totals.parties)}</div></div>
          <div className="stat">
            <div className="stat-label">Records affected</div>
            <div className="stat-value" data-testid="records-total">{formatCount(totals.records)}</div>
            {totals.unknownRecords > 0 && <div className="small muted">+ {formatCount(totals.unknownRecords)} {totals.unknownRecords === 1 ? 'party' : 'parties'} without a count</div>}
          </div>
          <div className="stat categories-stat">
            <div className="stat-label">Data categories</div>
            <div className="stat-value" data-testid="categories-total">{formatCount(totals.categories.length)}</div>
            {totals.categories.length > 0 && <div className="small muted categories-line" title={totals.categories.join(', ')}>{totals.categories.join(', ')}</div>}
          </div>
          {/* The Regulator section shows the clock in full. */}
          {section !== 'regulator' && <DeadlineBanner discoveredAt={settings.discoveredAt} now={now} compact />}
        </div>
      </section>

      <div className="notify-sections" role="tablist" aria-label="Notification">
        {SECTIONS.map((s) => (
          <button key={s.id} type="button" role="tab" aria-selected={section === s.id} className={section === s.id ? 'notify-seg active' : 'notify-seg'}
            onClick={() => setSection(s.id)} data-testid={`notify-section-${s.id}`}>
            {s.label}
          </button>
        ))}
      </div>

      <div role="tabpanel" aria-label={SECTIONS.find((s) => s.id === section)?.label}>
        {section === 'parties' && <PartiesPanel caseId={caseId} db={db} parties={parties} pins={data.pins} indicators={data.indicators} />}
        {section === 'letters' && <LettersPanel db={db} settings={settings} parties={parties} caseName={data.caseName} facts={facts} />}
        {section === 'regulator' && <RegulatorPanel db={db} settings={settings} parties={parties} caseName={data.caseName} />}
      </div>
    </div>
  );
}
