/** Every log format Tidemark can parse. `unknown` entries are kept as evidence but not parsed. */
export const FORMAT_IDS = [
  'access-combined',
  'access-common',
  'vpc-flow',
  'zeek-conn',
  'zeek-http',
  'csv',
  'ndjson',
  'json-array',
  'unknown',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** The user's choice of which column or JSON field feeds each event field. */
export type FieldMapping = Partial<Record<MappableField, string>>;
export const MAPPABLE_FIELDS = [
  'ts', 'src', 'srcPort', 'dst', 'dstPort', 'proto', 'action', 'origBytes', 'respBytes',
  'method', 'host', 'url', 'status', 'ua', 'user', 'actor', 'operation', 'resource', 'message', 'kind',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
