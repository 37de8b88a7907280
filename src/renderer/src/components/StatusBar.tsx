import { useAppInfo } from '../stores/appStore';

/** Bottom line: which host the UI talks to and where the data lives. */
export function StatusBar() {
  const info = useAppInfo();
  return (
    <footer className="status-bar" aria-label="Status">
      {info.data !== null ? (
        <>
          <span>
            {info.data.name} {info.data.version}
          </span>
          <span>{info.data.host === 'electron' ? 'Desktop app' : 'Browser (evalbench serve)'}</span>
          <span title="Data folder">Data: {info.data.dataDir}</span>
        </>
      ) : info.status === 'error' ? (
        <span>Not connected: {info.error?.message}</span>
      ) : (
        <span>Connecting…</span>
      )}
    </footer>
  );
}
