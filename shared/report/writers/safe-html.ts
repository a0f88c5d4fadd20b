/**
 * A tiny auto-escaping HTML builder for the report writers: every interpolated string is
 * escaped unless it is already `SafeHtml`, so forgetting to escape is not possible by accident.
 */

import { escapeHtml } from '../template';
import { visibleControls } from './format';

/** Markup that is already safe to insert (built by `html`, or trusted constant text via `trusted`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlPart = SafeHtml | string | number | boolean | null | undefined | readonly HtmlPart[];

/** Escapes untrusted text for HTML text and attribute values (control characters made visible). */
export function esc(s: string): string {
  return escapeHtml(visibleControls(s));
}

function part(v: HtmlPart): string {
  if (v instanceof SafeHtml) return v.value;
  if (v === null || v === undefined || v === false || v === true) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return esc(v);
  return v.map(part).join('');
}

/** Tagged template: literal parts are markup, interpolated values are escaped (arrays joined). */
export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += part(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks markup produced by code we trust (the SVG writers, which escape their own text). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins parts with a separator that is itself markup. */
export function join(parts: readonly HtmlPart[], separator: SafeHtml | string = ''): SafeHtml {
  const sep = separator instanceof SafeHtml ? separator.value : esc(separator);
  return new SafeHtml(parts.map(part).join(sep));
}
