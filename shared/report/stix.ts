import ipaddr from 'ipaddr.js';

/**
 * A STIX 2.1 bundle of the case's attacker addresses, for sharing with other teams, an ISAC or a
 * threat-intelligence platform.
 *
 * Per address (or range) the bundle holds:
 * - an `ipv4-addr` / `ipv6-addr` observable (SCO) with the deterministic id STIX 2.1 §2.9
 *   prescribes: UUIDv5 in the namespace `00abedb4-aa42-466c-9c01-fed23315a9b7` over the
 *   canonical JSON (RFC 8785) of the id-contributing properties, which for addresses is `value`;
 * - an `indicator` (SDO) whose STIX pattern matches the address (`=`) or range (`ISSUBSET`);
 * - a `based-on` relationship (SRO) from the indicator to the observable;
 * plus one `identity` for the producer, referenced by `created_by_ref`.
 *
 * Every id is deterministic, so the same input always gives byte-identical output (tests compare
 * it; analysts can diff two exports). SDO, SRO and bundle ids are UUIDv5 in Tidemark's own
 * namespace over the canonical JSON of the object's other properties: the id is a function of the
 * content, so two objects that share an id never differ, which keeps STIX's versioning rule (one
 * id, one `created`) true even across exports made at different times. STIX recommends UUIDv4
 * for SDOs; any RFC 4122 UUID is conformant, and reproducibility matters more to us here.
 *
 * The whole computation is synchronous: the SHA-1 that UUIDv5 needs is a small pure function
 * below (hash-wasm's is async, and Web Crypto's `digest` is too).
 */

/** The namespace STIX 2.1 §2.9 fixes for deterministic SCO ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** Tidemark's namespace for the ids of the SDOs, SROs and bundles it writes (a fixed random UUID). */
export const TIDEMARK_STIX_NAMESPACE = 'b9cec000-e9fb-4edb-b321-12a1737f96aa';

/** The media type of a STIX 2.1 JSON document. */
export const STIX_MIME = 'application/stix+json;version=2.1';

export type StixAddressKind = 'ipv4' | 'ipv6' | 'cidr';

export interface StixIndicatorInput {
  /** An IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8 or 2001:db8::/32. */
  address: string;
  /** What `address` must be; inferred from the text when absent. */
  kind?: StixAddressKind;
  /** A short name, such as "C2 server"; used in the indicator's name. */
  label?: string;
  /** Free text from the analyst; becomes part of the indicator's description. */
  note?: string;
  /** Epoch ms of the first and last event from this address; firstSeen becomes valid_from. */
  firstSeen?: number;
  lastSeen?: number;
}

export interface StixBundleInput {
  caseName: string;
  /** Epoch ms; the created and modified time of every object (the export time). */
  createdAt: number;
  indicators: readonly StixIndicatorInput[];
  /** The producing organisation. Without it the producer is the Tidemark system itself. */
  identityName?: string;
}

export interface StixIdentity {
  type: 'identity';
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  name: string;
  identity_class: 'organization' | 'system';
}

export interface StixIndicator {
  type: 'indicator';
  spec_version: '2.1';
  id: string;
  created_by_ref: string;
  created: string;
  modified: string;
  name: string;
  description: string;
  indicator_types: ['malicious-activity'];
  pattern: string;
  pattern_type: 'stix';
  valid_from: string;
}

export interface StixRelationship {
  type: 'relationship';
  spec_version: '2.1';
  id: string;
  created_by_ref: string;
  created: string;
  modified: string;
  relationship_type: 'based-on';
  source_ref: string;
  target_ref: string;
}

export interface StixAddressObject<T extends 'ipv4-addr' | 'ipv6-addr' = 'ipv4-addr' | 'ipv6-addr'> {
  type: T;
  spec_version: '2.1';
  id: string;
  value: string;
}

