const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * One binary unit for a whole axis: plot `bytes / divisor` and name the axis with the unit, so
 * ECharts picks round ticks in that unit (ticks in bytes come out as 0.9, 1.9, 2.8 GiB).
 */
export interface ByteScale {
  unit: (typeof UNITS)[number];
  divisor: number;
}

/** The largest binary unit that keeps `maxBytes` at 1 or more (bytes for nothing or less). */
export function byteScale(maxBytes: number): ByteScale {
  let index = 0;
  while (index < UNITS.length - 1 && Number.isFinite(maxBytes) && maxBytes >= 1024 ** (index + 1)) index += 1;
  return { unit: UNITS[index] ?? 'B', divisor: 1024 ** index };
}
