import { useMemo, useState } from 'react';
import type { ImportOptions } from '../../../shared/contract/import-options';
import { parseCidr } from '../../../shared/net/address';

const COMMON_ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Singapore', 'Australia/Sydney'];

/** Time zone for zone-less timestamps, the case's own address ranges, and the safety limits. */
export function ImportOptionsForm({ options, onChange }: { options: ImportOptions; onChange: (o: ImportOptions) => void }) {
  const [rangesText, setRangesText] = useState(options.internalRanges.join(', '));
  const zones = useMemo(() => {
    const all = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? COMMON_ZONES;
    return all.includes('UTC') ? all : ['UTC', ...all];
  }, []);
  const rangeError = useMemo(() => {
    for (const r of rangesText.split(/[\s,]+/).filter(Boolean)) {
      try { parseCidr(r); } catch (e) { return e instanceof Error ? e.message : String(e); }
    }
    return null;
  }, [rangesText]);

  return (
    <div className="options">
      <label className="field">
        <span>Time zone for times written without one</span>
        <select className="input" value={options.timeZone} onChange={(e) => onChange({ ...options, timeZone: e.target.value })}>
          {zones.map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
      </label>
      <label className="field grow">
        <span>The organisation's own public ranges (count as internal, with the private ranges)</span>
        <input
          className="input mono"
          placeholder="e.g. 203.0.113.0/24, 2001:db8::/32"
          value={rangesText}
          onChange={(e) => {
            setRangesText(e.target.value);
            const list = e.target.value.split(/[\s,]+/).filter(Boolean);
            try { list.forEach(parseCidr); onChange({ ...options, internalRanges: list }); } catch { /* shown below */ }
          }}
          aria-invalid={rangeError !== null}
        />
        {rangeError && <span className="error small">{rangeError}</span>}
      </label>
      <details className="field">
        <summary>Safety limits</summary>
        <div className="row gap wrap">
          <NumberField label="Expansion ratio" value={options.limits.maxExpansionRatio} onChange={(v) => onChange({ ...options, limits: { ...options.limits, maxExpansionRatio: v } })} />
          <NumberField label="Archive entries" value={options.limits.maxEntries} onChange={(v) => onChange({ ...options, limits: { ...options.limits, maxEntries: v } })} />
          <NumberField label="Record length (characters)" value={options.limits.maxRecordChars} onChange={(v) => onChange({ ...options, limits: { ...options.limits, maxRecordChars: v } })} />
          <NumberField label="Nesting depth" value={options.limits.maxNestingDepth} onChange={(v) => onChange({ ...options, limits: { ...options.limits, maxNestingDepth: v } })} />
        </div>
      </details>
    </div>
  );
}

function NumberField({ label, value, onChange }: { label: string; value: number; onChange: (v: number) => void }) {
  return (
    <label className="field">
      <span className="small">{label}</span>
      <input className="input num" type="number" min={1} value={value}
        onChange={(e) => { const v = Number(e.target.value); if (Number.isFinite(v) && v > 0) onChange(v); }} />
    </label>
  );
}
