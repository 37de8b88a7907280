import { useCallback, useState } from 'react';

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

/**
 * Column widths the user sets by dragging or with the arrow keys. View state only: it lives in
 * the renderer, follows the number of models, and is forgotten when the page goes.
 * Column -1 is the case column.
 */
export function useColumnWidths(modelCount: number, caseWidth: number, modelWidth: number) {
  const [widths, setWidths] = useState<{ caseWidth: number; models: Record<number, number> }>({ caseWidth, models: {} });
  const current: ColumnWidths = {
    caseWidth: widths.caseWidth,
    modelWidths: Array.from({ length: modelCount }, (_, i) => widths.models[i] ?? modelWidth),
  };
  const setWidth = useCallback((column: number, width: number) => {
    setWidths((w) => (column < 0 ? { ...w, caseWidth: clampWidth(width) } : { ...w, models: { ...w.models, [column]: clampWidth(width) } }));
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
