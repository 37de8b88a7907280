import { z } from 'zod';

/** One moment of a run's resource use. */
export const TelemetrySample = z.object({
  /** Milliseconds since the run started sampling. */
  tMs: z.number().nonnegative(),
  ramUsedBytes: z.number().int().nonnegative(),
  ramTotalBytes: z.number().int().nonnegative(),
  /** Whole-machine CPU use, 0–100. */
  cpuPercent: z.number().nonnegative(),
  workers: z.array(
    z.object({ pid: z.number().int(), rssBytes: z.number().int().nonnegative(), cpuPercent: z.number().nonnegative().nullable() }),
  ),
  gpus: z.array(
    z.object({
      name: z.string(),
      utilizationPercent: z.number().nonnegative().nullable(),
      vramUsedBytes: z.number().int().nonnegative(),
      vramTotalBytes: z.number().int().nonnegative(),
    }),
  ),
});
export type TelemetrySample = z.infer<typeof TelemetrySample>;

/** A boundary on the time line: a model loaded or unloaded, a case started. */
export const TelemetryMarker = z.object({
  tMs: z.number().nonnegative(),
  kind: z.enum(['model-load', 'model-unload', 'case-start', 'case-end']),
  label: z.string(),
});
export type TelemetryMarker = z.infer<typeof TelemetryMarker>;
