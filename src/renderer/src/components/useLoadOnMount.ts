import { useEffect } from 'react';

/** Loads a page's data from main each time the page is shown, so it never shows a stale copy. */
export function useLoadOnMount(...loaders: (() => Promise<void>)[]): void {
  useEffect(() => {
    for (const load of loaders) void load();
    // Loaders are stable store actions.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
