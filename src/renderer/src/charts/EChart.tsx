import type { ECharts } from 'echarts/core';
import { useEffect, useId, useRef, useState } from 'react';
import { dataUrlToBlob, downloadFile } from '../components/downloadFile';
import { useEffectiveTheme } from '../components/useEffectiveTheme';
import { useSettings } from '../stores/appStore';
import { chartFileName, renderChartPng, renderChartSvg, type ChartImageFormat } from './chartExport';
import type { ChartOption } from '../../../shared/charts/ChartOption';
import './charts.css';

interface EChartProps {
  /** The chart's accessible name, also its visible title and the name of its saved images. */
  label: string;
  /** What the chart shows, in words, for screen readers (and anyone who wants the numbers). */
  summary: string;
  option: ChartOption;
  height?: number;
}

/** The surface colour the figure is drawn on, for a saved image's background. */
function surfaceOf(element: Element | null, theme: 'light' | 'dark'): string {
  const value = element === null ? '' : getComputedStyle(element).getPropertyValue('--surface').trim();
  return value !== '' ? value : theme === 'dark' ? '#1f2026' : '#ffffff';
}

/**
 * One chart: an ECharts canvas in a figure named by `label`, described by `summary`, with buttons
 * that save it as PNG or SVG. It follows the app's light or dark theme, resizes with its
 * container, and is disposed with the figure.
 */
export function EChart({ label, summary, option, height = 280 }: EChartProps) {
  const settings = useSettings();
  const theme = useEffectiveTheme(settings.data?.theme ?? 'system');
  const summaryId = useId();
  const figure = useRef<HTMLElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [saving, setSaving] = useState<ChartImageFormat | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

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
    // No growing bars for people who asked their system for less motion.
    const animation = typeof matchMedia === 'undefined' || !matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.setOption(
      { backgroundColor: 'transparent', animation, aria: { enabled: true, label: { description: `${label}. ${summary}` } }, ...option },
      { notMerge: true, lazyUpdate: true },
    );
  }, [chart, option, label, summary]);

  const save = async (format: ChartImageFormat): Promise<void> => {
    setSaving(format);
    setSaveError(null);
    try {
      const spec = {
        title: label,
        background: surfaceOf(figure.current, theme),
        theme,
        // The size it has on screen, so labels are laid out as the user saw them.
        width: chart?.getWidth() || container.current?.clientWidth || 640,
        height: chart?.getHeight() || height,
      };
      const fileName = chartFileName(label, format);
      if (format === 'svg') downloadFile(fileName, await renderChartSvg(option, spec), 'image/svg+xml');
      else downloadFile(fileName, dataUrlToBlob(await renderChartPng(option, spec)));
    } catch (error) {
      setSaveError(`Could not save “${label}” as ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(null);
    }
  };

  return (
    <figure ref={figure} className="chart" aria-label={label} aria-describedby={summaryId}>
      <figcaption className="chart-head">
        <span className="chart-title">{label}</span>
        <span className="chart-save">
          {(['png', 'svg'] as const).map((format) => (
            <button
              key={format}
              type="button"
              aria-label={`Save ${label} as ${format.toUpperCase()}`}
              title={`Save as ${format.toUpperCase()}`}
              disabled={saving !== null}
              onClick={() => void save(format)}
            >
              {format.toUpperCase()}
            </button>
          ))}
        </span>
      </figcaption>
      <div ref={container} className="chart-canvas" style={{ height }} />
      <p id={summaryId} className="chart-summary">
        {summary}
      </p>
      {saveError !== null && (
        <p role="alert" className="chart-save-error">
          {saveError}
        </p>
      )}
    </figure>
  );
}
