import fs from 'node:fs';
import path from 'node:path';
import type { FidelityReport, MeanWithError } from '../../shared/stats/fidelityStats';
import { builtPaths } from '../../main/services/appPaths';
import { Engine } from '../../main/services/engine/Engine';
import { forkWorker } from '../../main/services/engine/WorkerProcess';
import { expectedAnswersText } from '../../main/services/fidelity/expectedAnswersText';
import { MIN_CHUNK_TOKENS, TextTooShortError } from '../../main/services/fidelity/fidelityChunks';
import { measureFidelity, type FidelityResult } from '../../main/services/fidelity/measureFidelity';
import { runCases } from '../../main/services/runs/RunService';
import { loadTestSetFile } from '../../main/services/testsets/loadTestSetFile';
import { formatDiagnostic } from '../../shared/testset/TestSetDiagnostic';
import { validateGguf } from '../../main/services/gguf/validateGguf';
import { resolveModelPath, unknownFixtureMessage } from '../../main/services/runs/loadRunFile';
import { UsageError, type Command } from '../command';
import { optionalFields } from '../../shared/optionalFields';

const f = (m: MeanWithError, digits = 6): string => `${m.value.toFixed(digits)} ± ${m.uncertainty.toFixed(digits)}`;

/** One candidate's figures laid out like llama-perplexity's KL-divergence statistics. */
export function formatFidelity(result: FidelityResult, basePath: string): string {
  const lines = [
    `Base ${path.basename(basePath)}: ${result.chunks} chunks of ${result.contextSize} tokens (${result.tokens} tokens), ${result.precision}.`,
  ];
  for (const { path: file, report } of result.candidates) {
    const r: FidelityReport = report;
    lines.push(
      '',
      `${path.basename(file)} (${r.positions} scored positions)`,
      `  PPL(base)            ${f(r.basePerplexity, 4)}`,
      `  PPL(candidate)       ${f(r.candidatePerplexity, 4)}`,
      `  ln(PPL ratio)        ${f(r.logPerplexityRatio)}   (NLL correlation ${(r.nllCorrelation * 100).toFixed(2)}%)`,
      `  Mean KLD             ${f(r.meanKld)}`,
      `  KLD percentiles      ${Object.entries(r.kldPercentiles)
        .map(([k, v]) => `${k} ${v.toFixed(6)}`)
        .join(', ')}`,
      `  Mean Δp              ${(r.meanDeltaP.value * 100).toFixed(3)} ± ${(r.meanDeltaP.uncertainty * 100).toFixed(3)} %`,
      `  RMS Δp               ${(r.rmsDeltaP.value * 100).toFixed(3)} ± ${(r.rmsDeltaP.uncertainty * 100).toFixed(3)} %`,
      `  Same top p           ${(r.sameTop.value * 100).toFixed(3)} ± ${(r.sameTop.uncertainty * 100).toFixed(3)} %`,
    );
  }
  return lines.join('\n') + '\n';
}

function readText(file: string, stderr: NodeJS.WritableStream): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    stderr.write(`evalbench fidelity: cannot read ${file}.\n`);
    return null;
  }
}

/** A test set's expected answers as one text, or null after saying what is wrong with the file. */
async function expectedAnswers(file: string, stderr: NodeJS.WritableStream): Promise<string | null> {
  const loaded = await loadTestSetFile(file);
  if (loaded.testSet === null) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) stderr.write(`${formatDiagnostic(d)}\n`);
    return null;
  }
  const text = expectedAnswersText(runCases(loaded.testSet));
  if (text === '') {
    stderr.write(`evalbench fidelity: ${file} has no expected answers to evaluate on; give --text FILE instead.\n`);
    return null;
  }
  return text;
}

