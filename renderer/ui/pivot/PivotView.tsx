import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { categoryLabel } from '../../../shared/detect';
import { EVENT_KINDS } from '../../../shared/model/event';
import type { AddressPivot } from '../../../shared/query/analytics/pivot';
import { markIndicator, removeIndicator } from '../../db/state/indicators';
import { setLanePinned, timelineLanes } from '../../db/state/lanes';
import type { CaseDb } from '../../db/schema';
import { queryClient } from '../../services/query-client';
import { AddressForm } from '../common/AddressForm';
import { AddressLink } from '../common/AddressLink';
import { KIND_COLORS } from '../common/palette';
import { Empty, ErrorNote, Loading } from '../common/States';
import { useAsync } from '../common/useAsync';
import { formatBytes, formatCount, formatDuration } from '../format';
import { usePrefs } from '../prefs';
import { caseHref, navigate } from '../routes';
import { paramsFromFilter } from '../timeline/filter-params';

/** Everything one address did. Reached by clicking an address anywhere; pivots chain with back/forward. */
export function PivotView({ caseId, db, address }: { caseId: string; db: CaseDb; address: string | undefined }) {
  return (
    <div className="pivot">
      <PivotBar caseId={caseId} current={address} />
      {address ? <PivotBody key={address} caseId={caseId} db={db} address={address} /> : <PivotStart caseId={caseId} />}
    </div>
  );
}

function PivotBar({ caseId, current }: { caseId: string; current: string | undefined }) {
  return (
    <AddressForm
      className="row gap wrap filters"
      placeholder={current ?? 'Pivot to an address'}
      label="Pivot to an address"
      button="Pivot"
      testId="pivot-input"
      onAddress={(a) => navigate({ page: 'case', caseId, tab: 'pivot', arg: a })}
      before={(
        <>
          <button type="button" className="btn small" onClick={() => history.back()} aria-label="Back to the previous pivot" data-testid="pivot-back">← Back</button>
          <button type="button" className="btn small" onClick={() => history.forward()} aria-label="Forward" data-testid="pivot-forward">Forward →</button>
        </>
      )}
    />
  );
}

function PivotStart({ caseId }: { caseId: string }) {
  const s = useAsync(() => queryClient.suspects(caseId), [caseId]);
  return (
    <Empty>
      <p>Pick an address to see everything it did. Top suspects:</p>
      <p className="row gap center wrap">{s.data?.slice(0, 5).map((x) => <AddressLink key={x.address} caseId={caseId} address={x.address} />)}</p>
    </Empty>
  );
}

