import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { registry } from '../db/cases';
import { Home } from './Home';
import { CaseView } from './CaseView';
import { navigate, parseRoute, type Route } from './routes';
import { PrefsProvider } from './prefs';
import { PrefsMenu } from './PrefsMenu';
import { ThemeToggle } from './ThemeToggle';

export { navigate };

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
    <PrefsProvider>
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
        <div className="topbar-right row gap">
          <PrefsMenu />
          <ThemeToggle />
        </div>
      </header>
      <main className="content">
        {route.page === 'home' && <Home />}
        {route.page === 'case' && (
          <CaseView
            caseId={route.caseId}
            tab={route.tab}
            arg={route.arg}
            params={route.params}
            onTab={(tab) => navigate({ page: 'case', caseId: route.caseId, tab })}
          />
        )}
      </main>
    </div>
    </PrefsProvider>
  );
}
