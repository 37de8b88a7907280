import { useSyncExternalStore } from 'react';
import type { ThemePreference } from '../../../shared/api';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** The theme actually shown: the user's choice, or the OS's when they chose `system`. */
export function useEffectiveTheme(preference: ThemePreference): 'light' | 'dark' {
  const systemDark = useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}
