import type { Histogram } from '../../../shared/query/analytics/histogram';
import { queryClient } from '../../services/query-client';
import { AddressForm } from '../common/AddressForm';
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
  return (
    <div className="lanes" data-testid="swimlanes">
      <div className="row between wrap gap">
        <h4>Swimlanes</h4>
        <AddressForm
          placeholder="Add an address"
          label="Add a swimlane for an address"
          button="Add lane"
          testId="lane-input"
          inputClass="input mono small-input"
          buttonClass="btn small"
          onAddress={(a) => void onAdd(a)}
        />
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
