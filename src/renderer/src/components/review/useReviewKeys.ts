import { useEffect, useRef } from 'react';

/** What each review key does; the page supplies the actions. */
export interface ReviewKeyActions {
  next: () => void;
  previous: () => void;
  mark: (verdict: 'pass' | 'fail' | 'unsure') => void;
  note: () => void;
  tags: () => void;
  undo: () => void;
  help: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement)
  );
}

/**
 * Review by keyboard: j/k or the arrows move, p/f/u mark, n and t go to the note and tags,
 * z undoes, ? shows the keys. Keys typed into a field, or with Ctrl/Alt/Meta, are left alone.
 */
export function useReviewKeys(actions: ReviewKeyActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || typingIn(event.target)) return;
      // A key on a focused button (Space, Enter) is the button's; everything else is ours.
      const a = latest.current;
      const handlers: Record<string, (() => void) | undefined> = {
        j: a.next,
        ArrowDown: a.next,
        k: a.previous,
        ArrowUp: a.previous,
        p: () => a.mark('pass'),
        f: () => a.mark('fail'),
        u: () => a.mark('unsure'),
        n: a.note,
        t: a.tags,
        z: a.undo,
        '?': a.help,
      };
      const handler = handlers[event.key];
      if (handler === undefined) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
