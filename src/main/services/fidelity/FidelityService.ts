import fs from 'node:fs';
import path from 'node:path';
import type { FidelityProgress, FidelityText, MeasureFidelityInput, ModelFidelity, RunFidelity } from '../../../shared/fidelity';
import { ModelFidelity as ModelFidelitySchema } from '../../../shared/fidelity';
import type { LoadOptions } from '../../../shared/engine';
import { UserFacingError } from '../../../shared/result';
import type { Engine } from '../engine/Engine';
import type { EventBus } from '../EventBus';
import type { ModelLibrary } from '../models/ModelLibrary';
import type { HandlerSlice } from '../router';
import { RunActivity } from '../runs/RunActivity';
import { modelKey, type RunStore } from '../runs/RunStore';
import type { Store } from '../store/Store';
import { expectedAnswersText } from './expectedAnswersText';
import { MIN_CHUNK_TOKENS, TextTooShortError } from './fidelityChunks';
import { measureFidelity } from './measureFidelity';
import { optionalFields } from '../../../shared/optionalFields';

interface FidelityRow {
  model_key: string;
  reference_key: string;
  text_json: string;
  result_json: string;
  measured_at: string;
}

/** A checked fidelity request: which files to load, how, and on what text. */
interface MeasurementPlan {
  reference: { key: string; label: string; path: string };
  candidates: { key: string; label: string; path: string }[];
  load: Omit<LoadOptions, 'contextSize'>;
  text: () => string;
  /** measureFidelity names models by file; people know them by label. */
  labelled: (message: string) => string;
}

/**
 * Quantisation fidelity stored with runs: every other model of a run measured against one of its
 * models (perplexity, KL divergence, Δp, same top token, as `llama-perplexity --kl-divergence`),
 * on a text file or the test set's expected answers. A new measurement replaces the run's last.
 */
export class FidelityService {
  constructor(
    private readonly store: Store,
    private readonly runs: RunStore,
    private readonly library: ModelLibrary,
    private readonly engine: Engine,
    private readonly bus: EventBus,
    /** Which runs are executing or being measured, shared with the run service. */
    private readonly activity: RunActivity = new RunActivity(),
  ) {}

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'runs.measureFidelity' | 'runs.fidelity'> {
    return {
      'runs.measureFidelity': (input) => {
        this.start(input);
        return null;
      },
      'runs.fidelity': ({ runId }) => this.get(runId),
    };
  }

