/** Display helpers. Stored times are UTC epoch ms; display converts, storage never does. */

const nf = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return nf.format(n);
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

export function formatTime(ms: number | undefined, timeZone = 'UTC'): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  if (timeZone === 'UTC') return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
  return `${d.toLocaleString('sv-SE', { timeZone })} ${zoneAbbreviation(d, timeZone)}`;
}

/** "CET", "GMT+1"… as the zone names itself at that instant; the IANA name when it has none. */
function zoneAbbreviation(d: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export function formatRange(min: number | undefined, max: number | undefined, timeZone = 'UTC'): string {
  if (min === undefined || max === undefined) return '—';
  return `${formatTime(min, timeZone)} → ${formatTime(max, timeZone)}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return s === 0 ? `${m} min` : `${m} min ${s} s`;
  if (m % 60 === 0 && s === 0) return m % 1440 === 0 ? `${m / 1440} d` : `${m / 60} h`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
