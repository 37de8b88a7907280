// Shared with the reports main renders, so a model keeps its colour in the app and in a report.
export { MODEL_COLORS, modelColor } from '../../../shared/charts/palette';