  /** Checks the request, then measures in the background; progress and the end arrive as `runs.fidelityProgress`. */
  start(input: MeasureFidelityInput): void {
    const plan = this.plan(input);
    const emit = (progress: Omit<FidelityProgress, 'runId'>): void =>
      this.bus.emit('runs.fidelityProgress', { runId: input.runId, ...progress });
    void this.measurePlanned(input, plan, (message) => emit({ message, done: false, error: null })).then(
      (models) => emit({ message: `Measured ${models.length} model${models.length === 1 ? '' : 's'}.`, done: true, error: null }),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        emit({
          message,
          done: true,
          error:
            error instanceof UserFacingError
              ? { code: error.code, message, ...optionalFields({ hint: error.hint }) }
              : { code: 'internal', message },
        });
      },
    );
  }

  /** Measures and stores; resolves with the stored figures. */
  measure(input: MeasureFidelityInput, onProgress?: (message: string) => void): Promise<ModelFidelity[]> {
    return this.measurePlanned(input, this.plan(input), onProgress);
  }

  /** The measurement of a request already checked (the check reads the run, the library and the files). */
  private async measurePlanned(
    input: MeasureFidelityInput,
    plan: MeasurementPlan,
    onProgress?: (message: string) => void,
  ): Promise<ModelFidelity[]> {
    const controller = new AbortController();
    this.activity.begin(input.runId, 'fidelity', controller);
    try {
      const text = plan.text();
      const result = await measureFidelity(this.engine, {
        base: plan.reference.path,
        candidates: plan.candidates.map((c) => c.path),
        text,
        ...optionalFields({ contextSize: input.contextSize, maxChunks: input.chunks }),
        load: plan.load,
        signal: controller.signal,
        ...(onProgress === undefined ? {} : { onProgress: (message: string) => onProgress(plan.labelled(message)) }),
      }).catch((error: unknown) => {
        if (error instanceof TextTooShortError)
          throw new UserFacingError(
            'invalid_input',
            error.message,
            'Measure on a longer text, or leave the chunk size blank so it fits the text.',
          );
        throw error;
      });
      const measuredAt = new Date().toISOString();
      const models = result.candidates.map(({ report }, i): ModelFidelity => {
        const candidate = plan.candidates[i] ?? plan.reference;
        return {
          modelKey: candidate.key,
          label: candidate.label,
          referenceKey: plan.reference.key,
          referenceLabel: plan.reference.label,
          text: input.text,
          contextSize: result.contextSize,
          chunks: result.chunks,
          tokens: result.tokens,
          precision: result.precision,
          measuredAt,
          report,
        };
      });
      this.save(input.runId, models);
      return models;
    } finally {
      this.activity.end(input.runId, 'fidelity');
    }
  }

  /** Whether a measurement of this run is under way. */
  isMeasuring(runId: string): boolean {
    return this.activity.has(runId, 'fidelity');
  }

  get(runId: string): RunFidelity {
    this.runs.get(runId);
    const rows = this.store.db
      .prepare('SELECT model_key, reference_key, text_json, result_json, measured_at FROM run_fidelity WHERE run_id = ? ORDER BY model_key')
      .all(runId) as FidelityRow[];
    const models = rows.map((r) =>
      ModelFidelitySchema.parse({
        ...(JSON.parse(r.result_json) as object),
        modelKey: r.model_key,
        referenceKey: r.reference_key,
        text: JSON.parse(r.text_json) as unknown,
        measuredAt: r.measured_at,
      }),
    );
    return { runId, running: this.activity.has(runId, 'fidelity'), models };
  }

  dispose(): void {
    this.activity.abortAll('fidelity');
  }

  private save(runId: string, models: readonly ModelFidelity[]): void {
    const db = this.store.db;
    this.store.write(`the fidelity figures of run ${runId}`, () => {
      db.prepare('DELETE FROM run_fidelity WHERE run_id = ?').run(runId);
      const insert = db.prepare(
        'INSERT INTO run_fidelity (run_id, model_key, reference_key, text_json, result_json, measured_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const { modelKey: key, referenceKey, text, measuredAt, ...rest } of models)
        insert.run(runId, key, referenceKey, JSON.stringify(text), JSON.stringify(rest), measuredAt);
    });
  }

  /** The run's models resolved to files, the reference apart, or a clear refusal. */
  private plan(input: MeasureFidelityInput): MeasurementPlan {
    const run = this.runs.get(input.runId);
    if (this.activity.has(input.runId, 'fidelity'))
      throw new UserFacingError('conflict', 'Fidelity is already being measured for this run.', 'Wait for it to finish.');
    // The run's models are loaded while it executes: fidelity waits.
    if (this.activity.has(input.runId, 'cases'))
      throw new UserFacingError(
        'conflict',
        'This run is executing: its models are in use.',
        'Measure fidelity once it has finished or been paused.',
      );
    if (input.contextSize !== undefined && (input.contextSize % 2 !== 0 || input.contextSize < MIN_CHUNK_TOKENS)) {
      throw new UserFacingError(
        'invalid_input',
        `The chunk size must be an even number of at least ${MIN_CHUNK_TOKENS} tokens, got ${input.contextSize}.`,
        'Leave it blank to fit the model and the text.',
      );
    }
    const models = run.spec.models.map((m, i) => {
      const key = modelKey(i, m.modelId);
      const entry = m.remote === undefined ? this.library.list().find((e) => e.id === m.modelId) : undefined;
      return { key, label: m.label ?? entry?.name ?? m.modelId, remote: m.remote !== undefined, path: entry?.path ?? null, load: m.load };
    });
    const reference = models.find((m) => m.key === input.reference);
    if (reference === undefined) {
      throw new UserFacingError(
        'invalid_input',
        `Run ${run.spec.name} has no model ${input.reference}.`,
        `Pick one of: ${models.map((m) => `${m.label} (${m.key})`).join(', ')}.`,
      );
    }
    const resolve = (m: (typeof models)[number]): { key: string; label: string; path: string } => {
      if (m.remote)
        throw new UserFacingError(
          'invalid_input',
          `${m.label} is served by remote endpoints: fidelity needs its weights on this machine.`,
          'Measure local GGUF models only.',
        );
      if (m.path === null || !fs.existsSync(m.path))
        throw new UserFacingError(
          'not_found',
          `${m.label}: its model file is no longer in the library or on disk.`,
          'Add the file again on the Models page.',
        );
      return { key: m.key, label: m.label, path: m.path };
    };
    const candidates = models.filter((m) => m !== reference && !m.remote).map(resolve);
    if (candidates.length === 0)
      throw new UserFacingError('invalid_input', `Run ${run.spec.name} has no other local model to compare with ${reference.label}.`);
    const resolved = resolve(reference);
    // The reference's load options (backend, threads, GPU layers) for every model; the chunk size sets the context.
    const { contextSize: _ignored, ...load } = reference.load;
    const byFile = new Map([resolved, ...candidates].map((m) => [path.basename(m.path), m.label] as const).reverse());
    return {
      reference: resolved,
      candidates,
      load,
      text: (): string => readText(input.text, run.cases),
      /** measureFidelity names models by file; people know them by label. */
      labelled: (message: string): string => {
        const [who = '', ...rest] = message.split(': ');
        return [who === 'base' ? `${resolved.label} (reference)` : (byFile.get(who) ?? who), ...rest].join(': ');
      },
    };
  }
}

function readText(text: FidelityText, cases: Parameters<typeof expectedAnswersText>[0]): string {
  switch (text.kind) {
    case 'expected': {
      const joined = expectedAnswersText(cases);
      if (joined === '')
        throw new UserFacingError(
          'invalid_input',
          'The run’s test set has no expected answers to measure on.',
          'Measure on a text file instead.',
        );
      return joined;
    }
    case 'file':
      try {
        return fs.readFileSync(text.path, 'utf8');
      } catch (error) {
        throw new UserFacingError(
          'not_found',
          `Cannot read the text file ${text.path}: ${error instanceof Error ? error.message : String(error)}`,
          'Pick a plain text file that exists.',
        );
      }
    default:
      return text satisfies never;
  }
}
