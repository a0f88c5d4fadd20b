import { useMemo, useState } from 'react';
import { blockRules, type BlockRuleTool } from '../../../shared/report/block-rules';
import type { IndicatorRow } from '../../db/schema';
import { CopyButton } from '../CopyButton';

/**
 * Ready-to-paste rules that cut the case's blocked indicators off, for the firewalls responders
 * meet: iptables, nftables, AWS (security groups and network ACLs), Windows netsh and PowerShell.
 */
export function BlockRulesPanel({ indicators, caseName }: { indicators: IndicatorRow[]; caseName: string }) {
  const blocked = indicators.filter((i) => i.block);
  const [tool, setTool] = useState<BlockRuleTool>('iptables');
  const [sg, setSg] = useState('');
  const [acl, setAcl] = useState('');
  const result = useMemo(() => {
    if (blocked.length === 0) return { sets: [], error: null };
    try {
      const opts: Parameters<typeof blockRules>[1] = { caseName };
      if (sg.trim()) opts.awsSecurityGroupId = sg.trim();
      if (acl.trim()) opts.awsNetworkAclId = acl.trim();
      return { sets: blockRules(blocked.map((i) => ({ address: i.value, note: i.label || i.note })), opts), error: null };
    } catch (e) {
      return { sets: [], error: e instanceof Error ? e.message : String(e) };
    }
  // Keyed on the blocked indicators' content, not the array's identity (a new array every render).
  }, [blocked.map((i) => `${i.value}|${i.label}|${i.note}`).join(','), sg, acl, caseName]);

  if (blocked.length === 0) {
    return <p className="muted small" data-testid="block-rules-empty">No address is on the block list yet. Add one from its pivot or from the indicators list.</p>;
  }
  const current = result.sets.find((s) => s.id === tool) ?? result.sets[0];
  return (
    <div className="block-rules" data-testid="block-rules">
      <div className="row gap wrap">
        <div className="segmented" role="tablist" aria-label="Firewall">
          {result.sets.map((s) => (
            <button key={s.id} type="button" role="tab" aria-selected={s.id === current?.id} className={s.id === current?.id ? 'seg active' : 'seg'} onClick={() => setTool(s.id)} data-testid={`rules-${s.id}`}>
              {s.label}
            </button>
          ))}
        </div>
        {(tool === 'aws-sg' || tool === 'aws-nacl') && (
          <>
            <input className="input mono small-input" placeholder="sg-0123…" value={sg} onChange={(e) => setSg(e.target.value)} aria-label="Security group id" />
            <input className="input mono small-input" placeholder="acl-0123…" value={acl} onChange={(e) => setAcl(e.target.value)} aria-label="Network ACL id" />
          </>
        )}
      </div>
      {result.error && <p className="error small" role="alert">{result.error}</p>}
      {current && (
        <div className="rules-text">
          <div className="row between"><span className="small muted">{blocked.length} address{blocked.length === 1 ? '' : 'es'} · review before running</span><CopyButton text={current.text} label={`Copy the ${current.label} rules`} /></div>
          <pre className="raw block" data-testid="block-rules-text">{current.text}</pre>
        </div>
      )}
    </div>
  );
}
