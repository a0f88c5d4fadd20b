import { useState } from 'react';
import { COMMON_ZONES, isValidZone, usePrefs } from './prefs';

/** Time-zone switch and investigator name, in the top bar. Display only: stored times stay UTC. */
export function PrefsMenu() {
  const prefs = usePrefs();
  const [custom, setCustom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const zones = COMMON_ZONES.includes(prefs.timeZone) ? COMMON_ZONES : [...COMMON_ZONES, prefs.timeZone];
  return (
    <div className="row gap prefs">
      <label className="row gap small">
        <span className="muted">Times in</span>
        <select
          className="input small-input"
          value={prefs.timeZone}
          onChange={(e) => prefs.update({ timeZone: e.target.value })}
          aria-label="Display time zone"
          data-testid="time-zone"
        >
          {zones.map((z) => <option key={z} value={z}>{z === 'local' ? `Local (${Intl.DateTimeFormat().resolvedOptions().timeZone})` : z}</option>)}
        </select>
      </label>
      <details className="popover">
        <summary className="btn ghost small" aria-label="Display settings">⚙</summary>
        <div className="popover-body card">
          <form
            className="field"
            onSubmit={(e) => {
              e.preventDefault();
              const z = custom.trim();
              if (!isValidZone(z)) { setError(`"${z}" is not a time zone this system knows (try Europe/Paris).`); return; }
              setError(null);
              prefs.update({ timeZone: z });
              setCustom('');
            }}
          >
            <span>Another time zone (IANA name)</span>
            <div className="row gap">
              <input className="input" value={custom} onChange={(e) => setCustom(e.target.value)} placeholder="Europe/Paris" aria-label="Custom time zone" />
              <button className="btn small" type="submit">Use</button>
            </div>
            {error && <span className="error small">{error}</span>}
          </form>
          <label className="field">
            <span>Your name in the case's audit trail</span>
            <input
              className="input"
              defaultValue={prefs.analyst}
              maxLength={80}
              onBlur={(e) => { const v = e.target.value.trim(); if (v) prefs.update({ analyst: v }); }}
              aria-label="Investigator name"
            />
          </label>
        </div>
      </details>
    </div>
  );
}
