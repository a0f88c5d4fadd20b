import ipaddr from 'ipaddr.js';

/**
 * Ready-to-paste rules that cut the case's indicator addresses off: traffic from and to each one
 * is dropped, for Linux (iptables/ip6tables, nftables), AWS (security groups, network ACLs) and
 * Windows (netsh, PowerShell).
 *
 * These texts end up in a root shell, so nothing from the case reaches a command line unchecked:
 * every address is parsed as an IPv4/IPv6 address or CIDR range and written back in canonical
 * form (anything else throws, naming the offending text), ids and chain names must match their
 * tool's syntax, and free text (case name, notes) appears only in comments, reduced to letters,
 * digits and harmless punctuation on a single line.
 */

export type BlockRuleTool = 'iptables' | 'nftables' | 'aws-sg' | 'aws-nacl' | 'netsh' | 'powershell';

export interface BlockIndicator {
  /** An IPv4 or IPv6 address, or a CIDR range (`198.51.100.0/24`, `2001:db8::/48`). */
  address: string;
  /** Why it is blocked; shown in a comment next to its rules. */
  note?: string;
}

export interface BlockRuleOptions {
  /** `sg-…`; `<sg-id>` is written when absent. */
  awsSecurityGroupId?: string;
  /** `acl-…`; `<acl-id>` is written when absent. */
  awsNetworkAclId?: string;
  /** First network ACL rule number (default 10); each address takes the next one. */
  ruleNumberStart?: number;
  /**
   * iptables chain for all rules (for example `DOCKER-USER`). Default: INPUT and FORWARD drop
   * traffic from the addresses, OUTPUT and FORWARD traffic to them. nftables always uses its own
   * `inet tidemark` table.
   */
  chain?: string;
  /** The case's name, for the header comment. */
  caseName?: string;
}

export interface BlockRuleSet {
  id: BlockRuleTool;
  label: string;
  text: string;
}

/** One validated address or range, in canonical form. */
export interface BlockTarget {
  family: 'ipv4' | 'ipv6';
  /** `203.0.113.7` for a single address, `198.51.100.0/24` for a range. */
  value: string;
  /** Always with a prefix: `203.0.113.7/32`, `2001:db8::1/128`. */
  cidr: string;
  note: string | undefined;
}

export const DEFAULT_NACL_RULE_START = 10;
const MAX_NACL_RULE = 32766;
/** Default number of rules per direction in a network ACL (a quota AWS can raise). */
const NACL_DEFAULT_QUOTA = 20;
/** Ranges wider than these would cut off a large part of the internet, or all of it. */
const MIN_PREFIX = { ipv4: 8, ipv6: 16 } as const;

const LABELS: Record<BlockRuleTool, string> = {
  iptables: 'Linux: iptables and ip6tables',
  nftables: 'Linux: nftables',
  'aws-sg': 'AWS: security group',
  'aws-nacl': 'AWS: network ACL',
  netsh: 'Windows: netsh (Command Prompt)',
  powershell: 'Windows: PowerShell',
};

/**
 * Rules for every tool, in a fixed order. Throws an Error naming the problem when an address is
 * not an address or range, an id or chain name is malformed, or there is nothing to block.
 */
export function blockRules(indicators: ReadonlyArray<BlockIndicator>, opts: BlockRuleOptions = {}): BlockRuleSet[] {
  const targets = blockTargets(indicators);
  const sg = checkedId(opts.awsSecurityGroupId, /^sg-[0-9a-f]{8,17}$/, 'security group id', 'sg-0123456789abcdef0', '<sg-id>');
  const acl = checkedId(opts.awsNetworkAclId, /^acl-[0-9a-f]{8,17}$/, 'network ACL id', 'acl-0123456789abcdef0', '<acl-id>');
  const chain = opts.chain === undefined ? undefined : checkedChain(opts.chain);
  const start = opts.ruleNumberStart ?? DEFAULT_NACL_RULE_START;
  if (!Number.isInteger(start) || start < 1 || start + targets.length - 1 > MAX_NACL_RULE) {
    throw new Error(
      `ruleNumberStart must be a whole number from 1 to ${MAX_NACL_RULE - targets.length + 1} for ${targets.length} address${targets.length === 1 ? '' : 'es'} (got ${String(start)}).`,
    );
  }
  const caseName = opts.caseName === undefined ? '' : commentText(opts.caseName);

  const build: Record<BlockRuleTool, () => string> = {
    iptables: () => iptables(targets, chain, caseName),
    nftables: () => nftables(targets, caseName),
    'aws-sg': () => awsSecurityGroup(targets, sg, caseName),
    'aws-nacl': () => awsNetworkAcl(targets, acl, start, caseName),
    netsh: () => netsh(targets, caseName),
    powershell: () => powershell(targets, caseName),
  };
  return (Object.keys(build) as BlockRuleTool[]).map((id) => ({ id, label: LABELS[id], text: build[id]() }));
}

