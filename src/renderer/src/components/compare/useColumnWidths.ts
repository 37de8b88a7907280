import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** Narrowest a column may be dragged to: a badge row and a few words still fit. */
export const MIN_COLUMN_WIDTH = 140;
/** Widest a column may be made, so one column cannot push the others out of reach. */
export const MAX_COLUMN_WIDTH = 1200;

/** Widths of the case column and of each model column, in pixels. */
export interface ColumnWidths {
  caseWidth: number;
  modelWidths: readonly number[];
}

export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width)));
}

/** The case column's share of the room, between these widths. */
const CASE_SHARE = 0.24;
const CASE_MIN = 180;
const CASE_MAX = 300;
/** Widths before the grid could be measured (and in a DOM without layout). */
const UNMEASURED = { caseWidth: CASE_MAX, modelWidth: 280 };

/**
 * Default widths that fit `available` pixels: the case column takes about a quarter (180–300 px)
 * and the models share the rest alike. Only when that would make a model column narrower than
 * {@link MIN_COLUMN_WIDTH} does the grid scroll sideways.
 */
export function fitColumns(available: number | null, modelCount: number): { caseWidth: number; modelWidth: number } {
  if (available === null || available <= 0 || modelCount === 0) return UNMEASURED;
  const caseWidth = Math.round(Math.min(CASE_MAX, Math.max(CASE_MIN, available * CASE_SHARE)));
  return { caseWidth, modelWidth: Math.max(MIN_COLUMN_WIDTH, Math.floor((available - caseWidth) / modelCount)) };
}

/** An element's inner width (without its scroll bar), following resizes; null until measured. */
export function useInnerWidth(element: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const target = element.current;
    if (target === null) return;
    const measure = (): void => setWidth(target.clientWidth > 0 ? target.clientWidth : null);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/**
 * Column widths: by default they fit the `available` width ({@link fitColumns}); a column the
 * user sets by dragging or with the arrow keys keeps its width. View state only: it lives in
 * the renderer, follows the number of models, and is forgotten when the page goes.
 * Column -1 is the case column.
 */
export function useColumnWidths(modelCount: number, available: number | null) {
  const [widths, setWidths] = useState<{ caseWidth: number | null; models: Record<number, number> }>({ caseWidth: null, models: {} });
  const fit = fitColumns(available, modelCount);
  const current: ColumnWidths = {
    caseWidth: widths.caseWidth ?? fit.caseWidth,
    modelWidths: Array.from({ length: modelCount }, (_, i) => widths.models[i] ?? fit.modelWidth),
  };
  const setWidth = useCallback((column: number, width: number) => {
    setWidths((w) =>
      column < 0 ? { ...w, caseWidth: clampWidth(width) } : { ...w, models: { ...w.models, [column]: clampWidth(width) } },
    );
  }, []);
  return { widths: current, setWidth };
}

/** The grid's `grid-template-columns` for these widths. */
export function gridColumns(widths: ColumnWidths): string {
  return [widths.caseWidth, ...widths.modelWidths].map((w) => `${w}px`).join(' ');
}

/** The grid's total width: at least the viewport, more when the columns need it. */
export function gridWidth(widths: ColumnWidths): string {
  return `max(100%, ${widths.caseWidth + widths.modelWidths.reduce((a, b) => a + b, 0)}px)`;
}
