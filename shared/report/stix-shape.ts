import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * The shape of the STIX 2.1 bundles Tidemark writes, as a zod schema: the rules of the STIX 2.1
 * specification (and the OASIS cti-stix2-json-schemas) for the object types we emit, so a test
 * or an importer can check a bundle without a network or a Python toolchain.
 *
 * It is deliberately strict where the specification is and where our output is narrower:
 * - objects are closed (no properties beyond the ones listed), so a typo in the writer fails;
 * - `spec_version: '2.1'` is required on every object, SCOs included (STIX makes it optional
 *   there; we always write it), and is absent from the bundle (STIX 2.1 bundles have none);
 * - ids are `type--UUID`, the prefix matching the object's own type, the UUID RFC 4122 shaped;
 * - `created` and `modified` carry millisecond precision, as STIX 2.1 requires, and modified is
 *   not before created; other timestamps may have any fraction;
 * - every `*_ref` names an object in the same bundle, and ids are unique in it.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';

/** Any STIX identifier: `object-type--UUID`. */
export const stixIdentifier = z.string().regex(new RegExp(`^[a-z][a-z0-9-]+[a-z0-9]--${UUID}$`), 'not a STIX identifier (type--UUID)');

/** An identifier of one given object type. */
const idOf = (type: string) =>
  z.string().regex(new RegExp(`^${type.replaceAll('-', '\\-')}--${UUID}$`), `not an identifier of a ${type} (${type}--UUID)`);

const isRealTime = (s: string): boolean => {
  const t = Date.parse(s);
  // Date.parse accepts 2026-02-30 on some engines by rolling over; the round trip catches that.
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 19) === s.slice(0, 19);
};

/** A STIX timestamp: RFC 3339 in UTC with a literal Z, optional fraction of a second. */
export const stixTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'not a STIX timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z)')
  .refine(isRealTime, 'not a real date and time');

/** created and modified: a STIX timestamp precise to the millisecond. */
export const stixTimestampMillis = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'not a millisecond STIX timestamp (YYYY-MM-DDTHH:mm:ss.sssZ)')
  .refine(isRealTime, 'not a real date and time');

/** A reference a relationship may hold: not to a relationship, sighting, bundle or marking. */
const relationshipEnd = stixIdentifier.refine(
  (s) => !/^(relationship|sighting|bundle|marking-definition|language-content)--/.test(s),
  'a relationship cannot point at this kind of object',
);

/** The common properties of SDOs and SROs (STIX 2.1 §3.2) with their required ones. */
const sdoCommon = {
  spec_version: z.literal('2.1'),
  created: stixTimestampMillis,
  modified: stixTimestampMillis,
  created_by_ref: idOf('identity').optional(),
  revoked: z.boolean().optional(),
  labels: z.array(z.string()).min(1).optional(),
  confidence: z.number().int().min(0).max(100).optional(),
  lang: z.string().optional(),
  object_marking_refs: z.array(idOf('marking-definition')).min(1).optional(),
};

export const stixIdentitySchema = z.strictObject({
  type: z.literal('identity'),
  id: idOf('identity'),
  ...sdoCommon,
  name: z.string().min(1),
  description: z.string().optional(),
  roles: z.array(z.string()).min(1).optional(),
  // An open vocabulary (identity-class-ov); these are its listed values.
  identity_class: z.enum(['individual', 'group', 'system', 'organization', 'class', 'unknown']).optional(),
  sectors: z.array(z.string()).min(1).optional(),
  contact_information: z.string().optional(),
});

export const stixIndicatorSchema = z
  .strictObject({
    type: z.literal('indicator'),
    id: idOf('indicator'),
    ...sdoCommon,
    name: z.string().optional(),
    description: z.string().optional(),
    // indicator-type-ov
    indicator_types: z
      .array(z.enum(['anomalous-activity', 'anonymization', 'benign', 'compromised', 'malicious-activity', 'attribution', 'unknown']))
      .min(1)
      .optional(),
    pattern: z.string().min(1),
    // pattern-type-ov
    pattern_type: z.enum(['stix', 'pcre', 'sigma', 'snort', 'suricata', 'yara']),
    pattern_version: z.string().optional(),
    valid_from: stixTimestamp,
    valid_until: stixTimestamp.optional(),
  })
  .refine((o) => o.valid_until === undefined || Date.parse(o.valid_until) > Date.parse(o.valid_from), {
    message: 'valid_until must be later than valid_from',
    path: ['valid_until'],
  });