/** Validates and canonicalises the indicators, dropping repeats (the first note wins). */
export function blockTargets(indicators: ReadonlyArray<BlockIndicator>): BlockTarget[] {
  if (indicators.length === 0) throw new Error('No addresses to block: give at least one IP address or CIDR range.');
  const seen = new Set<string>();
  const targets: BlockTarget[] = [];
  for (const indicator of indicators) {
    const target = blockTarget(indicator.address, indicator.note);
    if (seen.has(target.cidr)) continue;
    seen.add(target.cidr);
    targets.push(target);
  }
  return targets;
}

/**
 * One address or CIDR range, checked strictly: dotted-quad IPv4 (no octal or hex forms), IPv6
 * without zone ids, an optional decimal prefix. Host bits of a range are cleared
 * (`198.51.100.7/24` becomes `198.51.100.0/24`, as the firewalls themselves would read it) and
 * IPv4-mapped IPv6 addresses are written as IPv4.
 */
export function blockTarget(address: string, note?: string): BlockTarget {
  const text = typeof address === 'string' ? address.trim() : '';
  const bad = (why: string) =>
    new Error(`Cannot block ${JSON.stringify(preview(typeof address === 'string' ? address : String(address)))}: ${why}.`);
  if (!/^[0-9A-Fa-f:.]{2,45}(?:\/\d{1,3})?$/.test(text)) {
    throw bad('it is not an IP address or CIDR range (write it like 203.0.113.7, 198.51.100.0/24 or 2001:db8::1)');
  }
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  let family: 'ipv4' | 'ipv6';
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (host.includes(':')) {
    if (!ipaddr.IPv6.isValid(host)) throw bad('it is not a valid IPv6 address');
    family = 'ipv6';
    parsed = ipaddr.IPv6.parse(host);
  } else {
    if (!ipaddr.IPv4.isValidFourPartDecimal(host)) throw bad('it is not a valid IPv4 address (four decimal numbers from 0 to 255)');
    family = 'ipv4';
    parsed = ipaddr.IPv4.parse(host);
  }
  const width = family === 'ipv4' ? 32 : 128;
  let prefix = slash < 0 ? width : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) throw bad(`the prefix must be from 0 to ${width}`);

  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() && prefix >= 96) {
    parsed = parsed.toIPv4Address();
    family = 'ipv4';
    prefix -= 96;
  }
  if (prefix < MIN_PREFIX[family]) {
    throw bad(`a /${prefix} range is too broad to block (${family === 'ipv4' ? 'IPv4' : 'IPv6'} ranges must be /${MIN_PREFIX[family]} or narrower)`);
  }
  const full = family === 'ipv4' ? 32 : 128;
  const network =
    family === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${parsed.toString()}/${prefix}`).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/${prefix}`).toRFC5952String();
  const cidr = `${network}/${prefix}`;
  const cleanNote = note === undefined ? '' : commentText(note);
  return { family, value: prefix === full ? network : cidr, cidr, note: cleanNote || undefined };
}

// ---------------------------------------------------------------------------------------------
// Each tool

function iptables(targets: BlockTarget[], chain: string | undefined, caseName: string): string {
  const lines = header('#', 'iptables / ip6tables', targets, caseName, [
    'Drops traffic from and to each address. Run as root. Each rule is inserted at the top of its chain so it wins over existing ACCEPT rules.',
    'The rules are lost on reboot unless saved (iptables-save, ip6tables-save or netfilter-persistent save).',
    'Remove one later by repeating its line with -D instead of -I.',
  ]);
  const placements: Array<[string, '-s' | '-d']> = chain
    ? [
        [chain, '-s'],
        [chain, '-d'],
      ]
    : [
        ['INPUT', '-s'],
        ['OUTPUT', '-d'],
        ['FORWARD', '-s'],
        ['FORWARD', '-d'],
      ];
  for (const target of targets) {
    lines.push('', indicatorComment('#', target));
    const tool = target.family === 'ipv4' ? 'iptables' : 'ip6tables';
    for (const [name, flag] of placements) {
      lines.push(`${tool} -I ${name} ${flag} ${target.value} -m comment --comment tidemark-block -j DROP`);
    }
  }
  return finish(lines);
}

