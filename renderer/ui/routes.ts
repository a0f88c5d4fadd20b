/**
 * Where the app is, kept in the URL hash so reload, back and forward all work:
 * `#/case/<id>/<tab>[/<arg>][?key=value…]`, e.g. `#/case/c1/pivot/203.0.113.66` or
 * `#/case/c1/events?address=203.0.113.66&from=…&to=…`.
 */
export const CASE_TABS = [
  'suspects', 'events', 'pivot', 'exfil', 'checklist', 'indicators', 'notify', 'report', 'evidence', 'rejects', 'import',
] as const;
export type CaseTab = (typeof CASE_TABS)[number];

export type Route =
  | { page: 'home' }
  | { page: 'case'; caseId: string; tab: CaseTab; arg?: string; params?: Record<string, string> };

export function parseRoute(hash: string): Route {
  const m = /^#\/case\/([A-Za-z0-9_-]+)(?:\/([a-z]+))?(?:\/([^?]*))?(?:\?(.*))?$/.exec(hash);
  if (!m) return { page: 'home' };
  const tab = (CASE_TABS as readonly string[]).includes(m[2] ?? '') ? (m[2] as CaseTab) : 'evidence';
  const route: Route = { page: 'case', caseId: m[1]!, tab };
  if (m[3]) {
    try {
      route.arg = decodeURIComponent(m[3]);
    } catch {
      // A mangled argument is ignored rather than crashing the route.
    }
  }
  if (m[4]) route.params = Object.fromEntries(new URLSearchParams(m[4]));
  return route;
}

export function routeHash(route: Route): string {
  if (route.page === 'home') return '#/';
  let h = `#/case/${route.caseId}/${route.tab}`;
  if (route.arg) h += `/${encodeURIComponent(route.arg)}`;
  const params = route.params && Object.entries(route.params).filter(([, v]) => v !== '');
  if (params && params.length) h += `?${new URLSearchParams(params).toString()}`;
  return h;
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

export function caseHref(caseId: string, tab: CaseTab, arg?: string, params?: Record<string, string>): string {
  const route: Route = { page: 'case', caseId, tab };
  if (arg) route.arg = arg;
  if (params) route.params = params;
  return routeHash(route);
}
