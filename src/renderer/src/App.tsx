import { useEffect } from 'react';
import { useConnectionState } from './api/useConnectionState';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Navigation } from './components/Navigation';
import { StatusBar } from './components/StatusBar';
import { ThemePicker } from './components/ThemePicker';
import { useEffectiveTheme } from './components/useEffectiveTheme';
import { CurrentPage } from './pages/CurrentPage';
import { PAGE_TITLES } from './pages/pageIds';
import { useAppStore, useSettings } from './stores/appStore';
import { useCurrentPage } from './stores/uiStore';

export function App() {
  const start = useAppStore((s) => s.start);
  const settings = useSettings();
  const theme = useEffectiveTheme(settings.data?.theme ?? 'system');
  const page = useCurrentPage();
  const connection = useConnectionState();
  const offline = connection === 'lost' || connection === 'stale-token';

  useEffect(() => start(), [start]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.title = `${PAGE_TITLES[page]} · Evalbench`;
  }, [page]);

  return (
    <div className="app-shell">
      <header className="app-header">
        <span className="brand">
          <img src="./icon.svg" alt="" width={22} height={22} />
          Evalbench
        </span>
        <ThemePicker />
      </header>
      <Navigation />
      <main className="page" key={page}>
        <ConnectionBanner state={connection} />
        {/* A disabled fieldset disables every button and field of the page at once: none of them works without the host. */}
        <fieldset
          className="page-content"
          disabled={offline}
          aria-label={offline ? 'Page (disabled while the host cannot be reached)' : undefined}
        >
          <CurrentPage />
        </fieldset>
      </main>
      <StatusBar />
    </div>
  );
}
