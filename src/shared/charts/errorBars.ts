import type { CustomRenderItem } from './ChartOption';

/** Whiskers from `lower` to `upper` (data: [category index, lower, upper]), offset to sit on their bar. */
export function errorBars(offset: number, color: string): CustomRenderItem {
  return (_params, api) => {
    const x = Number(api.value(0));
    const low = api.coord([x, Number(api.value(1))]);
    const high = api.coord([x, Number(api.value(2))]);
    const size = api.size?.([1, 0]);
    const band = Array.isArray(size) ? (size[0] ?? 40) : 40;
    const cx = (high[0] ?? 0) + band * offset;
    const half = Math.max(3, band * 0.08);
    const style = { stroke: color, lineWidth: 1.5 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: cx, y1: low[1] ?? 0, x2: cx, y2: high[1] ?? 0 }, style },
        { type: 'line', shape: { x1: cx - half, y1: low[1] ?? 0, x2: cx + half, y2: low[1] ?? 0 }, style },
        { type: 'line', shape: { x1: cx - half, y1: high[1] ?? 0, x2: cx + half, y2: high[1] ?? 0 }, style },
      ],
    };
  };
}
