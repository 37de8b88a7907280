import { GenerationResult } from '../../../shared/engine';
import type { RunModel, RunProgress } from '../../../shared/runs';
import type { RemoteCasesDeps } from '../remote/runRemoteModelCases';
import { scoreOutput } from '../scoring/scoreOutput';
import { choiceCaseScores } from '../loglikelihood/choiceCaseScores';
import { isChoiceGeneration } from '../loglikelihood/scoreChoiceCase';
import { ScoringSandbox } from '../scoring/sandbox/ScoringSandbox';
import { caseRunnerFor, type CaseRunnerDeps } from './caseRunnerFor';
import { paramsFor, type CasesContext, type ExecuteOptions, type WorkItem } from './caseWork';
import type { ModelRunner } from './ModelRunner';
import { modelKey, resultKey, type RunStore, type StoredRun } from './RunStore';
import { runInterleaved } from './runInterleaved';

/**
 * Runs what is missing of a run, model by model, and commits each result the moment it
 * exists. Stopping at any point (abort, crash, kill -9) loses nothing finished; executing the
 * run again does exactly the missing cases.
 */
export class RunOrchestrator {
  constructor(
    private readonly runs: RunStore,
    private readonly runner: ModelRunner,
    /** How remote models reach their endpoints (keys from the app's keychain, a fake fetch in tests). */
    private readonly remote: RemoteCasesDeps = {},
    /** Where scorers that run a test set's own code run. */
    private readonly scoring: ScoringSandbox = ScoringSandbox.shared(),
  ) {}