function PivotBody({ caseId, db, address }: { caseId: string; db: CaseDb; address: string }) {
  const { time, analyst, zoneLabel } = usePrefs();
  const p = useAsync(() => queryClient.pivot(caseId, address), [caseId, address]);
  const sources = useLiveQuery(() => db.sources.toArray(), [db]) ?? [];
  const indicator = useLiveQuery(() => db.indicators.where('value').equals(address).first(), [db, address]);
  const lanes = useLiveQuery(() => timelineLanes(db), [db]) ?? [];
  const [actionError, setActionError] = useState<string | null>(null);
  const sourcePath = (id: number) => sources.find((s) => s.id === id)?.path ?? `source ${id}`;

  if (p.error) return <ErrorNote error={p.error} />;
  if (!p.data) return <Loading what={`the pivot of ${address}`} height="24rem" />;
  const d = p.data;
  if (!d.known) return <Empty>{address} does not appear in this case.</Empty>;
  const act = (f: () => Promise<void>) => f().then(() => setActionError(null), (e: unknown) => setActionError(e instanceof Error ? e.message : String(e)));
  const inLane = lanes.includes(address);

  return (
    <>
      <section className="card pivot-head" data-testid="pivot-head" data-address={address}>
        <div className="row between wrap gap">
          <div>
            <h2 className="mono pivot-title">{address}
              <span className={`badge ${d.internal ? '' : 'warn'}`}>{d.internal ? 'internal' : 'external'}</span>
              {indicator && <span className="badge warn" data-testid="ioc-badge">indicator{indicator.block ? ' · blocked' : ''}</span>}
            </h2>
            <p className="muted small">
              {time(d.firstTs)} → {time(d.lastTs)} ({formatDuration((d.lastTs - d.firstTs) / 1000)})
            </p>
          </div>
          <div className="row gap wrap">
            {indicator ? (
              <button type="button" className="btn small" onClick={() => act(() => removeIndicator(db, analyst, address))} data-testid="unmark-indicator">Remove indicator</button>
            ) : (
              <button type="button" className="btn small primary" onClick={() => act(() => markIndicator(db, analyst, address, { label: d.internal ? 'internal host involved' : 'suspicious external address' }))} data-testid="mark-indicator">Mark as indicator</button>
            )}
            <button
              type="button" className="btn small" data-testid="block-address"
              onClick={() => act(() => markIndicator(db, analyst, address, { block: !(indicator?.block ?? false), ...(indicator ? {} : { label: 'blocked address' }) }))}
            >
              {indicator?.block ? 'Remove from block list' : 'Add to block list'}
            </button>
            <button type="button" className="btn small" onClick={() => act(() => setLanePinned(db, analyst, address, !inLane))} data-testid="pin-lane">
              {inLane ? 'Unpin from timeline' : 'Pin to timeline'}
            </button>
            <a className="btn small" href={caseHref(caseId, 'events', undefined, paramsFromFilter({ address }))} data-testid="pivot-timeline">Its events →</a>
          </div>
        </div>
        {actionError && <ErrorNote error={actionError} />}
        <div className="stats">
          <Stat label="Events" value={formatCount(d.events)} />
          <Stat label="Bytes it sent" value={formatBytes(d.bytesSent)} />
          <Stat label="Bytes it received" value={formatBytes(d.bytesReceived)} />
          {!d.internal && <Stat label="Bytes that left to it" value={formatBytes(d.bytesLeftTo)} strong={d.bytesLeftTo > 0} testId="pivot-bytes-left" />}
          <Stat label="Exploit requests" value={formatCount(d.detectionsTotal)} strong={d.detectionsTotal > 0} testId="pivot-detections-total" />
          <Stat label="Sources" value={String(d.bySource.length)} />
        </div>
        <ul className="legend">
          {EVENT_KINDS.map((k) => d.byKind[k] ? <li key={k}><span className="swatch" style={{ background: KIND_COLORS[k] }} />{k} <span className="muted">{formatCount(d.byKind[k]!)}</span></li> : null)}
        </ul>
      </section>

      <section className="card">
        <h3>Activity over time <span className="muted small">({zoneLabel}, bars of {formatDuration(d.activity.bucketMs / 1000)}; click a bar for its events)</span></h3>
        <Activity pivot={d} onBar={(t) => navigate({ page: 'case', caseId, tab: 'events', params: paramsFromFilter({ address, from: t, to: t + d.activity.bucketMs }) })} />
      </section>

      <section className="card" data-testid="pivot-detections">
        <h3>Web-exploit detections <span className="muted small">{formatCount(d.detectionsTotal)} request{d.detectionsTotal === 1 ? '' : 's'}</span></h3>
        {d.scanners.length > 0 && (
          <p className="small" data-testid="pivot-scanners">
            Scanner tools in its user agent: {d.scanners.map((x) => <span key={x.ruleId} className="badge warn">{x.name} × {x.requests}</span>)}
          </p>
        )}
        {d.detections.length === 0 ? <p className="muted">No request from this address matched a web-exploit rule.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Time</th><th>Request</th><th className="num">Status</th><th>Rules and matched text</th></tr></thead>
              <tbody>
                {d.detections.map((x) => (
                  <tr key={x.eventId} data-testid="detection-row">
                    <td className="small nowrap mono">{time(x.ts)}</td>
                    <td className="mono small break">{x.method} {x.url}</td>
                    <td className="num">{x.status ?? '—'}</td>
                    <td>
                      {x.rules.map((r) => (
                        <div key={r.ruleId} className="rule-hit">
                          <span className={`badge rule ${r.category}`} data-testid="rule-name" title={r.ruleId}>
                            {categoryLabel(r.category) === r.name ? r.name : `${categoryLabel(r.category)} · ${r.name}`}
                          </span>
                          <code className="raw small" title={`matched in ${r.field}`}>{r.matched}</code>
                          {r.field !== 'url' && <span className="muted small">in the {r.field === 'ua' ? 'user agent' : r.field}</span>}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="pivot-grid">
        <section className="card">
          <h3>Sources</h3>
          <table className="table compact-table">
            <tbody>
              {d.bySource.map((s) => (
                <tr key={s.sourceId}>
                  <td className="mono small break">{sourcePath(s.sourceId)}</td>
                  <td className="num"><a href={caseHref(caseId, 'events', undefined, paramsFromFilter({ address, sourceIds: [s.sourceId] }))}>{formatCount(s.events)}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" data-testid="pivot-peers">
          <h3>Peers</h3>
          {d.peers.length === 0 ? <p className="muted small">Only one side of its traffic is logged (e.g. access logs name the client only).</p> : (
            <table className="table compact-table">
              <thead><tr><th>Address</th><th className="num">Events</th><th className="num">To it</th><th className="num">From it</th></tr></thead>
              <tbody>
                {d.peers.map((x) => (
                  <tr key={x.address}>
                    <td><AddressLink caseId={caseId} address={x.address} /></td>
                    <td className="num">{formatCount(x.events)}</td>
                    <td className="num small">{formatBytes(x.bytesTo)}</td>
                    <td className="num small">{formatBytes(x.bytesFrom)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card">
          <h3>Ports</h3>
          {d.ports.length === 0 ? <p className="muted small">No ports in its records.</p> : (
            <table className="table compact-table">
              <tbody>
                {d.ports.map((x) => (
                  <tr key={`${x.role}${x.port}`}>
                    <td className="mono">{x.port}</td>
                    <td className="small muted">{x.role === 'connected-to' ? 'it connected to' : 'it was reached on'}</td>
                    <td className="num">{formatCount(x.events)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card">
          <h3>User agents</h3>
          {d.userAgents.length === 0 ? <p className="muted small">None logged.</p> : (
            <table className="table compact-table">
              <tbody>
                {d.userAgents.map((x) => (
                  <tr key={x.ua}><td className="small break">{x.ua}</td><td className="num">{formatCount(x.events)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="card" data-testid="pivot-paths">
        <h3>Requested paths <span className="muted small">{formatCount(d.pathsTotal)} distinct (method, URL, status); rule matches first</span></h3>
        {d.paths.length === 0 ? <p className="muted small">No HTTP requests from this address.</p> : (
          <div className="table-wrap scroll-y">
            <table className="table">
              <thead><tr><th>Method</th><th>URL</th><th className="num">Status</th><th className="num">Requests</th><th>First</th><th>Rules</th></tr></thead>
              <tbody>
                {d.paths.map((x) => (
                  <tr key={`${x.method} ${x.url} ${x.status}`}>
                    <td className="mono small">{x.method}</td>
                    <td className="mono small break">{x.url}</td>
                    <td className="num">{x.status ?? '—'}</td>
                    <td className="num">{formatCount(x.requests)}</td>
                    <td className="small nowrap">{time(x.firstTs)}</td>
                    <td>{x.ruleIds.map((r) => <span key={r} className="badge warn">{r}</span>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Related caseId={caseId} address={address} />
    </>
  );
}

function Stat({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className={strong ? 'stat-value strong' : 'stat-value'} data-testid={testId}>{value}</div>
    </div>
  );
}

function Activity({ pivot, onBar }: { pivot: AddressPivot; onBar: (t: number) => void }) {
  const { time } = usePrefs();
  return (
    <div className="histogram compact" role="img" aria-label={`Activity of ${pivot.address} over time`}>
      <ResponsiveContainer width="100%" height={120}>
        <BarChart data={pivot.activity.points} barCategoryGap={1}>
          <XAxis dataKey="t" tickFormatter={(t: number) => time(t).slice(5, 16)} fontSize={11} minTickGap={40} stroke="currentColor" />
          <YAxis width={40} fontSize={11} allowDecimals={false} stroke="currentColor" />
          <Tooltip isAnimationActive={false} labelFormatter={(t) => time(Number(t))} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }} />
          <Bar dataKey="events" fill="#3b82f6" isAnimationActive={false} cursor="pointer"
            onClick={(bar) => { const t = (bar as { payload?: { t?: number } }).payload?.t; if (t !== undefined) onBar(t); }} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function Related({ caseId, address }: { caseId: string; address: string }) {
  const r = useAsync(() => queryClient.related(caseId, address), [caseId, address]);
  return (
    <section className="card" data-testid="pivot-related">
      <h3>Related addresses</h3>
      {r.error && <ErrorNote error={r.error} />}
      {!r.data ? <Loading what="related addresses" height="4rem" /> : (
        <div className="pivot-grid two">
          <div>
            <h4>Same /24 or /64 network</h4>
            {r.data.sameNetwork.length === 0 ? <p className="muted small">No other address of its network block in this case.</p> : (
              <ul className="plain">{r.data.sameNetwork.slice(0, 12).map((x) => <li key={x.address}><AddressLink caseId={caseId} address={x.address} /> <span className="muted small">{formatCount(x.events)} events</span></li>)}
                {r.data.sameNetwork.length > 12 && <li className="muted small">and {r.data.sameNetwork.length - 12} more</li>}</ul>
            )}
          </div>
          <div>
            <h4>Same user agent</h4>
            {r.data.sameUserAgent.length === 0 ? <p className="muted small">No other client used its user agents (agents shared by more than ten addresses are ignored).</p> : (
              <ul className="plain">{r.data.sameUserAgent.map((x) => <li key={`${x.address} ${x.ua}`}><AddressLink caseId={caseId} address={x.address} /> <span className="muted small">{formatCount(x.events)} × {x.ua}</span></li>)}</ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
