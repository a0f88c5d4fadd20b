import type { PlaybookAnswer } from '../../../shared/playbook/schema';
import { categoryLabel } from '../../../shared/detect';
import type { IndicatorRow } from '../../db/schema';
import type { Suspect } from '../../../shared/query/analytics/suspects';
import type { Exfiltration } from '../../../shared/query/analytics/exfiltration';
import { regulatorDeadline } from '../../../shared/report/regulator';
import { AddressLink } from '../common/AddressLink';
import { formatBytes, formatCount } from '../format';
import { usePrefs } from '../prefs';
import { caseHref } from '../routes';
import { BlockRulesPanel } from '../indicators/BlockRulesPanel';

/** What the case already knows for a step, read from the case's own data. */
export interface CaseKnowledge {
  suspects: Suspect[];
  exfil: Exfiltration;
  indicators: IndicatorRow[];
  pins: number;
  sources: number;
  parties: { count: number; records: number };
  discoveredAt: number | null;
  caseName: string;
}

export function StepFacts({ caseId, answers, k }: { caseId: string; answers: PlaybookAnswer[]; k: CaseKnowledge }) {
  const { time } = usePrefs();
  const top = k.suspects.filter((s) => s.score > 0).slice(0, 3);
  const addresses = k.indicators.filter((i) => i.type !== 'cidr').map((i) => i.value);
  const focus = addresses.length ? addresses : top.slice(0, 1).map((s) => s.address);
  return (
    <div className="facts" data-testid="step-facts">
      {answers.map((a) => {
        switch (a) {
          case 'suspects':
            return (
              <Fact key={a} title="Top suspects" link={caseHref(caseId, 'suspects')}>
                {top.length === 0 ? <span className="muted">No external address shows a signal.</span> : (
                  <ul className="plain">{top.map((s) => (
                    <li key={s.address}><AddressLink caseId={caseId} address={s.address} /> <span className="badge">score {s.score}</span> <span className="muted small">{s.parts.map((p) => p.label).join(', ')}; first seen {time(s.firstTs)}</span></li>
                  ))}</ul>
                )}
              </Fact>
            );
          case 'reputation':
            return (
              <Fact key={a} title="Reputation" link={caseHref(caseId, 'indicators')}>
                <span className="muted small">Tidemark works offline: look these up in your threat-intelligence tools and record what you confirm as indicators.</span>
                <ul className="plain">{focus.map((x) => <li key={x}><AddressLink caseId={caseId} address={x} /> {addresses.includes(x) ? <span className="badge warn">indicator</span> : <span className="badge">not marked yet</span>}</li>)}</ul>
              </Fact>
            );
          case 'detections': {
            const hits = top.flatMap((s) => s.rules.filter((r) => r.category !== 'scanner-ua').map((r) => ({ ...r, address: s.address })));
            return (
              <Fact key={a} title="Web-exploit detections" link={top[0] ? caseHref(caseId, 'pivot', top[0].address) : caseHref(caseId, 'suspects')}>
                {hits.length === 0 ? <span className="muted">No request matched a web-exploit rule.</span> : (
                  <ul className="plain" data-testid="step-detections">{hits.map((h) => (
                    <li key={`${h.address}${h.ruleId}`}><AddressLink caseId={caseId} address={h.address} /> <span className="badge rule">{categoryLabel(h.category)}</span> {h.name} <span className="muted small">× {h.requests}</span></li>
                  ))}</ul>
                )}
              </Fact>
            );
          }
          case 'exfiltration': {
            const rows = focus.map((x) => ({ address: x, bytes: k.exfil.destinations.find((d) => d.address === x)?.bytesOut ?? 0 }));
            return (
              <Fact key={a} title="What left" link={caseHref(caseId, 'exfil')}>
                <ul className="plain" data-testid="step-exfil">
                  {rows.map((r) => <li key={r.address}><AddressLink caseId={caseId} address={r.address} />: <strong>{formatBytes(r.bytes)}</strong> <span className="muted small">({formatCount(r.bytes)} bytes)</span></li>)}
                  <li className="muted small">All external destinations: {formatBytes(k.exfil.totalOut)}</li>
                </ul>
              </Fact>
            );
          }
          case 'evidence':
            return <Fact key={a} title="Evidence" link={caseHref(caseId, 'evidence')}><span>{k.sources} sources, each with its SHA-256.</span></Fact>;
          case 'timeline':
            return <Fact key={a} title="Timeline" link={caseHref(caseId, 'events')}><span>{k.pins} pinned event{k.pins === 1 ? '' : 's'} so far.</span></Fact>;
          case 'indicators':
            return (
              <Fact key={a} title="Indicators" link={caseHref(caseId, 'indicators')}>
                {k.indicators.length === 0 ? <span className="muted">None marked yet.</span> : <span>{k.indicators.map((i) => i.value).join(', ')}</span>}
              </Fact>
            );
          case 'block-rules':
            return <Fact key={a} wide title="Block rules" link={caseHref(caseId, 'indicators')}><BlockRulesPanel indicators={k.indicators} caseName={k.caseName} /></Fact>;
          case 'affected-parties':
            return <Fact key={a} title="Affected parties" link={caseHref(caseId, 'notify')}><span>{formatCount(k.parties.count)} parties, {formatCount(k.parties.records)} records.</span></Fact>;
          case 'regulator': {
            if (k.discoveredAt === null) return <Fact key={a} title="Regulator" link={caseHref(caseId, 'notify')}><span className="muted">Set the discovery time to start the 72-hour clock.</span></Fact>;
            const d = regulatorDeadline(k.discoveredAt, Date.now());
            return <Fact key={a} title="Regulator" link={caseHref(caseId, 'notify')}><span>Deadline {time(d.deadline)} — {d.overdue ? <strong className="error">overdue</strong> : `${Math.floor(d.hoursLeft)} h left`}</span></Fact>;
          }
          default:
            return null;
        }
      })}
    </div>
  );
}

function Fact({ title, link, children, wide = false }: { title: string; link: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'fact wide' : 'fact'}>
      <div className="row between"><strong className="small">{title}</strong><a className="small" href={link}>Open →</a></div>
      {children}
    </div>
  );
}
