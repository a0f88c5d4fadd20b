import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { formatTime } from './format';

/**
 * Display preferences of this installation: the time zone times are shown in (stored times are
 * UTC and never change) and the name recorded as "who" in the case's audit trail.
 */
export interface Prefs {
  /** 'UTC', 'local', or an IANA zone name. */
  timeZone: string;
  analyst: string;
}

const KEY = 'tidemark-prefs';
const DEFAULTS: Prefs = { timeZone: 'UTC', analyst: 'analyst' };

export function isValidZone(zone: string): boolean {
  if (zone === 'UTC' || zone === 'local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function load(): Prefs {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Record<keyof Prefs, unknown>>;
    const timeZone = typeof raw.timeZone === 'string' && isValidZone(raw.timeZone) ? raw.timeZone : DEFAULTS.timeZone;
    const analyst = typeof raw.analyst === 'string' && raw.analyst.trim() ? raw.analyst.trim().slice(0, 80) : DEFAULTS.analyst;
    return { timeZone, analyst };
  } catch {
    return { ...DEFAULTS };
  }
}

interface PrefsApi extends Prefs {
  update(change: Partial<Prefs>): void;
  /** A time in the chosen zone. */
  time(ms: number | undefined): string;
  /** The zone as a short label for column headers. */
  zoneLabel: string;
}

const PrefsContext = createContext<PrefsApi | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Prefs>(load);
  const update = useCallback((change: Partial<Prefs>) => {
    setPrefs((p) => {
      const next = { ...p, ...change };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  const api = useMemo<PrefsApi>(() => {
    const zone = prefs.timeZone === 'local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : prefs.timeZone;
    return {
      ...prefs,
      update,
      time: (ms) => formatTime(ms, zone),
      zoneLabel: zone,
    };
  }, [prefs, update]);
  return <PrefsContext.Provider value={api}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): PrefsApi {
  const p = useContext(PrefsContext);
  if (!p) throw new Error('PrefsProvider is missing');
  return p;
}

export const COMMON_ZONES = [
  'UTC', 'local', 'America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'Europe/London',
  'Europe/Berlin', 'Africa/Johannesburg', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo',
  'Australia/Sydney',
];
