import { useState } from 'react';
import { canonicalAddress } from '../../../shared/net/address';
import type { Histogram } from '../../../shared/query/analytics/histogram';
import { queryClient } from '../../services/query-client';
import { AddressLink } from '../common/AddressLink';
import { useAsync } from '../common/useAsync';
import { formatCount } from '../format';
import { TimeHistogram } from './TimeHistogram';

/**
 * One lane per pinned address over the same span and bars as the main histogram, so an
 * attacker's scan, exploit and exfiltration read left to right across every source.
 */
export function Swimlanes({ caseId, lanes, base, onAdd, onRemove }: {
  caseId: string;
  lanes: string[];
  base: Histogram;
  onAdd: (address: string) => Promise<void>;
  onRemove: (address: string) => Promise<void>;
}) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="lanes" data-testid="swimlanes">
      <div className="row between wrap gap">
        <h4>Swimlanes</h4>
        <form
          className="row gap"
          onSubmit={(e) => {
            e.preventDefault();
            const a = canonicalAddress(input.trim());
            if (!a) { setError(`"${input.trim()}" is not an IP address.`); return; }
            setError(null);
            setInput('');
            void onAdd(a);
          }}
        >
          <input className="input mono small-input" placeholder="Add an address" value={input} onChange={(e) => setInput(e.target.value)} aria-label="Add a swimlane for an address" data-testid="lane-input" />
          <button className="btn small" type="submit">Add lane</button>
          {error && <span className="error small" role="alert">{error}</span>}
        </form>
      </div>
      {lanes.length === 0 && <p className="muted small">Pin addresses from their pivot (or add one here) to follow them side by side.</p>}
      {lanes.map((a) => <Lane key={a} caseId={caseId} address={a} base={base} onRemove={() => void onRemove(a)} />)}
    </div>
  );
}

function Lane({ caseId, address, base, onRemove }: { caseId: string; address: string; base: Histogram; onRemove: () => void }) {
  const h = useAsync(
    () => queryClient.histogram(caseId, { from: base.from, to: base.to, address }, base.buckets.length, base.bucketMs),
    [caseId, address, base.from, base.to, base.bucketMs],
  );
  return (
    <div className="lane" data-testid="lane" data-address={address}>
      <div className="lane-label">
        <AddressLink caseId={caseId} address={address} />
        <span className="muted small" data-testid="lane-total">{h.data ? `${formatCount(h.data.total)} events` : '…'}</span>
        <button type="button" className="btn ghost tiny" onClick={onRemove} aria-label={`Remove the lane of ${address}`}>✕</button>
      </div>
      <div className="lane-chart">
        {h.data ? <TimeHistogram histogram={h.data} height={40} compact label={`Events of ${address} over time`} /> : <div style={{ height: 40 }} />}
      </div>
    </div>
  );
}
