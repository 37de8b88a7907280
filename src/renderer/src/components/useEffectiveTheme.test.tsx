import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEffectiveTheme } from './useEffectiveTheme';

/** A matchMedia whose new lists report `stale` while change events carry the real value. */
function staleMatchMedia(stale: { dark: boolean }) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  const matchMedia = (query: string) => ({
    media: query,
    get matches() {
      return stale.dark;
    },
    addEventListener: (_type: string, l: (event: MediaQueryListEvent) => void) => listeners.add(l),
    removeEventListener: (_type: string, l: (event: MediaQueryListEvent) => void) => listeners.delete(l),
  });
  const change = (dark: boolean): void => {
    for (const l of [...listeners]) l({ matches: dark } as MediaQueryListEvent);
  };
  return { matchMedia, change };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('useEffectiveTheme', () => {
  it('follows the OS scheme by the change event’s own value, even when a fresh query still reads the old one', () => {
    const stale = { dark: false };
    const media = staleMatchMedia(stale);
    vi.stubGlobal('matchMedia', media.matchMedia);
    const { result } = renderHook(() => useEffectiveTheme('system'));
    expect(result.current).toBe('light');
    act(() => media.change(true));
    expect(result.current).toBe('dark');
    // Chromium once kept answering "dark" to new queries after the event for light.
    stale.dark = true;
    act(() => media.change(false));
    expect(result.current).toBe('light');
  });

  it('shows the user’s own choice whatever the OS says', () => {
    vi.stubGlobal('matchMedia', staleMatchMedia({ dark: true }).matchMedia);
    expect(renderHook(() => useEffectiveTheme('light')).result.current).toBe('light');
  });
});
