import { useEffect } from 'react';
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
        <CurrentPage />
      </main>
      <StatusBar />
    </div>
  );
}