export const stixRelationshipSchema = z.strictObject({
  type: z.literal('relationship'),
  id: idOf('relationship'),
  ...sdoCommon,
  relationship_type: z.string().regex(/^[a-z0-9-]+$/, 'relationship_type is lower-case words joined by hyphens'),
  description: z.string().optional(),
  source_ref: relationshipEnd,
  target_ref: relationshipEnd,
  start_time: stixTimestamp.optional(),
  stop_time: stixTimestamp.optional(),
});

const scoCommon = {
  spec_version: z.literal('2.1'),
  object_marking_refs: z.array(idOf('marking-definition')).min(1).optional(),
  defanged: z.boolean().optional(),
};

/** An address or a CIDR block of the given family, as ipv4-addr / ipv6-addr `value` allows. */
const addressValue = (family: 'ipv4' | 'ipv6') =>
  z.string().refine((s) => {
    if (s.includes('/')) return family === 'ipv4' ? ipaddr.IPv4.isValidCIDRFourPartDecimal(s) : ipaddr.IPv6.isValidCIDR(s);
    return family === 'ipv4' ? ipaddr.IPv4.isValidFourPartDecimal(s) : ipaddr.IPv6.isValid(s);
  }, `not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address or CIDR block`);

export const stixIpv4AddrSchema = z.strictObject({
  type: z.literal('ipv4-addr'),
  id: idOf('ipv4-addr'),
  ...scoCommon,
  value: addressValue('ipv4'),
  resolves_to_refs: z.array(idOf('mac-addr')).min(1).optional(),
  belongs_to_refs: z.array(idOf('autonomous-system')).min(1).optional(),
});

export const stixIpv6AddrSchema = z.strictObject({
  type: z.literal('ipv6-addr'),
  id: idOf('ipv6-addr'),
  ...scoCommon,
  value: addressValue('ipv6'),
  resolves_to_refs: z.array(idOf('mac-addr')).min(1).optional(),
  belongs_to_refs: z.array(idOf('autonomous-system')).min(1).optional(),
});

export const stixObjectSchema = z.discriminatedUnion('type', [
  stixIdentitySchema,
  stixIndicatorSchema,
  stixRelationshipSchema,
  stixIpv4AddrSchema,
  stixIpv6AddrSchema,
]);

/** Every `*_ref` / `*_refs` value of an object, with the property it came from. */
function refsOf(o: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, v] of Object.entries(o)) {
    if (key.endsWith('_ref') && typeof v === 'string') out.push([key, v]);
    if (key.endsWith('_refs') && Array.isArray(v)) for (const r of v) if (typeof r === 'string') out.push([key, r]);
  }
  return out;
}

export const stixBundleSchema = z
  .strictObject({
    type: z.literal('bundle'),
    id: idOf('bundle'),
    objects: z.array(stixObjectSchema),
  })
  .superRefine((bundle, ctx) => {
    const ids = new Set<string>();
    bundle.objects.forEach((o, i) => {
      if (ids.has(o.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${o.id}`, path: ['objects', i, 'id'] });
      ids.add(o.id);
      if ('created' in o && Date.parse(o.modified) < Date.parse(o.created)) {
        ctx.addIssue({ code: 'custom', message: 'modified is before created', path: ['objects', i, 'modified'] });
      }
    });
    bundle.objects.forEach((o, i) => {
      for (const [key, ref] of refsOf(o)) {
        if (!ids.has(ref)) ctx.addIssue({ code: 'custom', message: `${key} ${ref} is not in the bundle`, path: ['objects', i, key] });
      }
    });
  });

export type StixBundleShape = z.infer<typeof stixBundleSchema>;
