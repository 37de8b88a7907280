import type { RunProgress } from '../../../shared/runs';
import type { RemoteCasesDeps } from '../remote/runRemoteModelCases';
import type { TelemetryStore } from '../telemetry/TelemetryStore';
import { TelemetrySampler } from '../telemetry/TelemetrySampler';
import { CompetingLoadMeter } from '../system/competingLoad';
import type { ModelRunner } from './ModelRunner';
import type { ExecuteOptions } from './caseWork';
import { RunOrchestrator } from './RunOrchestrator';
import type { RunStore } from './RunStore';

export interface ExecuteRunOptions extends Omit<ExecuteOptions, 'onMarker' | 'onModelLoaded'> {
  /** Telemetry sampling interval; 500 ms unless told otherwise. */
  sampleIntervalMs?: number;
  /** How other processes' CPU use is read (a fake in tests); /proc on Linux otherwise. */
  competingLoad?: CompetingLoadMeter;
}

/**
 * Executes (or resumes) a run with its telemetry: a sampler follows the workers while cases
 * run, and model and case boundaries are marked on the same time line.
 */
export async function executeRun(
  deps: { runs: RunStore; telemetry: TelemetryStore; runner: ModelRunner; remote?: RemoteCasesDeps },
  runId: string,
  options: ExecuteRunOptions,
): Promise<RunProgress['status']> {
  const session = deps.telemetry.nextSession(runId);
  const pids = new Set<number>();
  const sampler = new TelemetrySampler({
    intervalMs: options.sampleIntervalMs ?? 500,
    pids: () => [...pids],
    onSample: (sample) => deps.telemetry.addSample(runId, session, sample),
  });
  const tracking: ModelRunner = {
    name: (id) => deps.runner.name(id),
    // Without it the result cache would never find the model's content hash, and `useCache` would do nothing.
    contentHash: (id) => deps.runner.contentHash?.(id) ?? null,
    async load(modelId, loadOptions) {
      const loaded = await deps.runner.load(modelId, loadOptions);
      if (loaded.pid !== undefined) pids.add(loaded.pid);
      return {
        ...loaded,
        unload: async () => {
          if (loaded.pid !== undefined) pids.delete(loaded.pid);
          await loaded.unload();
        },
      };
    },
  };
  const meter = options.competingLoad ?? new CompetingLoadMeter({ pids: () => [...pids] });
  // Before the first model loads: what else the machine is doing when the run starts.
  await meter.start();
  sampler.start();
  try {
    return await new RunOrchestrator(deps.runs, tracking, deps.remote).execute(runId, {
      ...options,
      onMarker: (kind, label) => deps.telemetry.addMarker(runId, session, { tMs: sampler.now(), kind, label }),
      onModelLoaded: (modelKey, loaded) => {
        if (loaded.info !== null) deps.runs.recordModelLoad(runId, modelKey, loaded.info);
        // A sample right after each load, so every model is on the time line however short its cases.
        sampler.requestSample();
      },
    });
  } finally {
    await sampler.stop();
    const load = await meter.stop();
    if (load !== null) deps.runs.recordCompetingLoad(runId, load);
  }
}
