import type { EventKind } from '../../../shared/model/event';

/**
 * Chart colours readable on both themes (SVG fills cannot take the CSS theme variables as
 * attributes, so the palette is mid-tone by design).
 */
export const KIND_COLORS: Record<EventKind, string> = {
  http: '#3b82f6',
  flow: '#22a06b',
  dns: '#a855f7',
  auth: '#e2a400',
  audit: '#0ea5b7',
  alert: '#e5484d',
  other: '#8b95a5',
};

/** Series colours for destinations, in rank order; the last is "other". */
export const SERIES_COLORS = ['#e5484d', '#3b82f6', '#e2a400', '#22a06b', '#a855f7', '#8b95a5'];
