import fs from 'node:fs';
import path from 'node:path';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { LoadOptions } from '../../shared/engine';
import type { RemoteEndpointSpec } from '../../shared/remoteModel';
import {
  multipleChoiceFigures,
  type MultipleChoiceFigures,
  type MultipleChoiceItem,
} from '../../main/services/loglikelihood/multipleChoice';
import { parseMultipleChoiceJsonl } from '../../main/services/loglikelihood/parseMultipleChoiceJsonl';
import { scoreChoicesLocal } from '../../main/services/loglikelihood/scoreChoicesLocal';
import { summarizeLoglikelihood } from '../../main/services/loglikelihood/summarizeLoglikelihood';
import { loadRunFile, resolveFixture } from '../../main/services/runs/loadRunFile';
import { validateGguf } from '../../main/services/gguf/validateGguf';
import { physicalCores } from '../../main/services/system/physicalCores';
import { UsageError, type Command } from '../command';
import { formatLoglikelihood } from '../formatLoglikelihood';
import { scoreRemoteLoglikelihood } from '../scoreRemoteLoglikelihood';

/** A model to score: a GGUF file here, or a remote model's endpoints (from a run file). */
type ModelEntry = { label: string; file: string } | { label: string; endpoints: RemoteEndpointSpec[] };

const labelOf = (arg: string): string => (arg.startsWith('fixture:') ? arg.slice('fixture:'.length) : path.basename(arg));

/** The models of a run file, as `evalbench run` reads them (paths relative to the file, fixtures, remote endpoints). */
async function runFileModels(file: string): Promise<ModelEntry[]> {
  const loaded = await loadRunFile(file);
  return loaded.runFile.models.map((m, i) =>
    'path' in m ? { label: m.label ?? labelOf(m.path), file: loaded.modelPaths[i] ?? m.path } : { label: m.label, endpoints: m.endpoints },
  );
}