export const fidelityCommand: Command = {
  name: 'fidelity',
  summary:
    'How far quantizations move from their base model: perplexity, KL divergence, Δp and same-top rate (as llama-perplexity --kl-divergence).',
  usage: 'evalbench fidelity --reference REF.gguf CANDIDATE.gguf… (--text FILE | --text-from TESTSET) [--ctx N] [--chunks N] [--json]',
  positionals: [{ name: 'CANDIDATE.gguf…', description: 'The quantizations to compare with the reference.' }],
  options: {
    reference: {
      type: 'string',
      valueName: 'FILE',
      description: 'The reference model (usually F16 or BF16); a path or fixture:NAME, as candidates.',
    },
    base: { type: 'string', valueName: 'FILE', description: 'Same as --reference.' },
    candidate: {
      type: 'string',
      valueName: 'FILE',
      multiple: true,
      description: 'A quantization to compare with the base; repeat for several.',
    },
    text: { type: 'string', valueName: 'FILE', description: 'Plain text to evaluate on (e.g. wikitext-2 test).' },
    'text-from': {
      type: 'string',
      valueName: 'TESTSET',
      description: 'Evaluate on a test set’s expected answers, joined (instead of --text).',
    },
    ctx: {
      type: 'string',
      valueName: 'N',
      description: 'Tokens per chunk (default 512, or the model’s trained context or the text if shorter); positions N/2 … N−2 are scored.',
    },
    chunks: { type: 'string', valueName: 'N', description: 'Use at most N chunks (default: all the text gives).' },
    threads: { type: 'string', valueName: 'N', description: 'CPU threads (default: physical cores).' },
    'gpu-layers': { type: 'string', valueName: 'N|max|auto', description: 'Layers to offload to the GPU (default auto).' },
    json: { type: 'boolean', description: 'Print the figures as JSON.' },
  },
  async run(values, positionals, { stdout, stderr, env }) {
    const givenBase = typeof values.reference === 'string' ? values.reference : typeof values.base === 'string' ? values.base : undefined;
    const givenCandidates = [
      ...positionals,
      ...(Array.isArray(values.candidate) ? values.candidate.filter((c): c is string => typeof c === 'string') : []),
    ];
    const textFile = typeof values.text === 'string' ? values.text : undefined;
    const testSetFile = typeof values['text-from'] === 'string' ? values['text-from'] : undefined;
    if (givenBase === undefined || givenCandidates.length === 0 || (textFile === undefined) === (testSetFile === undefined)) {
      throw new UsageError('--reference, at least one candidate model, and one of --text or --text-from are required.');
    }
    // Model files as everywhere else: paths, or `fixture:NAME` for the project's own models.
    const resolved: string[] = [];
    for (const reference of [givenBase, ...givenCandidates]) {
      const file = await resolveModelPath(reference, process.cwd());
      if (file === null) throw new UsageError(unknownFixtureMessage(reference));
      resolved.push(file);
    }
    const [base = givenBase, ...candidates] = resolved;
    const number = (name: string): number | undefined => {
      const v = values[name];
      if (typeof v !== 'string') return undefined;
      if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}".`);
      return Number(v);
    };
    const gpu = values['gpu-layers'];
    const gpuLayers =
      gpu === undefined
        ? 'auto'
        : gpu === 'max' || gpu === 'auto'
          ? gpu
          : typeof gpu === 'string' && /^\d+$/.test(gpu)
            ? Number(gpu)
            : null;
    if (gpuLayers === null) throw new UsageError('--gpu-layers must be a number, max or auto.');
    const threads = number('threads');
    const ctx = number('ctx');
    if (ctx !== undefined && (ctx < MIN_CHUNK_TOKENS || ctx % 2 !== 0))
      throw new UsageError(`--ctx must be an even number of at least ${MIN_CHUNK_TOKENS}, got ${ctx}.`);
    const chunks = number('chunks');
    for (const file of [base, ...candidates]) {
      const check = await validateGguf(file);
      if (!check.ok) {
        for (const p of check.problems.filter((x) => x.severity === 'error')) stderr.write(`error: ${p.message}\n  ${p.hint}\n`);
        return 1;
      }
    }
    const text = testSetFile === undefined ? readText(textFile ?? '', stderr) : await expectedAnswers(testSetFile, stderr);
    if (text === null) return 1;
    const engine = new Engine({ workerScript: env.EVALBENCH_WORKER_SCRIPT ?? builtPaths.worker(), launch: forkWorker });
    try {
      const result = await measureFidelity(engine, {
        base,
        candidates,
        text,
        ...optionalFields({ contextSize: ctx, maxChunks: chunks }),
        load: { gpuLayers, ...optionalFields({ threads }) },
        onProgress: (m) => stderr.write(`${m}\n`),
      });
      stdout.write(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatFidelity(result, base));
      return 0;
    } catch (error) {
      const hint = error instanceof TextTooShortError ? ' Give more text, or a smaller --ctx.' : '';
      stderr.write(`evalbench fidelity: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
};
