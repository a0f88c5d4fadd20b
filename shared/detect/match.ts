/**
 * Run the detection rules over request fields. Callers are expected to call this once per
 * distinct string (a case can hold millions of events but far fewer distinct URLs and user
 * agents) and cache by string.
 */
import { decodeForMatching } from './normalize';
import {
  RULES, passesPrefilter, type DetectionCategory, type DetectionField, type DetectionRule,
  type DetectionSeverity,
} from './rules';

export { DETECTION_CATEGORIES, RULES, categoryLabel, ruleById } from './rules';

/** Longest `matched` excerpt kept on a hit. */
export const MAX_MATCHED_LENGTH = 120;

export interface DetectionHit {
  ruleId: string;
  name: string;
  category: DetectionCategory;
  severity: DetectionSeverity;
  field: DetectionField;
  /** The matched substring of the decoded text, at most MAX_MATCHED_LENGTH characters. */
  matched: string;
}

/** The fields of an event the HTTP detections read. */
export interface HttpDetectionInput {
  url?: string;
  ua?: string;
  /** Leftover columns; the referer is read from `referer` (access logs) or `referrer` (Zeek). */
  fields?: Record<string, string>;
}

function assertUsable(rule: DetectionRule): DetectionRule {
  // A global or sticky regex keeps state in lastIndex between calls: refuse it at load time.
  if (rule.pattern.global || rule.pattern.sticky) throw new Error(`detection rule ${rule.id}: pattern must not use the g or y flag`);
  return rule;
}

const RULES_FOR: Readonly<Record<DetectionField, readonly DetectionRule[]>> = {
  url: RULES.filter((r) => r.fields.includes('url')).map(assertUsable),
  ua: RULES.filter((r) => r.fields.includes('ua')).map(assertUsable),
  referer: RULES.filter((r) => r.fields.includes('referer')).map(assertUsable),
};

/** Decode `text` once and run the field's rules over it; at most one hit per rule. */
export function detectInText(field: DetectionField, text: string): DetectionHit[] {
  if (text.length === 0 || text === '-') return [];
  const decoded = decodeForMatching(text);
  if (!passesPrefilter(field, decoded)) return [];
  let hits: DetectionHit[] | undefined;
  for (const rule of RULES_FOR[field]) {
    const m = rule.pattern.exec(decoded);
    if (m === null) continue;
    const matched = m[0].length > MAX_MATCHED_LENGTH ? m[0].slice(0, MAX_MATCHED_LENGTH) : m[0];
    (hits ??= []).push({
      ruleId: rule.id, name: rule.name, category: rule.category, severity: rule.severity, field, matched,
    });
  }
  return hits ?? [];
}

/** Hits for an HTTP event's URL, user agent and referer, in that order. */
export function detectHttp(ev: HttpDetectionInput): DetectionHit[] {
  const referer = ev.fields?.referer ?? ev.fields?.referrer;
  const url = ev.url ? detectInText('url', ev.url) : [];
  const ua = ev.ua ? detectInText('ua', ev.ua) : [];
  const ref = referer ? detectInText('referer', referer) : [];
  if (ua.length === 0 && ref.length === 0) return url;
  return url.concat(ua, ref);
}
