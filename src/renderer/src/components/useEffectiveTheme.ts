import { useSyncExternalStore } from 'react';
import type { ThemePreference } from '../../../shared/api';

const QUERY = '(prefers-color-scheme: dark)';

/**
 * The OS scheme as the last change event said it. A change event's own `matches` is the value
 * that changed; a fresh `matchMedia(...)` read inside the handler has come back stale in Chromium
 * (CI: the event for light arrived, the new list still said dark, and the app stayed dark).
 */
let systemDark: boolean | null = null;
/** Hooks listening now; with none, nothing keeps `systemDark` fresh, so it is forgotten. */
let listening = 0;

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  systemDark ??= media.matches;
  listening += 1;
  const listener = (event: MediaQueryListEvent): void => {
    systemDark = event.matches;
    onChange();
  };
  media.addEventListener('change', listener);
  return () => {
    media.removeEventListener('change', listener);
    listening -= 1;
    if (listening === 0) systemDark = null;
  };
}

function isSystemDark(): boolean {
  return systemDark ?? window.matchMedia(QUERY).matches;
}

/** The theme actually shown: the user's choice, or the OS's when they chose `system`. */
export function useEffectiveTheme(preference: ThemePreference): 'light' | 'dark' {
  const dark = useSyncExternalStore(subscribe, isSystemDark);
  if (preference === 'system') return dark ? 'dark' : 'light';
  return preference;
}
