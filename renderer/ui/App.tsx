import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { registry } from '../db/cases';
import { Home } from './Home';
import { CaseView, CASE_TABS, type CaseTab } from './CaseView';
import { ThemeToggle } from './ThemeToggle';

type Route = { page: 'home' } | { page: 'case'; caseId: string; tab: CaseTab };

/** The route lives in the URL hash so a reload comes back to the same case and tab. */
function parseRoute(hash: string): Route {
  const m = /^#\/case\/([A-Za-z0-9_-]+)(?:\/([a-z]+))?/.exec(hash);
  if (!m) return { page: 'home' };
  const tab = (CASE_TABS as readonly string[]).includes(m[2] ?? '') ? (m[2] as CaseTab) : 'evidence';
  return { page: 'case', caseId: m[1]!, tab };
}

export function navigate(route: Route): void {
  window.location.hash = route.page === 'home' ? '#/' : `#/case/${route.caseId}/${route.tab}`;
}

export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const caseRecord = useLiveQuery(
    () => (route.page === 'case' ? registry.cases.get(route.caseId) : undefined),
    [route.page === 'case' ? route.caseId : ''],
  );

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/" aria-label="Tidemark home">
          <span className="brand-mark" aria-hidden="true">≋</span> Tidemark
        </a>
        {route.page === 'case' && caseRecord && (
          <nav className="crumbs" aria-label="Breadcrumb">
            <a href="#/">Cases</a> <span aria-hidden="true">/</span> <span data-testid="case-name">{caseRecord.name}</span>
          </nav>
        )}
        <div className="topbar-right">
          <ThemeToggle />
        </div>
      </header>
      <main className="content">
        {route.page === 'home' && <Home />}
        {route.page === 'case' && (
          <CaseView
            caseId={route.caseId}
            tab={route.tab}
            onTab={(tab) => navigate({ page: 'case', caseId: route.caseId, tab })}
          />
        )}
      </main>
    </div>
  );
}