export type StixObject = StixIdentity | StixIndicator | StixRelationship | StixAddressObject<'ipv4-addr'> | StixAddressObject<'ipv6-addr'>;

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** Builds the bundle. Throws an Error naming the input when an address or a time is unusable. */
export function stixBundle(input: StixBundleInput): StixBundle {
  const created = stixTimestamp(input.createdAt, 'createdAt');
  const identityName = input.identityName?.trim();
  const identity = withId<StixIdentity>({
    type: 'identity',
    spec_version: '2.1',
    created,
    modified: created,
    name: identityName || 'Tidemark',
    identity_class: identityName ? 'organization' : 'system',
  });

  const objects: StixObject[] = [identity];
  const seen = new Set<string>([identity.id]);
  const add = (o: StixObject): void => {
    // The same address twice with the same details gives the same objects; keep one of each.
    if (seen.has(o.id)) return;
    seen.add(o.id);
    objects.push(o);
  };

  for (const ind of input.indicators) {
    const target = parseIndicatorAddress(ind.address, ind.kind);
    const sco: StixAddressObject = {
      type: target.type,
      spec_version: '2.1',
      id: `${target.type}--${uuidv5(STIX_SCO_NAMESPACE, canonicalJson({ value: target.value }))}`,
      value: target.value,
    };
    const firstSeen = ind.firstSeen === undefined ? undefined : stixTimestamp(ind.firstSeen, `firstSeen of ${target.value}`);
    const lastSeen = ind.lastSeen === undefined ? undefined : stixTimestamp(ind.lastSeen, `lastSeen of ${target.value}`);
    if (ind.firstSeen !== undefined && ind.lastSeen !== undefined && ind.lastSeen < ind.firstSeen) {
      throw new Error(`${target.value}: lastSeen (${lastSeen}) is before firstSeen (${firstSeen}).`);
    }
    const label = ind.label?.trim();
    const what = target.range ? 'Address range' : 'Address';
    const description = [
      ind.note?.trim() ?? '',
      firstSeen && lastSeen ? `First seen ${firstSeen}, last seen ${lastSeen}.` : firstSeen ? `First seen ${firstSeen}.` : lastSeen ? `Last seen ${lastSeen}.` : '',
      `${what} identified in the Tidemark case "${input.caseName}".`,
    ].filter((s) => s !== '').join('\n\n');
    const indicator = withId<StixIndicator>({
      type: 'indicator',
      spec_version: '2.1',
      created_by_ref: identity.id,
      created,
      modified: created,
      name: label ? `${target.value} (${label})` : `${what} ${target.value}`,
      description,
      indicator_types: ['malicious-activity'],
      pattern: `[${target.type}:value ${target.range ? 'ISSUBSET' : '='} ${stixStringLiteral(target.value)}]`,
      pattern_type: 'stix',
      valid_from: firstSeen ?? created,
    });
    const relationship = withId<StixRelationship>({
      type: 'relationship',
      spec_version: '2.1',
      created_by_ref: identity.id,
      created,
      modified: created,
      relationship_type: 'based-on',
      source_ref: indicator.id,
      target_ref: sco.id,
    });
    add(sco);
    add(indicator);
    add(relationship);
  }

  return {
    type: 'bundle',
    id: `bundle--${uuidv5(TIDEMARK_STIX_NAMESPACE, canonicalJson(objects.map((o) => o.id)))}`,
    objects,
  };
}

/** The bundle as the JSON file to save (two-space indented, trailing newline). */
export function stixJson(bundle: StixBundle): string {
  return JSON.stringify(bundle, null, 2) + '\n';
}

/** Gives an SDO or SRO its content-derived id (see the module comment), id first. */
function withId<T extends StixIdentity | StixIndicator | StixRelationship>(o: Omit<T, 'id'>): T {
  const id = `${o.type}--${uuidv5(TIDEMARK_STIX_NAMESPACE, canonicalJson(o as unknown as Json))}`;
  const { type, spec_version, ...rest } = o;
  return { type, spec_version, id, ...rest } as unknown as T;
}

/**
 * A STIX pattern string literal: single quotes, with `\` and `'` escaped by a backslash (STIX 2.1
 * patterning, §9.3 string constants).
 */
export function stixStringLiteral(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * A STIX timestamp with millisecond precision (`2026-03-12T14:03:11.000Z`), which STIX 2.1
 * requires for created and modified.
 */
export function stixTimestamp(ms: number, what = 'time'): string {
  if (!Number.isFinite(ms)) throw new Error(`${what} is not a time (got ${String(ms)}).`);
  const d = new Date(ms);
  const iso = Number.isNaN(d.getTime()) ? '' : d.toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso)) {
    throw new Error(`${what} is outside the years 0000 to 9999 that STIX timestamps can express (got ${ms}).`);
  }
  return iso;
}

interface ParsedTarget {
  type: 'ipv4-addr' | 'ipv6-addr';
  value: string;
  range: boolean;
}

