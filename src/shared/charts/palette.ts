/** Model colours, distinct in light and dark themes and for the common colour-vision deficiencies (Okabe–Ito). */
export const MODEL_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#F0E442'];

export function modelColor(index: number): string {
  return MODEL_COLORS[index % MODEL_COLORS.length] ?? '#0072B2';
}

/** Mid grey for what belongs to no model (interval whiskers, legend swatches, frontier rims): readable on the light and the dark background. */
export const NEUTRAL_GREY = '#8a8d96';
