import type { CallOutput } from '../api';
import type { TelemetryMarker } from '../telemetry';

/** A run's resource time line, as `runs.telemetry` gives it. */
export type RunTelemetry = CallOutput<'runs.telemetry'>;

/** One moment on the run's whole time line (sessions laid end to end), memory in bytes. */
export interface TimelinePoint {
  tMs: number;
  ramUsedBytes: number;
  workersRssBytes: number;
  vramUsedBytes: number | null;
}

/** Where one model was loaded on the time line, and the most memory its worker used there. */
export interface ModelSegment {
  label: string;
  startMs: number;
  endMs: number;
  peakRssBytes: number | null;
  peakAtMs: number | null;
}

export interface Timeline {
  points: TimelinePoint[];
  markers: (TelemetryMarker & { session: number })[];
  segments: ModelSegment[];
  /** Where each session (a start or a resume) begins on the joined time line. */
  sessionStarts: number[];
  durationMs: number;
}

/** A pause between sessions on the joined time line, so a resume shows as a visible step. */
const SESSION_GAP_MS = 1000;

/**
 * Lays a run's telemetry sessions (each starts at 0 ms) end to end, and finds each model's
 * stretch between its load and unload markers with its worker's peak memory there.
 */
export function buildTimeline(telemetry: RunTelemetry): Timeline {
  const sessions = [...new Set([...telemetry.samples.map((s) => s.session), ...telemetry.markers.map((m) => m.session)])].sort(
    (a, b) => a - b,
  );
  const offsets = new Map<number, number>();
  let offset = 0;
  for (const session of sessions) {
    offsets.set(session, offset);
    const last = Math.max(
      0,
      ...telemetry.samples.filter((s) => s.session === session).map((s) => s.sample.tMs),
      ...telemetry.markers.filter((m) => m.session === session).map((m) => m.marker.tMs),
    );
    offset += last + SESSION_GAP_MS;
  }
  const at = (session: number, tMs: number): number => (offsets.get(session) ?? 0) + tMs;
  const points = telemetry.samples
    .map(({ session, sample }) => ({
      tMs: at(session, sample.tMs),
      ramUsedBytes: sample.ramUsedBytes,
      workersRssBytes: sample.workers.reduce((a, w) => a + w.rssBytes, 0),
      vramUsedBytes: sample.gpus.length === 0 ? null : sample.gpus.reduce((a, g) => a + g.vramUsedBytes, 0),
    }))
    .sort((a, b) => a.tMs - b.tMs);
  const markers = telemetry.markers
    .map(({ session, marker }) => ({ ...marker, session, tMs: at(session, marker.tMs) }))
    .sort((a, b) => a.tMs - b.tMs);
  const durationMs = Math.max(0, offset - SESSION_GAP_MS);

  const segments: ModelSegment[] = [];
  const open = new Map<string, number>();
  const close = (label: string, endMs: number): void => {
    const startMs = open.get(label);
    if (startMs === undefined) return;
    open.delete(label);
    let peak: TimelinePoint | null = null;
    for (const p of points) if (p.tMs >= startMs && p.tMs <= endMs && (peak === null || p.workersRssBytes > peak.workersRssBytes)) peak = p;
    segments.push({
      label,
      startMs,
      endMs,
      peakRssBytes: peak === null || peak.workersRssBytes === 0 ? null : peak.workersRssBytes,
      peakAtMs: peak?.tMs ?? null,
    });
  };
  for (const m of markers) {
    if (m.kind === 'model-load') {
      // A load without an unload (a crash, a pause) ends where the next model starts.
      for (const label of [...open.keys()]) close(label, m.tMs);
      open.set(m.label, m.tMs);
    } else if (m.kind === 'model-unload') {
      close(m.label, m.tMs);
    }
  }
  for (const label of [...open.keys()]) close(label, Math.max(durationMs, open.get(label) ?? 0));
  return { points, markers, segments, sessionStarts: sessions.map((s) => offsets.get(s) ?? 0), durationMs };
}

/** The most memory each model's worker used over the run (a model loaded twice counts its highest). */
export function peakPerModel(segments: readonly ModelSegment[]): Map<string, number> {
  const peaks = new Map<string, number>();
  for (const s of segments) if (s.peakRssBytes !== null) peaks.set(s.label, Math.max(peaks.get(s.label) ?? 0, s.peakRssBytes));
  return peaks;
}
