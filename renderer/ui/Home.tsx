import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { createCase, deleteCase, registry } from '../db/cases';
import { defaultImportOptions } from '../../shared/contract/import-options';
import { useServices } from './services';
import { navigate } from './App';
import { formatCount, formatRange } from './format';

const DEMO_URL = './demo/tidemark-demo.zip';

export function Home() {
  const { host, imports } = useServices();
  const cases = useLiveQuery(() => registry.cases.orderBy('updatedAt').reverse().toArray(), []);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function newCase() {
    const rec = await createCase(name.trim() || `Case ${new Date().toISOString().slice(0, 10)}`);
    setName('');
    navigate({ page: 'case', caseId: rec.id, tab: 'import' });
  }

  async function openDemo() {
    setBusy('Loading the demo archive…');
    setError(null);
    try {
      const res = await fetch(DEMO_URL);
      if (!res.ok) throw new Error(`The demo archive could not be read (${res.status}).`);
      const file = new File([await res.blob()], 'tidemark-demo.zip', { type: 'application/zip' });
      const rec = await createCase('Demo: bad external address hits the web app', true);
      const items = await host.fromFiles([file]);
      await imports.start(rec.id, items.map((i) => i.token), defaultImportOptions());
      navigate({ page: 'case', caseId: rec.id, tab: 'import' });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="home">
      <section className="hero">
        <h1>Investigate an incident from its logs, offline.</h1>
        <p className="muted">
          Load exported log archives (zip, tar, gzip, folders) into a case. Every event stays traceable to its file,
          archive entry and line; every source gets a SHA-256.
        </p>
        <div className="row gap">
          <button type="button" className="btn primary" onClick={openDemo} disabled={busy !== null} data-testid="open-demo">
            Open demo case
          </button>
          <form className="row gap" onSubmit={(e) => { e.preventDefault(); void newCase(); }}>
            <input
              className="input"
              placeholder="New case name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-label="New case name"
            />
            <button type="submit" className="btn">New case</button>
          </form>
        </div>
        {busy && <p className="muted" role="status">{busy}</p>}
        {error && <p className="error" role="alert">{error}</p>}
      </section>

      <section>
        <h2>Cases</h2>
        {cases === undefined ? (
          <p className="muted">Loading…</p>
        ) : cases.length === 0 ? (
          <p className="muted empty">No cases yet. Open the demo case to see Tidemark at work, or start a new case and import your logs.</p>
        ) : (
          <table className="table" data-testid="case-list">
            <thead>
              <tr><th>Case</th><th className="num">Events</th><th className="num">Sources</th><th>Time span</th><th /></tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id}>
                  <td><a href={`#/case/${c.id}/evidence`}>{c.name}</a>{c.importing && <span className="badge">importing</span>}</td>
                  <td className="num">{formatCount(c.events)}</td>
                  <td className="num">{formatCount(c.sources)}</td>
                  <td className="mono small">{formatRange(c.tsMin, c.tsMax)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="btn ghost small"
                      onClick={() => { if (confirm(`Delete case "${c.name}" and everything imported into it?`)) void deleteCase(c.id); }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
