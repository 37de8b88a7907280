import type { ECharts } from 'echarts/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useEffectiveTheme } from '../components/useEffectiveTheme';
import { useSettings } from '../stores/appStore';
import type { ChartOption } from './echarts';
import './charts.css';

interface EChartProps {
  /** The chart's accessible name, also its visible title. */
  label: string;
  /** What the chart shows, in words, for screen readers (and anyone who wants the numbers). */
  summary: string;
  option: ChartOption;
  height?: number;
}

/**
 * One chart: an ECharts canvas in a figure named by `label`, described by `summary`. It follows
 * the app's light or dark theme, resizes with its container, and is disposed with the figure.
 */
export function EChart({ label, summary, option, height = 280 }: EChartProps) {
  const settings = useSettings();
  const theme = useEffectiveTheme(settings.data?.theme ?? 'system');
  const summaryId = useId();
  const container = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    let disposed = false;
    let instance: ECharts | undefined;
    let observer: ResizeObserver | undefined;
    // ECharts is loaded with the first chart shown, not with the app.
    void import('./echarts').then(({ echarts, chartRenderer }) => {
      if (disposed) return;
      const created = echarts.init(element, theme === 'dark' ? 'dark' : undefined, { renderer: chartRenderer() });
      instance = created;
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(() => created.resize());
        observer.observe(element);
      }
      setChart(created);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, [theme]);

  useEffect(() => {
    if (chart === null || chart.isDisposed()) return;
    chart.setOption({ backgroundColor: 'transparent', aria: { enabled: true, label: { description: `${label}. ${summary}` } }, ...option }, { notMerge: true, lazyUpdate: true });
  }, [chart, option, label, summary]);

  return (
    <figure className="chart" aria-label={label} aria-describedby={summaryId}>
      <figcaption className="chart-title">{label}</figcaption>
      <div ref={container} className="chart-canvas" style={{ height }} />
      <p id={summaryId} className="chart-summary">
        {summary}
      </p>
    </figure>
  );
}
