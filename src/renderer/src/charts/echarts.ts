import { BarChart, BoxplotChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// Only what the charts draw, so the bundle carries no map or 3-D code. The title is drawn only
// into saved images (on screen the figure's caption is the title); SVG renders the saved SVGs.
// LabelLayout moves overlapping point labels apart (the trade-off scatters' `labelLayout`).
echarts.use([
  BarChart,
  BoxplotChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  LabelLayout,
  CanvasRenderer,
  SVGRenderer,
]);

export { echarts };

let canvasWorks: boolean | undefined;

/** Canvas where the page can draw on one (fast with many points), SVG where it cannot (some headless DOMs). */
export function chartRenderer(): 'canvas' | 'svg' {
  canvasWorks ??= document.createElement('canvas').getContext('2d') !== null;
  return canvasWorks ? 'canvas' : 'svg';
}
