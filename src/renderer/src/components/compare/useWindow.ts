import { useLayoutEffect, useState, type RefObject, type UIEvent } from 'react';

/** Rows drawn above and below the visible ones, so a quick scroll does not show blank space. */
const OVERSCAN = 4;
/**
 * The window moves in steps of this many rows: scrolling within a step changes no state, so the
 * list re-renders once every few rows instead of on every scroll event (each frame, when flicking).
 */
const STEP = 4;
/** Height assumed before the viewport could be measured (and in a DOM without layout). */
const FALLBACK_HEIGHT = 600;

export interface RowWindow {
  /** First and one-past-last row index to render. */
  start: number;
  end: number;
  /** Height of every row together, for the scroll area. */
  totalHeight: number;
  onScroll: (event: UIEvent<HTMLElement>) => void;
  /** Scrolls so that row `index` is in view (only as far as needed). */
  scrollToRow: (index: number) => void;
}

/**
 * Windowing for a list of fixed-height rows: only the rows in view (plus a few) are rendered,
 * so ten thousand rows scroll like ten. `headerHeight` is space at the top of the scroll
 * area that rows do not use (a sticky header).
 */
export function useWindow(viewport: RefObject<HTMLElement | null>, count: number, rowHeight: number, headerHeight = 0): RowWindow {
  // The first visible row, rounded down to a step: React skips the render when it stays the same.
  const [first, setFirst] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const measure = (): void => setHeight(element.clientHeight > 0 ? element.clientHeight : FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [viewport]);

  const firstAt = (scrollTop: number): number => Math.floor(Math.max(0, scrollTop - headerHeight) / rowHeight / STEP) * STEP;
  const onScroll = (event: UIEvent<HTMLElement>): void => setFirst(firstAt(event.currentTarget.scrollTop));

  const scrollToRow = (index: number): void => {
    const element = viewport.current;
    if (element === null) return;
    const top = headerHeight + index * rowHeight;
    const visible = element.clientHeight > 0 ? element.clientHeight : FALLBACK_HEIGHT;
    let next = element.scrollTop;
    if (top < next + headerHeight) next = top - headerHeight;
    else if (top + rowHeight > next + visible) next = top + rowHeight - visible;
    if (next === element.scrollTop) return;
    element.scrollTo({ top: next });
    setFirst(firstAt(next));
  };

  const start = Math.max(0, Math.min(count, first - OVERSCAN));
  // The visible rows lie anywhere from `first` to a step further down.
  const end = Math.min(count, first + STEP + Math.ceil(height / rowHeight) + OVERSCAN);
  return { start, end, totalHeight: count * rowHeight, onScroll, scrollToRow };
}
