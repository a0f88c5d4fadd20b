import { describe, expect, test } from 'vitest';
import { blockRules, blockTarget } from '../../../shared/report/block-rules';
import type { BlockRuleSet, BlockRuleTool } from '../../../shared/report/block-rules';

const TOOLS: BlockRuleTool[] = ['iptables', 'nftables', 'aws-sg', 'aws-nacl', 'netsh', 'powershell'];

function byId(sets: BlockRuleSet[]): Record<BlockRuleTool, string> {
  return Object.fromEntries(sets.map((s) => [s.id, s.text])) as Record<BlockRuleTool, string>;
}

/** Lines that are commands, not comments. */
function commands(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('REM '));
}

describe('block rules', () => {
  const indicators = [
    { address: '203.0.113.7', note: 'scanned the login page' },
    { address: '198.51.100.0/24' },
    { address: '2001:db8::1', note: 'sent the exploit' },
    { address: '2001:db8:beef::/48' },
  ];
  const sets = blockRules(indicators, { caseName: 'ACME web breach' });
  const text = byId(sets);

  test('one text per tool, in a fixed order, each with a label', () => {
    expect(sets.map((s) => s.id)).toEqual(TOOLS);
    for (const set of sets) expect(set.label.length).toBeGreaterThan(3);
  });

  test('every text starts with a comment header in its tool syntax naming the case and count', () => {
    for (const id of TOOLS) {
      const mark = id === 'netsh' ? 'REM ' : '# ';
      const head = text[id].split(/\r?\n/).slice(0, 3);
      expect(head[0]?.startsWith(`${mark}Tidemark block rules`)).toBe(true);
      expect(head).toContain(`${mark}Case: ACME web breach`);
      expect(head).toContain(`${mark}4 indicators (2 IPv4, 2 IPv6).`);
    }
  });

  test('every output contains every address', () => {
    for (const id of TOOLS) {
      for (const { address } of indicators) expect(text[id], `${id} / ${address}`).toContain(address);
    }
  });

  test('iptables drops from and to each address; IPv6 through ip6tables', () => {
    const lines = commands(text.iptables);
    expect(lines).toContain('iptables -I INPUT -s 203.0.113.7 -m comment --comment tidemark-block -j DROP');
    expect(lines).toContain('iptables -I OUTPUT -d 203.0.113.7 -m comment --comment tidemark-block -j DROP');
    expect(lines).toContain('iptables -I FORWARD -s 198.51.100.0/24 -m comment --comment tidemark-block -j DROP');
    expect(lines).toContain('ip6tables -I INPUT -s 2001:db8::1 -m comment --comment tidemark-block -j DROP');
    expect(lines).toContain('ip6tables -I OUTPUT -d 2001:db8:beef::/48 -m comment --comment tidemark-block -j DROP');
    expect(lines.filter((l) => l.startsWith('iptables '))).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith('ip6tables '))).toHaveLength(8);
    expect(lines.some((l) => l.startsWith('iptables ') && l.includes(':'))).toBe(false);

    const custom = commands(byId(blockRules([{ address: '203.0.113.7' }], { chain: 'DOCKER-USER' })).iptables);
    expect(custom).toEqual([
      'iptables -I DOCKER-USER -s 203.0.113.7 -m comment --comment tidemark-block -j DROP',
      'iptables -I DOCKER-USER -d 203.0.113.7 -m comment --comment tidemark-block -j DROP',
    ]);
  });

  test('nftables uses sets in an inet table, ip and ip6 matches in both directions', () => {
    const nft = text.nftables;
    expect(nft).toContain('table inet tidemark {');
    expect(nft).toContain('add rule inet tidemark input ip saddr @blocked_v4 drop');
    expect(nft).toContain('add rule inet tidemark input ip6 saddr @blocked_v6 drop');
    expect(nft).toContain('add rule inet tidemark output ip daddr @blocked_v4 drop');
    expect(nft).toContain('add rule inet tidemark output ip6 daddr @blocked_v6 drop');
    expect(nft).toContain('add element inet tidemark blocked_v4 { 203.0.113.7, 198.51.100.0/24 }');
    expect(nft).toContain('add element inet tidemark blocked_v6 { 2001:db8::1, 2001:db8:beef::/48 }');
    // A quoted heredoc: the shell expands nothing inside it.
    expect(nft).toContain("nft -f /dev/stdin <<'TIDEMARK_NFT'");
    expect(nft.trimEnd().endsWith('TIDEMARK_NFT')).toBe(true);
    // No empty element list when a family is absent.
    expect(byId(blockRules([{ address: '203.0.113.7' }])).nftables).not.toContain('blocked_v6 {  }');
    expect(byId(blockRules([{ address: '203.0.113.7' }])).nftables).not.toMatch(/add element inet tidemark blocked_v6/);
  });

  test('security groups: explained, never a fake deny; commands to find and revoke allowing rules', () => {
    const sg = text['aws-sg'];
    expect(sg).toMatch(/# A security group cannot block an address: it holds allow rules only/);
    expect(sg).toContain(
      `aws ec2 describe-security-group-rules --filters Name=group-id,Values=<sg-id> --query "SecurityGroupRules[?CidrIpv4=='203.0.113.7/32'].[SecurityGroupRuleId,IsEgress]" --output text`,
    );
    expect(sg).toContain("SecurityGroupRules[?CidrIpv6=='2001:db8::1/128']");
    expect(sg).toContain('aws ec2 revoke-security-group-ingress --group-id <sg-id> --security-group-rule-ids <sgr-id>');
    expect(sg).not.toContain('--rule-action deny');
    const withId = byId(blockRules(indicators, { awsSecurityGroupId: 'sg-0123456789abcdef0' }))['aws-sg'];
    expect(withId).toContain('Values=sg-0123456789abcdef0');
    expect(withId).not.toContain('<sg-id>');
  });

  test('network ACLs: deny entries in and out, v4 and v6 blocks, rule numbers increment', () => {
    const nacl = commands(
      byId(blockRules(indicators, { awsNetworkAclId: 'acl-0123456789abcdef0', ruleNumberStart: 50 }))['aws-nacl'],
    ).filter((l) => l.includes('create-network-acl-entry'));
    expect(nacl).toHaveLength(8);
    expect(nacl[0]).toBe(
      'aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --rule-number 50 --protocol -1 --rule-action deny --ingress --cidr-block 203.0.113.7/32',
    );
    expect(nacl[1]).toBe(
      'aws ec2 create-network-acl-entry --network-acl-id acl-0123456789abcdef0 --rule-number 50 --protocol -1 --rule-action deny --egress --cidr-block 203.0.113.7/32',
    );
    expect(nacl[4]).toContain('--rule-number 52 --protocol -1 --rule-action deny --ingress --ipv6-cidr-block 2001:db8::1/128');
    const numbers = (direction: string) =>
      nacl.filter((l) => l.includes(` ${direction} `)).map((l) => Number(/--rule-number (\d+)/.exec(l)?.[1]));
    expect(numbers('--ingress')).toEqual([50, 51, 52, 53]);
    expect(numbers('--egress')).toEqual([50, 51, 52, 53]);
    // Defaults: placeholder id, numbering from 10.
    const defaults = text['aws-nacl'];
    expect(defaults).toContain('--network-acl-id <acl-id> --rule-number 10 ');
    expect(defaults).toContain('--rule-number 13 ');
  });

  test('Windows: netsh and PowerShell rules in both directions', () => {
    const netsh = commands(text.netsh);
    expect(netsh).toContain(
      'netsh advfirewall firewall add rule name="Tidemark block 203.0.113.7" dir=in action=block remoteip=203.0.113.7',
    );
    expect(netsh).toContain(
      'netsh advfirewall firewall add rule name="Tidemark block 2001:db8::1" dir=out action=block remoteip=2001:db8::1',
    );
    expect(netsh).toHaveLength(8);
    const ps = commands(text.powershell);
    expect(ps).toContain(
      "New-NetFirewallRule -DisplayName 'Tidemark block 198.51.100.0/24' -Group 'Tidemark block' -Direction Inbound -Action Block -RemoteAddress '198.51.100.0/24'",
    );
    expect(ps.filter((l) => l.includes('-Direction Outbound'))).toHaveLength(4);
  });

  test('addresses are canonicalised and repeats dropped', () => {
    expect(blockTarget(' 2001:DB8:0:0::1 ').value).toBe('2001:db8::1');
    expect(blockTarget('198.51.100.77/24').value).toBe('198.51.100.0/24');
    expect(blockTarget('::ffff:192.0.2.5').value).toBe('192.0.2.5');
    expect(blockTarget('203.0.113.7/32')).toMatchObject({ family: 'ipv4', value: '203.0.113.7', cidr: '203.0.113.7/32' });
    const once = commands(byId(blockRules([{ address: '203.0.113.7' }, { address: '203.0.113.7/32' }])).netsh);
    expect(once).toHaveLength(2);
  });

  test('anything that is not an address or range is rejected, naming it', () => {
    const hostile = ['1.2.3.4; rm -rf /', '$(id)', '`id`', '1.2.3.4 && curl evil', '1.2.3.4\nrm -rf /', "1.2.3.4' -Action Allow '"];
    for (const address of hostile) {
      expect(() => blockRules([{ address: '203.0.113.7' }, { address }])).toThrow(/^Cannot block .*: it is not an IP address or CIDR range/);
    }
    expect(() => blockRules([{ address: '1.2.3.4; rm -rf /' }])).toThrow('Cannot block "1.2.3.4; rm -rf /"');
    expect(() => blockRules([{ address: '$(id)' }])).toThrow('"$(id)"');
    expect(() => blockRules([{ address: 'evil.example.com' }])).toThrow(/not an IP address/);
    expect(() => blockRules([{ address: '256.1.1.1' }])).toThrow(/not a valid IPv4 address/);
    expect(() => blockRules([{ address: '010.1.1.1' }])).toThrow(/not a valid IPv4 address/);
    expect(() => blockRules([{ address: 'fe80::1%eth0' }])).toThrow(/not an IP address/);
    expect(() => blockRules([{ address: '2001:db8:::1' }])).toThrow(/not a valid IPv6 address/);
    expect(() => blockRules([{ address: '203.0.113.0/33' }])).toThrow(/prefix must be from 0 to 32/);
    expect(() => blockRules([{ address: '0.0.0.0/0' }])).toThrow(/too broad/);
    expect(() => blockRules([{ address: '::/0' }])).toThrow(/too broad/);
    expect(() => blockRules([])).toThrow(/No addresses to block/);
  });

  test('ids and chain names are checked; notes and case names cannot leave their comment line', () => {
    expect(() => blockRules(indicators, { awsSecurityGroupId: 'sg-1; rm -rf /' })).toThrow(/not an AWS security group id/);
    expect(() => blockRules(indicators, { awsNetworkAclId: '$(id)' })).toThrow(/not an AWS network ACL id/);
    expect(() => blockRules(indicators, { chain: 'INPUT -j ACCEPT' })).toThrow(/not an iptables chain name/);
    expect(() => blockRules(indicators, { ruleNumberStart: 0 })).toThrow(/ruleNumberStart/);
    expect(() => blockRules(indicators, { ruleNumberStart: 32765 })).toThrow(/ruleNumberStart/);

    const hostileNote = 'x\nrm -rf / & calc | nc ^ %PATH% $(id) `id` "q" <b>';
    const out = blockRules([{ address: '203.0.113.7', note: hostileNote }], { caseName: 'case\r\nshutdown /s' });
    for (const set of out) {
      const lines = set.text.split(/\r?\n/);
      expect(lines.some((l) => l.startsWith('rm ') || l.startsWith('shutdown'))).toBe(false);
      const noteLine = lines.find((l) => /^(?:#|REM) 203\.0\.113\.7 - /.test(l));
      const caseLine = lines.find((l) => /^(?:#|REM) Case: /.test(l));
      expect(noteLine).toBe(`${set.id === 'netsh' ? 'REM' : '#'} 203.0.113.7 - x rm -rf / calc nc PATH (id) id q b`);
      expect(caseLine).toBe(`${set.id === 'netsh' ? 'REM' : '#'} Case: case shutdown /s`);
      // Every command line is one of the tool's own; none carries the note.
      for (const line of commands(set.text)) expect(line).not.toMatch(/calc|shutdown|rm -rf/);
    }
  });
});