function nftables(targets: BlockTarget[], caseName: string): string {
  const v4 = targets.filter((t) => t.family === 'ipv4').map((t) => t.value);
  const v6 = targets.filter((t) => t.family === 'ipv6').map((t) => t.value);
  const lines = header('#', 'nftables', targets, caseName, [
    'Drops traffic from and to each address. Run as root. The addresses go into sets of an',
    'inet tidemark table with its own input, output and forward chains; running this again',
    '(for this or another case) adds to the sets.',
    'Undo everything with: nft delete table inet tidemark',
  ]);
  lines.push('#');
  for (const target of targets) lines.push(indicatorComment('#', target));
  lines.push(
    '',
    "nft -f /dev/stdin <<'TIDEMARK_NFT'",
    'table inet tidemark {',
    '  set blocked_v4 {',
    '    type ipv4_addr',
    '    flags interval',
    '    auto-merge',
    '  }',
    '  set blocked_v6 {',
    '    type ipv6_addr',
    '    flags interval',
    '    auto-merge',
    '  }',
    '  chain input {',
    '    type filter hook input priority -10; policy accept;',
    '  }',
    '  chain forward {',
    '    type filter hook forward priority -10; policy accept;',
    '  }',
    '  chain output {',
    '    type filter hook output priority -10; policy accept;',
    '  }',
    '}',
    'flush chain inet tidemark input',
    'flush chain inet tidemark forward',
    'flush chain inet tidemark output',
    'add rule inet tidemark input ip saddr @blocked_v4 drop',
    'add rule inet tidemark input ip6 saddr @blocked_v6 drop',
    'add rule inet tidemark forward ip saddr @blocked_v4 drop',
    'add rule inet tidemark forward ip daddr @blocked_v4 drop',
    'add rule inet tidemark forward ip6 saddr @blocked_v6 drop',
    'add rule inet tidemark forward ip6 daddr @blocked_v6 drop',
    'add rule inet tidemark output ip daddr @blocked_v4 drop',
    'add rule inet tidemark output ip6 daddr @blocked_v6 drop',
  );
  if (v4.length > 0) lines.push(`add element inet tidemark blocked_v4 { ${v4.join(', ')} }`);
  if (v6.length > 0) lines.push(`add element inet tidemark blocked_v6 { ${v6.join(', ')} }`);
  lines.push('TIDEMARK_NFT');
  return finish(lines);
}

function awsSecurityGroup(targets: BlockTarget[], sg: string, caseName: string): string {
  const lines = header('#', 'AWS security group', targets, caseName, [
    'A security group cannot block an address: it holds allow rules only, and traffic passes when any',
    'rule allows it. Block these addresses with network ACL deny rules (the network ACL text) and use',
    'the commands below to find and remove security group rules that let them in or out.',
  ]);
  lines.push(
    '',
    "# 1. The group's rules and the ranges they allow. A wider range that contains an address",
    '#    (0.0.0.0/0, ::/0) allows it too: narrow such a rule rather than delete it blindly.',
    `aws ec2 describe-security-group-rules --filters Name=group-id,Values=${sg} --query 'SecurityGroupRules[].[SecurityGroupRuleId,IsEgress,IpProtocol,FromPort,ToPort,CidrIpv4,CidrIpv6]' --output table`,
    '',
    '# 2. Rules that name an indicator exactly:',
  );
  for (const target of targets) {
    lines.push(indicatorComment('#', target));
    const field = target.family === 'ipv4' ? 'CidrIpv4' : 'CidrIpv6';
    lines.push(
      `aws ec2 describe-security-group-rules --filters Name=group-id,Values=${sg} --query "SecurityGroupRules[?${field}=='${target.cidr}'].[SecurityGroupRuleId,IsEgress]" --output text`,
    );
  }
  lines.push(
    '',
    '# 3. Remove a rule found above by its id (sgr-...): inbound rules (IsEgress False) with the first',
    '#    command, outbound rules (IsEgress True) with the second.',
    `aws ec2 revoke-security-group-ingress --group-id ${sg} --security-group-rule-ids <sgr-id>`,
    `aws ec2 revoke-security-group-egress --group-id ${sg} --security-group-rule-ids <sgr-id>`,
  );
  return finish(lines);
}

