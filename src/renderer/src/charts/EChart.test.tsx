import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EChart } from './EChart';
import type { ChartOption } from '../../../shared/charts/ChartOption';

const option: ChartOption = {
  grid: { left: 48, right: 16, top: 12, bottom: 40 },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', name: 'Model', data: ['F32', 'Q4_0'] },
  yAxis: { type: 'value', name: 'Pass rate (%)' },
  series: [{ name: 'Pass rate', type: 'bar', data: [0.75, 0.5] }],
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Catches what the page hands to the browser's download: the file name and the bytes. */
function catchDownloads(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    if (blob !== undefined) saved.push({ name: this.download, blob });
  });
  return saved;
}

describe('EChart', () => {
  it('names the figure by its title, describes it in words, and offers to save it as PNG and SVG', () => {
    render(<EChart label="Quality per model" summary="F32: 75.0% passed." option={option} />);
    const figure = screen.getByRole('figure', { name: 'Quality per model' });
    expect(figure.getAttribute('aria-describedby')).not.toBeNull();
    expect(document.getElementById(figure.getAttribute('aria-describedby') ?? '')?.textContent).toBe('F32: 75.0% passed.');
    expect(within(figure).getByRole('button', { name: 'Save Quality per model as PNG' })).toBeTruthy();
    expect(within(figure).getByRole('button', { name: 'Save Quality per model as SVG' })).toBeTruthy();
  });

  it('saves an SVG named after the title, with the title drawn in it', { timeout: 20_000 }, async () => {
    const saved = catchDownloads();
    render(<EChart label="Quality per model" summary="F32: 75.0% passed." option={option} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save Quality per model as SVG' }));
    // ECharts loads on first use, which takes a while on a busy machine.
    await waitFor(() => expect(saved).toHaveLength(1), { timeout: 10_000 });
    expect(saved[0]?.name).toBe('quality-per-model.svg');
    expect(saved[0]?.blob.type).toBe('image/svg+xml');
    const svg = new DOMParser().parseFromString((await saved[0]?.blob.text()) ?? '', 'image/svg+xml');
    expect([...svg.querySelectorAll('text')].map((t) => t.textContent)).toEqual(
      expect.arrayContaining(['Quality per model', 'Model', 'Pass rate (%)']),
    );
  });

  it('says so when the image cannot be drawn, instead of failing silently', { timeout: 20_000 }, async () => {
    const saved = catchDownloads();
    // This DOM has no 2-D canvas, so a PNG cannot be drawn here.
    render(<EChart label="Quality per model" summary="F32: 75.0% passed." option={option} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save Quality per model as PNG' }));
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toMatch(/^Could not save “Quality per model” as PNG: /);
    expect(saved).toEqual([]);
    expect(screen.getByRole('button', { name: 'Save Quality per model as PNG' }).hasAttribute('disabled')).toBe(false);
  });
});