/**
 * Validates and canonicalises one address or range: IPv4 as a dotted quad (leading zeros, which
 * some tools read as octal, are refused), IPv6 in RFC 5952 form, IPv4-mapped IPv6 folded to IPv4
 * unless `kind` says ipv6 (as the rest of Tidemark does), ranges with their host bits clear.
 * Canonical text matters: the observable's id is derived from it.
 */
function parseIndicatorAddress(address: string, kind: StixAddressKind | undefined): ParsedTarget {
  const text = typeof address === 'string' ? address.trim() : '';
  const shown = JSON.stringify(typeof address === 'string' ? address : String(address));
  const isRange = text.includes('/');
  if (kind !== undefined && kind !== 'ipv4' && kind !== 'ipv6' && kind !== 'cidr') {
    throw new Error(`${shown}: the kind must be "ipv4", "ipv6" or "cidr" (got ${JSON.stringify(kind)}).`);
  }
  if (kind === 'cidr' && !isRange) {
    throw new Error(`${shown} is not an address range; a range needs a prefix length, like 203.0.113.0/24 or 2001:db8::/32.`);
  }
  if ((kind === 'ipv4' || kind === 'ipv6') && isRange) {
    throw new Error(`${shown} is a range, not a single ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} address; give it the kind "cidr".`);
  }

  if (isRange) {
    const [addrText = '', lenText = ''] = text.split('/');
    const v4 = !addrText.includes(':');
    const valid = /^\d{1,3}$/.test(lenText) && (v4 ? ipaddr.IPv4.isValidCIDRFourPartDecimal(text) : ipaddr.IPv6.isValidCIDR(text));
    if (!valid) {
      throw new Error(`${shown} is not an address range; write it like 203.0.113.0/24 or 2001:db8::/32.`);
    }
    const [addr, len] = ipaddr.parseCIDR(text);
    const network = v4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
    const canon = (a: ipaddr.IPv4 | ipaddr.IPv6): string => (a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString());
    if (canon(network) !== canon(addr)) {
      throw new Error(`${shown} has bits set after the prefix; the range it names starts at ${canon(network)}/${len}.`);
    }
    return { type: v4 ? 'ipv4-addr' : 'ipv6-addr', value: `${canon(network)}/${len}`, range: true };
  }

  const v4 = !text.includes(':');
  const valid = v4 ? ipaddr.IPv4.isValidFourPartDecimal(text) : ipaddr.IPv6.isValid(text) && !text.includes('%');
  if (!valid) {
    throw new Error(`${shown} is not an IP address; indicators take IPv4 or IPv6 addresses and ranges like 203.0.113.0/24.`);
  }
  const parsed = ipaddr.parse(text);
  let result: ParsedTarget;
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    result = v6.isIPv4MappedAddress() && kind !== 'ipv6'
      ? { type: 'ipv4-addr', value: v6.toIPv4Address().toString(), range: false }
      : { type: 'ipv6-addr', value: v6.toRFC5952String(), range: false };
  } else {
    result = { type: 'ipv4-addr', value: parsed.toString(), range: false };
  }
  if (kind === 'ipv4' && result.type !== 'ipv4-addr') throw new Error(`${shown} is an IPv6 address, not IPv4.`);
  if (kind === 'ipv6' && result.type !== 'ipv6-addr') throw new Error(`${shown} is an IPv4 address, not IPv6.`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON, UUIDv5 and SHA-1

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/**
 * RFC 8785 (JCS) canonical JSON for the values we hash: object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does (JCS defines
 * them that way).
 */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Canonical JSON has no NaN or Infinity.');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: Json) => canonicalJson(v)).join(',')}]`;
  const obj = value as { readonly [key: string]: Json };
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k] as Json)}`).join(',')}}`;
}

/** An RFC 4122 / RFC 9562 version-5 (SHA-1, name-based) UUID of `name` (UTF-8) in `namespace`. */
export function uuidv5(namespace: string, name: string): string {
  const hex = namespace.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`"${namespace}" is not a UUID.`);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const b = sha1(input).subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** SHA-1 (FIPS 180-4) of a byte array: 20 bytes. Used only for UUIDv5, never for security. */
export function sha1(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8;
  // Message, a 0x80 byte, zero padding, then the 64-bit big-endian bit length; a multiple of 64.
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => ov.setUint32(i * 4, h));
  return out;
}