function awsNetworkAcl(targets: BlockTarget[], acl: string, start: number, caseName: string): string {
  const last = start + targets.length - 1;
  const notes = [
    'Denies traffic from and to each address in the subnets that use this network ACL: one inbound',
    'and one outbound rule per address, with the same rule number. Rules are checked in number order',
    'and the first match decides, so these must be numbered below any allow rule for the same traffic,',
    `and the numbers (${start}${last > start ? ` to ${last}` : ''}) must be free: list the entries with the first command.`,
    'Remove a rule with: aws ec2 delete-network-acl-entry --network-acl-id ID --rule-number N --ingress (or --egress)',
  ];
  if (targets.length > NACL_DEFAULT_QUOTA) {
    notes.push(`WARNING: ${targets.length} rules per direction exceeds the default quota of ${NACL_DEFAULT_QUOTA} per network ACL.`);
  }
  const lines = header('#', 'AWS network ACL', targets, caseName, notes);
  lines.push('', `aws ec2 describe-network-acls --network-acl-ids ${acl} --query 'NetworkAcls[].Entries[]' --output table`);
  targets.forEach((target, index) => {
    const number = start + index;
    const block = target.family === 'ipv4' ? `--cidr-block ${target.cidr}` : `--ipv6-cidr-block ${target.cidr}`;
    lines.push('', indicatorComment('#', target));
    for (const direction of ['--ingress', '--egress']) {
      lines.push(
        `aws ec2 create-network-acl-entry --network-acl-id ${acl} --rule-number ${number} --protocol -1 --rule-action deny ${direction} ${block}`,
      );
    }
  });
  return finish(lines);
}

function netsh(targets: BlockTarget[], caseName: string): string {
  const lines = header('REM', 'Windows Firewall (netsh)', targets, caseName, [
    'Blocks traffic from and to each address. Run in an elevated Command Prompt.',
    "Remove an address's two rules with:",
    'netsh advfirewall firewall delete rule name="Tidemark block ADDRESS"',
  ]);
  for (const target of targets) {
    lines.push('', indicatorComment('REM', target));
    for (const dir of ['in', 'out']) {
      lines.push(`netsh advfirewall firewall add rule name="Tidemark block ${target.value}" dir=${dir} action=block remoteip=${target.value}`);
    }
  }
  return finish(lines, '\r\n');
}

function powershell(targets: BlockTarget[], caseName: string): string {
  const lines = header('#', 'Windows Firewall (PowerShell)', targets, caseName, [
    'Blocks traffic from and to each address. Run in an elevated PowerShell.',
    "Remove every rule made here with: Remove-NetFirewallRule -Group 'Tidemark block'",
  ]);
  for (const target of targets) {
    lines.push('', indicatorComment('#', target));
    for (const direction of ['Inbound', 'Outbound']) {
      lines.push(
        `New-NetFirewallRule -DisplayName 'Tidemark block ${target.value}' -Group 'Tidemark block' -Direction ${direction} -Action Block -RemoteAddress '${target.value}'`,
      );
    }
  }
  return finish(lines, '\r\n');
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

function header(mark: '#' | 'REM', tool: string, targets: BlockTarget[], caseName: string, notes: string[]): string[] {
  const v4 = targets.filter((t) => t.family === 'ipv4').length;
  const v6 = targets.length - v4;
  const count = `${targets.length} indicator${targets.length === 1 ? '' : 's'} (${v4} IPv4, ${v6} IPv6)`;
  return [
    `${mark} Tidemark block rules: ${tool}`,
    ...(caseName ? [`${mark} Case: ${caseName}`] : []),
    `${mark} ${count}.`,
    ...notes.map((note) => `${mark} ${note}`),
  ];
}

function indicatorComment(mark: '#' | 'REM', target: BlockTarget): string {
  return `${mark} ${target.value}${target.note ? ` - ${target.note}` : ''}`;
}

function finish(lines: string[], eol = '\n'): string {
  return lines.join(eol) + eol;
}

/**
 * Free text made safe for a comment line in every syntax used here (sh, nft, cmd's REM,
 * PowerShell): one line, letters, digits, spaces and punctuation no shell or REM line treats
 * specially (no quotes, `%`, `^`, `&`, `|`, `<`, `>`, `!`, `$`, backtick, backslash or control and
 * bidirectional-formatting characters).
 */
function commentText(text: string, max = 100): string {
  const clean = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N} .,:;()[\]_+=?*@/#-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 3).trimEnd()}...` : clean;
}

function checkedId(value: string | undefined, pattern: RegExp, what: string, example: string, placeholder: string): string {
  if (value === undefined || value.trim() === '') return placeholder;
  const id = value.trim();
  if (!pattern.test(id)) throw new Error(`${JSON.stringify(preview(value))} is not an AWS ${what} (like ${example}).`);
  return id;
}

function checkedChain(value: string): string {
  const chain = value.trim();
  if (!/^[A-Za-z0-9_-]{1,28}$/.test(chain)) {
    throw new Error(
      `${JSON.stringify(preview(value))} is not an iptables chain name (letters, digits, "-" and "_", at most 28 characters).`,
    );
  }
  return chain;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
