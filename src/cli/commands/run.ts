import path from 'node:path';
import { contextWarning } from '../../shared/contextWarning';
import type { RunSummary } from '../../shared/runSummary';
import { withSharedResampling } from '../../shared/stats';
import { builtPaths } from '../../main/services/appPaths';
import { dataDir } from '../../main/services/dataDir';
import { forkWorker } from '../../main/services/engine/WorkerProcess';
import { loadRunFile } from '../../main/services/runs/loadRunFile';
import { summarizeRun } from '../../main/services/runs/summarizeRun';
import { writeRunResults } from '../../main/services/runs/writeRunResults';
import { createServices } from '../../main/services/Services';
import { UsageError, type Command } from '../command';
import { checkFailUnder, parseFailUnder } from '../failUnder';
import { progressPrinter } from '../progressPrinter';
import { formatRunSummary } from '../formatRunSummary';
import { formatRunFidelity, measureRunFileFidelity, type RunFileFidelity } from '../runFileFidelity';

/** A warning for each local model of the run loaded with more context than it was trained on. */
function contextWarnings(services: ReturnType<typeof createServices>, runId: string): string[] {
  const library = new Map(services.models.list().map((m) => [m.id, m]));
  return services.runs.runs.get(runId).spec.models.flatMap((m) => {
    const entry = m.remote === undefined ? library.get(m.modelId) : undefined;
    const warning = entry === undefined ? null : contextWarning(m.label ?? entry.name, entry.metadata?.contextLength, m.load.contextSize);
    return warning === null ? [] : [warning];
  });
}

export const runCommand: Command = {
  name: 'run',
  summary: 'Run every model of a run file on its test set, for pipelines; the run appears in the app too.',
  usage: 'evalbench run RUN.yaml [--json] [--out DIR] [--fail-under EXPR] | evalbench run --resume RUN_ID',
  positionals: [
    { name: 'RUN.yaml', description: 'The run file: test set, models (GGUF paths, or OpenAI-compatible endpoints), parameters, mode.' },
  ],
  options: {
    json: { type: 'boolean', description: 'Print the summary as JSON (scores with intervals, latency, memory, results file).' },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Folder for results.jsonl and summary.json (default: the run’s folder in the data folder).',
    },
    resume: { type: 'string', valueName: 'RUN_ID', description: 'Finish a run that was interrupted: exactly the missing cases run.' },
    'fail-under': {
      type: 'string',
      valueName: 'EXPR',
      description:
        'Exit with code 3 when a model misses a condition, e.g. "pass_rate>=0.8, errors==0" (also mean_score, ttft_p50_ms, gen_tps_p50).',
    },
  },
  async run(values, positionals, { stdout, stderr, env }) {
    const [file, ...extra] = positionals;
    const resume = typeof values.resume === 'string' ? values.resume : undefined;
    if (extra.length > 0) throw new UsageError('Give one run file.');
    if (file === undefined && resume === undefined) throw new UsageError('Name a run file, or --resume RUN_ID.');
    const conditions = typeof values['fail-under'] === 'string' ? parseFailUnder(values['fail-under']) : [];
    const json = values.json === true;
    const log = json ? stderr : stdout;

    const home = dataDir(env);
    const services = createServices({
      home,
      host: 'cli',
      engine: { workerScript: env.EVALBENCH_WORKER_SCRIPT ?? builtPaths.worker(), launch: forkWorker },
      remote: { env },
    });
    const controller = new AbortController();
    const onSignal = (): void => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      let baseline: string | undefined;
      let fidelityFile: RunFileFidelity | undefined;
      let runId: string;
      if (resume !== undefined) {
        runId = services.runs.runs.resolveId(resume);
      } else {
        const loaded = await loadRunFile(file ?? '');
        baseline = loaded.runFile.baseline;
        if (loaded.runFile.fidelity !== undefined)
          fidelityFile = { block: loaded.runFile.fidelity, dir: path.dirname(path.resolve(loaded.file)) };
        runId = await services.runs.createFromFile(loaded);
      }
      log.write(`Run ${runId} ${resume === undefined ? 'started' : 'resumed'} (data in ${home}).\n`);
      for (const warning of contextWarnings(services, runId)) stderr.write(`warning: ${warning}\n`);
      const printer = progressPrinter(json ? stderr : stdout);
      const status = await services.runs.execute(runId, { signal: controller.signal, onProgress: (p) => printer.update(p) });
      printer.end();

      const run = services.runs.runs.get(runId);
      const labels = new Map(services.models.list().map((m) => [m.id, m.name]));
      const results = services.runs.runs.results(runId);
      const scores = services.runs.runs.scores(runId);
      // Its bootstraps share their draws: a large run summarises in seconds, not minutes.
      const summary: RunSummary = withSharedResampling(() => summarizeRun(run, results, scores, labels, baseline));
      const outDir = path.resolve(typeof values.out === 'string' ? values.out : path.join(home, 'runs', runId));
      const resultsFile = writeRunResults(outDir, run, results, scores, summary);
      const fidelity =
        fidelityFile !== undefined && status === 'completed'
          ? await measureRunFileFidelity(services.fidelity, summary, fidelityFile, (m) => stderr.write(`fidelity: ${m}\n`))
          : null;
      if (json) stdout.write(`${JSON.stringify({ ...summary, resultsFile, ...(fidelity === null ? {} : { fidelity }) }, null, 2)}\n`);
      else
        stdout.write(
          `${formatRunSummary(summary)}\nPer-case results: ${resultsFile}\n${fidelity === null ? '' : formatRunFidelity(fidelity)}`,
        );

      if (status === 'paused') {
        log.write(`Stopped before the end; nothing finished is lost. Resume with: evalbench run --resume ${runId}\n`);
        return 130;
      }
      if (status === 'failed') {
        const notRun = results.filter((r) => r.error?.kind === 'not-run').length;
        stderr.write(
          `${notRun} case${notRun === 1 ? '' : 's'} never ran because a model could not be loaded (the per-case results say why). Run them with: evalbench run --resume ${runId}\n`,
        );
        return 1;
      }
      const failures = checkFailUnder(conditions, summary.models);
      for (const f of failures) stderr.write(`fail-under: ${f}\n`);
      return failures.length > 0 ? 3 : 0;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      stderr.write(`evalbench run: ${message}\n`);
      const hint = (error as { hint?: unknown }).hint;
      if (typeof hint === 'string') stderr.write(`${hint}\n`);
      return 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await services.close();
    }
  },
};