  async execute(runId: string, options: ExecuteOptions): Promise<RunProgress['status']> {
    const run = this.runs.get(runId);
    // Cases whose model could not load last time are owed, not finished.
    this.runs.forgetNotRun(runId);
    const finished = this.runs.finishedKeys(runId);
    const pending = workList(run).filter((w) => !finished.has(resultKey(w.modelKey, w.testCase.id, w.repetition)));
    const total = run.spec.models.length * run.cases.length * run.spec.repetitions;
    const progress: RunProgress = {
      runId,
      status: 'running',
      done: total - pending.length,
      total,
      errors: this.runs.results(runId).filter((r) => r.error !== null).length,
      currentModel: null,
      currentCase: null,
      tokensPerSecond: null,
      etaSeconds: null,
    };
    const report = (): void => options.onProgress?.({ ...progress });
    this.runs.setStatus(runId, 'running');
    report();
    const started = Date.now();
    let doneHere = 0;
    // Cases whose model could not be loaded: the run is not complete while any are left.
    let notRun = 0;
    // A function, not a property read: the signal changes under the awaits below.
    const stopped = (): boolean => options.signal.aborted;

    const lookup: CaseRunnerDeps['lookup'] = (key) => {
      const hit = this.runs.cached(key);
      if (hit === null) return null;
      const parsed = GenerationResult.safeParse({ text: hit.output, stopReason: hit.stopReason, timings: hit.timings, memory: hit.memory });
      return parsed.success ? { runId: hit.runId, result: parsed.data } : null;
    };

    const contextFor = (model: RunModel, items: WorkItem[]): CasesContext => {
      const label = model.label ?? this.runner.name(model.modelId);
      return {
        run,
        model,
        label,
        items,
        options,
        stopped,
        onStart: (item) => {
          progress.currentModel = label;
          progress.currentCase = item.testCase.id;
          options.onMarker?.('case-start', `${label} · ${item.testCase.id}`);
          report();
        },
        onResult: async (item, seed, outcome) => {
          // Scored before anything is stored, so a result and its scores are saved together.
          const testCase = item.testCase;
          const choices =
            'result' in outcome && isChoiceGeneration(outcome.result) && testCase.loglikelihood !== undefined
              ? { result: outcome.result.loglikelihood, item: testCase.loglikelihood }
              : null;
          const scores =
            choices !== null
              ? choiceCaseScores(choices.result, choices.item)
              : 'result' in outcome
                ? await scoreOutput(
                    testCase.scorers,
                    { output: outcome.result.text, expected: testCase.expected, vars: testCase.vars },
                    this.scoring,
                  )
                : [];
          const base = {
            runId,
            modelKey: item.modelKey,
            caseId: item.testCase.id,
            repetition: item.repetition,
            seed,
            params: paramsFor({ run }, item),
            finishedAt: new Date().toISOString(),
          };
          if ('result' in outcome) {
            const { result } = outcome;
            const saved = {
              ...base,
              output: result.text,
              stopReason: result.stopReason,
              timings: result.timings,
              memory: result.memory,
              error: null,
              cachedFrom: outcome.cachedFrom ?? null,
              endpoint: result.endpoint ?? null,
              provenance: result.provenance ?? null,
              // Nothing was generated for a log-likelihood case: no stop reason or timings of a generation.
              ...(choices === null ? { loglikelihood: null } : { stopReason: null, timings: null, loglikelihood: choices.result }),
            };
            // Result, cache entry and scores land together or not at all: a failed write leaves the case to run again on resume.
            this.runs.write(`the result of case ${testCase.id} of ${label}`, () => {
              this.runs.save(saved);
              if (outcome.cacheKey !== undefined) this.runs.remember(outcome.cacheKey, saved);
              this.runs.saveScores(runId, item.modelKey, testCase.id, item.repetition, scores);
            });
            if (choices === null) progress.tokensPerSecond = result.timings.generationTokensPerSecond;
          } else {
            this.runs.write(`the error of case ${item.testCase.id} of ${label}`, () =>
              this.runs.save({
                ...base,
                output: null,
                stopReason: null,
                timings: null,
                memory: null,
                error: outcome.error,
                endpoint: outcome.endpoint ?? null,
              }),
            );
            progress.errors += 1;
            if (outcome.error.kind === 'not-run') notRun += 1;
          }
          options.onMarker?.('case-end', `${label} · ${item.testCase.id}`);
          progress.done += 1;
          doneHere += 1;
          progress.etaSeconds = ((Date.now() - started) / 1000 / doneHere) * (total - progress.done);
          report();
        },
      };
    };

    const interleaved = run.spec.order === 'interleaved' && run.spec.mode === 'latency';
    const itemsOf = (index: number): WorkItem[] => pending.filter((w) => w.modelIndex === index);
    if (interleaved) {
      const local = [...run.spec.models.entries()].filter(([index, m]) => m.remote === undefined && itemsOf(index).length > 0);
      if (local.length > 0 && !stopped())
        await runInterleaved(local.map(([index, m]) => ({ ...contextFor(m, itemsOf(index)), runner: this.runner, lookup })));
    }
    for (const [index, model] of run.spec.models.entries()) {
      // An interleaved run has done its local models above; remote ones go model by model.
      if (interleaved && model.remote === undefined) continue;
      const items = itemsOf(index);
      if (items.length === 0) continue;
      if (stopped()) break;
      const context = contextFor(model, items);
      progress.currentModel = context.label;
      report();
      const key = modelKey(index, model.modelId);
      const runCases = caseRunnerFor(model, {
        runner: this.runner,
        lookup,
        remote: this.remote,
        endpoints: {
          reset: () => this.runs.recordEndpointDown(runId, key, null),
          down: (endpoint, reason) => this.runs.recordEndpointDown(runId, key, endpoint, reason),
        },
      });
      await runCases(context);
    }

    progress.currentCase = null;
    progress.currentModel = null;
    progress.status = stopped() ? 'paused' : notRun > 0 ? 'failed' : 'completed';
    this.runs.setStatus(runId, progress.status);
    report();
    return progress.status;
  }
}

function workList(run: StoredRun): WorkItem[] {
  const items: WorkItem[] = [];
  run.spec.models.forEach((model, modelIndex) => {
    for (let repetition = 0; repetition < run.spec.repetitions; repetition++) {
      for (const testCase of run.cases) items.push({ modelIndex, modelKey: modelKey(modelIndex, model.modelId), testCase, repetition });
    }
  });
  return items;
}