/** Every item scored on a local GGUF file; null after printing what was wrong, or at once when `signal` fires (between two forward passes). */
async function scoreLocal(
  llama: Llama,
  file: string,
  items: readonly MultipleChoiceItem[],
  options: { contextSize: number; threads: number; setFile: string; stderr: NodeJS.WritableStream; signal: AbortSignal },
): Promise<MultipleChoiceFigures[] | null> {
  const { stderr, signal } = options;
  const check = await validateGguf(file);
  if (!check.ok) {
    for (const p of check.problems) stderr.write(`${p.severity}: ${p.message}\n`);
    return null;
  }
  // The settings a run's worker loads with (flash attention and KV cache type), not node-llama-cpp's
  // own defaults (flash attention "auto"): the same items must get the same figures here as in a run.
  const load = LoadOptions.parse({});
  const kvCacheType = load.kvCacheType.toUpperCase() as Uppercase<LoadOptions['kvCacheType']>;
  const model = await llama.loadModel({ modelPath: file, defaultContextFlashAttention: load.flashAttention });
  try {
    const context = await model.createContext({
      contextSize: options.contextSize,
      threads: options.threads,
      flashAttention: load.flashAttention,
      experimentalKvCacheKeyType: kvCacheType,
      experimentalKvCacheValueType: kvCacheType,
    });
    try {
      const sequence = context.getSequence();
      const figures: MultipleChoiceFigures[] = [];
      for (const item of items) {
        try {
          figures.push(multipleChoiceFigures(item, await scoreChoicesLocal(model, sequence, item, signal)));
        } catch (error) {
          // Interrupted: the command says so once, not as this item's failure.
          if (signal.aborted) return null;
          stderr.write(`${options.setFile}: item ${item.id}: ${error instanceof Error ? error.message : String(error)}\n`);
          return null;
        }
      }
      return figures;
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

/**
 * node-llama-cpp on the CPU, or null when Ctrl-C came while it started: its binding test runs in a
 * child process, which the terminal's signal ends too, and the "no binary found" that follows is
 * not the user's problem.
 */
async function startLlama(signal: AbortSignal): Promise<Llama | null> {
  try {
    return await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, logger: () => undefined });
  } catch (error) {
    if (signal.aborted) return null;
    throw error;
  }
}

/** A model argument as a file path: a .gguf path, or `fixture:NAME`. */
async function modelPath(arg: string): Promise<string> {
  const fixture = /^fixture:(.+)$/.exec(arg)?.[1];
  if (fixture === undefined) return path.resolve(arg);
  const resolved = await resolveFixture(fixture);
  if (resolved === null) throw new UsageError(`unknown fixture "${fixture}"`);
  return resolved;
}

export const loglikelihoodCommand: Command = {
  name: 'loglikelihood',
  summary:
    'Multiple-choice accuracy by log-likelihood, as lm-evaluation-harness computes acc and acc_norm, for local models and remote endpoints.',
  usage: 'evalbench loglikelihood --set ITEMS.jsonl [MODEL.gguf…] [--models RUN.yaml] [--ctx 512] [--threads N] [--json]',
  options: {
    set: {
      type: 'string',
      valueName: 'FILE',
      description: 'Multiple-choice JSONL: MMLU, ARC, HellaSwag rows, or Evalbench’s {context, choices, answer}.',
    },
    ctx: { type: 'string', valueName: 'N', description: 'Context size (default 512).' },
    threads: { type: 'string', valueName: 'N', description: 'CPU threads (default: the physical cores).' },
    models: {
      type: 'string',
      valueName: 'RUN.yaml',
      description:
        'Also score the models of a run file, after MODEL…: GGUF files, and remote endpoints that return prompt log-probabilities (vLLM; llama-server; OpenAI-compatible servers that echo logprobs).',
    },
    json: { type: 'boolean', description: 'Print the summary as JSON.' },
  },
  positionals: [
    {
      name: 'MODEL',
      description: 'GGUF files (or fixture:NAME); the first model (these, then --models) is the baseline of the comparisons.',
    },
  ],
  async run(values, positionals, { stdout, stderr, env }) {
    if (typeof values.set !== 'string') throw new UsageError('give the items with --set FILE.jsonl');
    if (positionals.length === 0 && typeof values.models !== 'string')
      throw new UsageError('name at least one model, or a run file with --models');
    const contextSize = Number(values.ctx ?? 512);
    const threads = Number(values.threads ?? physicalCores());
    if (!Number.isInteger(contextSize) || contextSize < 16) throw new UsageError('--ctx must be a whole number of at least 16');
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError('--threads must be a whole number of at least 1');
    let text: string;
    try {
      text = fs.readFileSync(values.set, 'utf8');
    } catch {
      stderr.write(`evalbench loglikelihood: cannot read ${values.set}.\n`);
      return 1;
    }
    const { items, errors } = parseMultipleChoiceJsonl(text, values.set);
    for (const e of errors) stderr.write(`${e}\n`);
    if (errors.length > 0 || items.length === 0) {
      if (items.length === 0 && errors.length === 0) stderr.write(`${values.set}: no items.\n`);
      return 1;
    }
    const entries: ModelEntry[] = [];
    for (const arg of positionals) entries.push({ label: labelOf(arg), file: await modelPath(arg) });
    if (typeof values.models === 'string') {
      try {
        entries.push(...(await runFileModels(values.models)));
      } catch (error) {
        stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }
    }
    let llama: Llama | null = null;
    const models: { label: string; figures: MultipleChoiceFigures[] }[] = [];
    // Ctrl-C (or SIGTERM) stops the scoring between two forward passes or requests; a second one ends the process at once.
    const controller = new AbortController();
    const { signal } = controller;
    const onSignal = (): void => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      for (const entry of entries) {
        let figures: MultipleChoiceFigures[] | null;
        if ('file' in entry) {
          llama ??= await startLlama(signal);
          figures =
            llama === null
              ? null
              : await scoreLocal(llama, entry.file, items, { contextSize, threads, setFile: values.set, stderr, signal });
        } else {
          figures = await scoreRemoteLoglikelihood(entry.label, entry.endpoints, items, { setFile: values.set, env, stderr, signal });
        }
        // A Ctrl-C after the last forward pass still leaves this model's figures whole.
        if (figures === null && signal.aborted) {
          stderr.write(
            `evalbench loglikelihood: stopped while scoring ${entry.label}, with ${models.length} of ${entries.length} models done; no summary of part of the items is printed. Run the command again to score them all.\n`,
          );
          return 130;
        }
        if (figures === null) return 1;
        models.push({ label: entry.label, figures });
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await llama?.dispose();
    }
    const summaries = summarizeLoglikelihood(models);
    const printed =
      values.json === true
        ? JSON.stringify({ items: items.length, models: summaries }, null, 2)
        : formatLoglikelihood(summaries).join('\n');
    stdout.write(`${printed}\n`);
    return 0;
  },
};
