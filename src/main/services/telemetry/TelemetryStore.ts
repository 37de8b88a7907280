import { TelemetryMarker, TelemetrySample } from '../../../shared/telemetry';
import type { Store } from '../store/Store';

/**
 * A run's resource time line. A run that was paused and resumed has one session per execution,
 * each with its own clock starting at zero.
 */
export class TelemetryStore {
  constructor(private readonly store: Store) {}

  nextSession(runId: string): number {
    const row = this.store.db.prepare('SELECT MAX(session) AS s FROM telemetry_samples WHERE run_id = ?').get(runId) as {
      s: number | null;
    };
    const marker = this.store.db.prepare('SELECT MAX(session) AS s FROM telemetry_markers WHERE run_id = ?').get(runId) as {
      s: number | null;
    };
    return Math.max(row.s ?? -1, marker.s ?? -1) + 1;
  }

  addSample(runId: string, session: number, sample: TelemetrySample): void {
    this.store.write(`a telemetry sample of run ${runId}`, () =>
      this.store.db
        .prepare('INSERT INTO telemetry_samples (run_id, session, t_ms, sample_json) VALUES (?, ?, ?, ?)')
        .run(runId, session, sample.tMs, JSON.stringify(sample)),
    );
  }

  addMarker(runId: string, session: number, marker: TelemetryMarker): void {
    this.store.write(`the telemetry marker "${marker.label}" of run ${runId}`, () =>
      this.store.db
        .prepare('INSERT INTO telemetry_markers (run_id, session, t_ms, kind, label) VALUES (?, ?, ?, ?, ?)')
        .run(runId, session, marker.tMs, marker.kind, marker.label),
    );
  }

  samples(runId: string): { session: number; sample: TelemetrySample }[] {
    const rows = this.store.db
      .prepare('SELECT session, sample_json FROM telemetry_samples WHERE run_id = ? ORDER BY session, t_ms')
      .all(runId) as { session: number; sample_json: string }[];
    return rows.map((r) => ({ session: r.session, sample: TelemetrySample.parse(JSON.parse(r.sample_json)) }));
  }

  markers(runId: string): { session: number; marker: TelemetryMarker }[] {
    const rows = this.store.db
      .prepare('SELECT session, t_ms, kind, label FROM telemetry_markers WHERE run_id = ? ORDER BY session, t_ms')
      .all(runId) as { session: number; t_ms: number; kind: string; label: string }[];
    return rows.map((r) => ({ session: r.session, marker: TelemetryMarker.parse({ tMs: r.t_ms, kind: r.kind, label: r.label }) }));
  }
}
