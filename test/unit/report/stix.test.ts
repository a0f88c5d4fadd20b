import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  STIX_SCO_NAMESPACE,
  canonicalJson,
  sha1,
  stixBundle,
  stixJson,
  stixStringLiteral,
  stixTimestamp,
  uuidv5,
  type StixBundle,
  type StixIndicator,
  type StixObject,
} from '../../../shared/report/stix';
import { stixBundleSchema } from '../../../shared/report/stix-shape';

/** UUIDv5 computed independently, with Node's own SHA-1. */
function nodeUuidv5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(Buffer.from(name, 'utf8'))
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const T0 = Date.UTC(2026, 2, 12, 14, 3, 11, 123);
const of = <T extends StixObject['type']>(b: StixBundle, type: T) => b.objects.filter((o): o is Extract<StixObject, { type: T }> => o.type === type);

function expectValid(bundle: StixBundle): void {
  const r = stixBundleSchema.safeParse(bundle);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues, null, 2));
  // What goes to disk must validate just the same.
  expect(stixBundleSchema.safeParse(JSON.parse(stixJson(bundle))).success).toBe(true);
}

describe('SHA-1 and UUIDv5', () => {
  test('sha1 matches Node for lengths around the padding boundaries', () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(Buffer.from(sha1(bytes)).toString('hex'), `length ${n}`).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
  });

  test('uuidv5 matches an independent computation, unicode names included', () => {
    for (const name of ['', 'x', '{"value":"198.51.100.3"}', 'Zoë 陈伟 🚀']) {
      expect(uuidv5(STIX_SCO_NAMESPACE, name)).toBe(nodeUuidv5(STIX_SCO_NAMESPACE, name));
    }
    // RFC 4122 DNS namespace, "python.org": a widely published value.
    expect(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  test('canonical JSON sorts keys and has no whitespace', () => {
    expect(canonicalJson({ value: '198.51.100.3' })).toBe('{"value":"198.51.100.3"}');
    expect(canonicalJson({ b: 1, a: [true, null, 'x"y'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x\\"y"],"b":1,"c":{"y":2,"z":1}}');
  });
});

describe('stixBundle', () => {
  test('an IPv4 indicator: the bundle validates and has the expected objects', () => {
    const bundle = stixBundle({
      caseName: 'Harbour breach',
      createdAt: T0,
      indicators: [{ address: '198.51.100.3', label: 'C2 server', firstSeen: Date.UTC(2026, 2, 1, 2, 0), lastSeen: Date.UTC(2026, 2, 3) }],
    });
    expectValid(bundle);
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    expect(bundle.objects.map((o) => o.type)).toEqual(['identity', 'ipv4-addr', 'indicator', 'relationship']);

    const [identity] = of(bundle, 'identity');
    expect(identity).toMatchObject({ name: 'Tidemark', identity_class: 'system', created: '2026-03-12T14:03:11.123Z' });

    const [sco] = of(bundle, 'ipv4-addr');
    // STIX 2.1 §2.9: UUIDv5, SCO namespace, canonical JSON of the id-contributing property.
    expect(sco!.id).toBe(`ipv4-addr--${nodeUuidv5(STIX_SCO_NAMESPACE, '{"value":"198.51.100.3"}')}`);
    // The value the STIX 2.1 specification itself shows for this address.
    expect(sco!.id).toBe('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    expect(sco!.value).toBe('198.51.100.3');

    const [indicator] = of(bundle, 'indicator');
    expect(indicator).toMatchObject({
      spec_version: '2.1',
      created: '2026-03-12T14:03:11.123Z',
      modified: '2026-03-12T14:03:11.123Z',
      name: '198.51.100.3 (C2 server)',
      indicator_types: ['malicious-activity'],
      pattern: "[ipv4-addr:value = '198.51.100.3']",
      pattern_type: 'stix',
      valid_from: '2026-03-01T02:00:00.000Z',
      created_by_ref: identity!.id,
    });
    expect(indicator!.description).toContain('First seen 2026-03-01T02:00:00.000Z, last seen 2026-03-03T00:00:00.000Z.');
    expect(indicator!.description).toContain('Harbour breach');

    const [rel] = of(bundle, 'relationship');
    expect(rel).toMatchObject({ relationship_type: 'based-on', source_ref: indicator!.id, target_ref: sco!.id, created_by_ref: identity!.id });
  });

  test('valid_from falls back to createdAt; the producer can be an organisation', () => {
    const bundle = stixBundle({ caseName: 'c', createdAt: T0, identityName: 'Example Ltd CSIRT', indicators: [{ address: '203.0.113.7' }] });
    expectValid(bundle);
    expect(of(bundle, 'indicator')[0]!.valid_from).toBe('2026-03-12T14:03:11.123Z');
    expect(of(bundle, 'identity')[0]).toMatchObject({ name: 'Example Ltd CSIRT', identity_class: 'organization' });
  });

  test('IPv6: canonical RFC 5952 text, the ipv6-addr type and the id every tool derives', () => {
    const bundle = stixBundle({ caseName: 'c', createdAt: T0, indicators: [{ address: '2001:0DB8:0000:0000:0000:0000:0000:0001' }] });
    expectValid(bundle);
    const [sco] = of(bundle, 'ipv6-addr');
    expect(sco!.value).toBe('2001:db8::1');
    expect(sco!.id).toBe(`ipv6-addr--${nodeUuidv5(STIX_SCO_NAMESPACE, '{"value":"2001:db8::1"}')}`);
    expect(sco!.id).toBe('ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26');
    expect(of(bundle, 'indicator')[0]!.pattern).toBe("[ipv6-addr:value = '2001:db8::1']");
  });

  test('IPv4-mapped IPv6 is the IPv4 address, as everywhere in Tidemark', () => {
    const bundle = stixBundle({ caseName: 'c', createdAt: T0, indicators: [{ address: '::ffff:198.51.100.3' }] });
    expect(of(bundle, 'ipv4-addr')[0]!.id).toBe('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
  });

  test('CIDR ranges match with ISSUBSET, both families', () => {
    const bundle = stixBundle({
      caseName: 'c',
      createdAt: T0,
      indicators: [{ address: '10.0.0.0/8', kind: 'cidr' }, { address: '2001:DB8::/32' }],
    });
    expectValid(bundle);
    const patterns = of(bundle, 'indicator').map((i) => i.pattern);
    expect(patterns).toEqual(["[ipv4-addr:value ISSUBSET '10.0.0.0/8']", "[ipv6-addr:value ISSUBSET '2001:db8::/32']"]);
    expect(of(bundle, 'ipv4-addr')[0]!.value).toBe('10.0.0.0/8');
    expect(of(bundle, 'ipv6-addr')[0]!.value).toBe('2001:db8::/32');
    expect(of(bundle, 'indicator')[0]!.name).toBe('Address range 10.0.0.0/8');
  });

  test('hostile label and note stay data: JSON-escaped, never pattern or structure', () => {
    const label = `evil' ] OR [file:name = 'x"}`;
    const note = `</script><script>alert(1)</script>\n"objects": [], \\ '); DROP TABLE --\u0000\u2028`;
    const bundle = stixBundle({ caseName: `Case "quoted" \\ '`, createdAt: T0, indicators: [{ address: '203.0.113.9', label, note }] });
    expectValid(bundle);
    const [ind] = of(bundle, 'indicator') as StixIndicator[];
    expect(ind!.pattern).toBe("[ipv4-addr:value = '203.0.113.9']");
    expect(ind!.name).toBe(`203.0.113.9 (${label})`);
    expect(ind!.description.startsWith(note.trim())).toBe(true);
    const json = stixJson(bundle);
    const back = JSON.parse(json) as StixBundle;
    expect(back).toEqual(bundle);
    expect(back.objects).toHaveLength(4);
    expect(json).not.toContain('\u0000');
  });

  test('pattern string literals escape backslash and quote', () => {
    expect(stixStringLiteral("it's")).toBe("'it\\'s'");
    expect(stixStringLiteral('a\\b')).toBe("'a\\\\b'");
    expect(stixStringLiteral("\\'")).toBe("'\\\\\\''");
  });

  test('deterministic: same input, byte-identical output; different content, different ids', () => {
    const input = { caseName: 'Harbour', createdAt: T0, indicators: [{ address: '203.0.113.7' }, { address: '198.51.100.0/24' }] };
    expect(stixJson(stixBundle(input))).toBe(stixJson(stixBundle(structuredClone(input))));
    const a = stixBundle(input);
    const b = stixBundle({ ...input, caseName: 'Other case' });
    const c = stixBundle({ ...input, createdAt: T0 + 1 });
    expect(of(b, 'indicator')[0]!.id).not.toBe(of(a, 'indicator')[0]!.id);
    expect(of(c, 'indicator')[0]!.id).not.toBe(of(a, 'indicator')[0]!.id);
    expect(b.id).not.toBe(a.id);
    // Observables are identified by their value alone, across cases.
    expect(of(b, 'ipv4-addr')[0]!.id).toBe(of(a, 'ipv4-addr')[0]!.id);
  });

  test('one observable per address even when two indicators share it; exact repeats collapse', () => {
    const bundle = stixBundle({
      caseName: 'c',
      createdAt: T0,
      indicators: [{ address: '203.0.113.7', label: 'scanner' }, { address: '203.0.113.7', label: 'exfil' }, { address: '203.0.113.7', label: 'exfil' }],
    });
    expectValid(bundle);
    expect(of(bundle, 'ipv4-addr')).toHaveLength(1);
    expect(of(bundle, 'indicator')).toHaveLength(2);
    expect(of(bundle, 'relationship')).toHaveLength(2);
  });

  test('an empty list is still a valid bundle (just the producer)', () => {
    const bundle = stixBundle({ caseName: 'c', createdAt: T0, indicators: [] });
    expectValid(bundle);
    expect(bundle.objects.map((o) => o.type)).toEqual(['identity']);
  });

  test.each([
    ['example.com', /not an IP address/],
    ['', /not an IP address/],
    ['203.0.113', /not an IP address/],
    ['203.0.113.256', /not an IP address/],
    ['010.0.0.1', /not an IP address/],
    ['0x7f.1', /not an IP address/],
    ['fe80::1%eth0', /not an IP address/],
    ['203.0.113.7; rm -rf ~', /not an IP address/],
    ['203.0.113.7/24; rm -rf /', /not an address range/],
    ["1.2.3.4' ] OR [x:y = '", /not an IP address/],
    ['10.0.0.0/33', /not an address range/],
    ['10.0.0.0/x', /not an address range/],
    ['10.1.2.3/8', /bits set after the prefix.*10\.0\.0\.0\/8/],
  ])('rejects %j', (address, message) => {
    expect(() => stixBundle({ caseName: 'c', createdAt: T0, indicators: [{ address }] })).toThrow(message);
  });

  test('rejects a kind that does not fit the address', () => {
    const run = (address: string, kind: 'ipv4' | 'ipv6' | 'cidr') => () => stixBundle({ caseName: 'c', createdAt: T0, indicators: [{ address, kind }] });
    expect(run('203.0.113.7', 'cidr')).toThrow(/needs a prefix length/);
    expect(run('10.0.0.0/8', 'ipv4')).toThrow(/is a range/);
    expect(run('2001:db8::1', 'ipv4')).toThrow(/IPv6 address, not IPv4/);
    expect(run('203.0.113.7', 'ipv6')).toThrow(/IPv4 address, not IPv6/);
    expect(run('203.0.113.7', 'domain' as never)).toThrow(/kind must be/);
  });

  test('rejects unusable times', () => {
    expect(() => stixBundle({ caseName: 'c', createdAt: Number.NaN, indicators: [] })).toThrow(/createdAt is not a time/);
    expect(() => stixTimestamp(8.64e15 + 1)).toThrow();
    expect(() => stixTimestamp(Date.UTC(10000, 0, 1))).toThrow(/0000 to 9999/);
    expect(() =>
      stixBundle({ caseName: 'c', createdAt: T0, indicators: [{ address: '203.0.113.7', firstSeen: T0, lastSeen: T0 - 1 }] }),
    ).toThrow(/lastSeen .* is before firstSeen/);
  });
});

describe('the STIX shape schema catches what it should', () => {
  const good = () => stixBundle({ caseName: 'c', createdAt: T0, indicators: [{ address: '203.0.113.7' }] });
  const fails = (mutate: (b: Record<string, unknown> & { objects: Array<Record<string, unknown>> }) => void) => {
    const b = JSON.parse(stixJson(good())) as Record<string, unknown> & { objects: Array<Record<string, unknown>> };
    mutate(b);
    return !stixBundleSchema.safeParse(b).success;
  };

  test('each rule', () => {
    expect(fails(() => {})).toBe(false);
    expect(fails((b) => delete b.objects[2]!.pattern)).toBe(true);
    expect(fails((b) => delete b.objects[2]!.valid_from)).toBe(true);
    expect(fails((b) => delete b.objects[2]!.pattern_type)).toBe(true);
    expect(fails((b) => delete b.objects[2]!.modified)).toBe(true);
    expect(fails((b) => delete b.objects[3]!.target_ref)).toBe(true);
    expect(fails((b) => delete b.objects[0]!.name)).toBe(true);
    expect(fails((b) => delete b.objects[1]!.value)).toBe(true);
    expect(fails((b) => (b.objects[2]!.spec_version = '2.0'))).toBe(true);
    expect(fails((b) => (b.objects[2]!.created = '2026-03-12T14:03:11Z'))).toBe(true); // created needs milliseconds
    expect(fails((b) => (b.objects[2]!.valid_from = '2026-03-12 14:03:11Z'))).toBe(true);
    expect(fails((b) => (b.objects[2]!.id = String(b.objects[2]!.id).replace('indicator--', 'malware--')))).toBe(true);
    expect(fails((b) => (b.objects[3]!.target_ref = 'ipv4-addr--00000000-0000-4000-8000-000000000000'))).toBe(true); // not in bundle
    expect(fails((b) => (b.objects[1]!.value = 'example.com'))).toBe(true);
    expect(fails((b) => (b.objects[2]!.x_extra = 1))).toBe(true);
    expect(fails((b) => (b.spec_version = '2.1'))).toBe(true);
    expect(fails((b) => b.objects.push(b.objects[1]!))).toBe(true); // duplicate id
  });
});
