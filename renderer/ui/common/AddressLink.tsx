import { caseHref } from '../routes';

/** An address that opens its pivot, wherever it appears. */
export function AddressLink({ caseId, address, className }: { caseId: string; address: string | undefined; className?: string }) {
  if (!address) return <span className="muted">—</span>;
  return (
    <a
      className={`addr mono ${className ?? ''}`}
      href={caseHref(caseId, 'pivot', address)}
      title={`Everything ${address} did`}
      data-testid="address-link"
      onClick={(e) => e.stopPropagation()}
    >
      {address}
    </a>
  );
}
