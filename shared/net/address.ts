import ipaddr from 'ipaddr.js';

/**
 * Canonical text of an IP address, so one host has one spelling everywhere: IPv4 dotted quad,
 * IPv6 in RFC 5952 short form, IPv4-mapped IPv6 folded to IPv4. Returns undefined for text that
 * is not an address (host names, `-`, empty), which parsers then leave out.
 */
export function canonicalAddress(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (isCanonicalDottedQuad(text)) return text;
  // Logs repeat the same few addresses; remember recent answers (a hot path of every parser).
  const hit = canonicalCache.get(text);
  if (hit !== undefined) return hit === '' ? undefined : hit;
  const result = computeCanonical(text);
  if (canonicalCache.size >= 50_000) canonicalCache.clear();
  canonicalCache.set(text, result ?? '');
  return result;
}

const canonicalCache = new Map<string, string>();

/**
 * `a.b.c.d`, each part 0-255 without leading zeros: already canonical. Most addresses in logs
 * are such, and this check is cheaper than a cache lookup.
 */
function isCanonicalDottedQuad(t: string): boolean {
  const n = t.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? t.charCodeAt(i) : 46;
    if (c === 46 /* . */) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false; // a leading zero
      value = value * 10 + (c - 48);
      digits++;
    } else {
      return false;
    }
  }
  return parts === 4;
}

function computeCanonical(text: string): string | undefined {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  // Zone ids (fe80::1%eth0) name an interface on the capturing host; keep the address only.
  const zone = t.indexOf('%');
  if (zone > 0) t = t.slice(0, zone);
  if (!ipaddr.isValid(t)) return undefined;
  // ipaddr.js accepts legacy forms like "10" or "0x0a.1"; logs write dotted quads only.
  if (t.indexOf(':') < 0 && !ipaddr.IPv4.isValidFourPartDecimal(t)) return undefined;
  const parsed = ipaddr.parse(t);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    return v6.toRFC5952String();
  }
  return parsed.toString();
}

/** Ranges that never leave an organisation: private, loopback, link-local, unique-local, CGNAT. */
const ALWAYS_INTERNAL = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified']);

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; throws a readable error otherwise. */
export function parseCidr(text: string): Cidr {
  const t = text.trim();
  try {
    if (t.includes('/')) return ipaddr.parseCIDR(t);
    const addr = ipaddr.parse(t);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`"${t}" is not an address range; write it like 203.0.113.0/24 or 2001:db8::/32.`);
  }
}

/**
 * Decides internal versus external. Internal: the reserved private ranges plus the case's own
 * ranges (its public address space), which the user lists.
 */
export class AddressClassifier {
  private readonly cidrs: Cidr[];
  private readonly cache = new Map<string, boolean>();

  constructor(caseRanges: readonly string[] = []) {
    this.cidrs = caseRanges.map(parseCidr);
  }

  isInternal(address: string): boolean {
    const hit = this.cache.get(address);
    if (hit !== undefined) return hit;
    const result = this.compute(address);
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(address, result);
    return result;
  }

  private compute(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    }
    if (ALWAYS_INTERNAL.has(parsed.range())) return true;
    for (const [net, bits] of this.cidrs) {
      if (net.kind() === parsed.kind() && parsed.match(net, bits)) return true;
    }
    return false;
  }
}
