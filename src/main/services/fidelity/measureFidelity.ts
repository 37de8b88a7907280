import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptionsInput } from '../../../shared/engine';
import { fidelityReport, type FidelityReport } from '../../../shared/stats/fidelityStats';
import type { Engine, LoadedModel } from '../engine/Engine';
import { readGgufHeader } from '../gguf/GgufReader';
import { readModelMetadata } from '../models/readModelMetadata';
import { defaultChunkTokens, fidelityChunks, fidelityStream, MIN_CHUNK_TOKENS, TextTooShortError } from './fidelityChunks';

export interface FidelityOptions {
  base: string;
  candidates: readonly string[];
  text: string;
  /** Tokens per chunk (llama-perplexity's n_ctx); by default 512, or less where the model's trained context or the text is shorter. */
  contextSize?: number;
  /** Use at most this many chunks (all by default). */
  maxChunks?: number;
  load?: LoadOptionsInput;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface FidelityResult {
  contextSize: number;
  chunks: number;
  tokens: number;
  /** Base log-probabilities are kept at 32-bit float precision and every KLD term is summed (llama.cpp drops terms below log p = −16). */
  precision: string;
  candidates: { path: string; report: FidelityReport }[];
}

/**
 * Quantisation fidelity of candidate models against a base, as `llama-perplexity
 * --kl-divergence` measures it: the text, with BOS first as llama.cpp tokenizes it, is cut into
 * chunks of `contextSize` tokens, each evaluated from an empty KV cache with its first token
 * replaced by BOS, and positions n/2 … n−2 are scored. The base's log-probabilities go to a temporary file that each
 * candidate is compared against, one model loaded at a time.
 */
export async function measureFidelity(engine: Engine, options: FidelityOptions): Promise<FidelityResult> {
  const requested = options.contextSize;
  if (requested !== undefined && (requested < MIN_CHUNK_TOKENS || requested % 2 !== 0)) {
    throw new Error(`The chunk size must be an even number of at least ${MIN_CHUNK_TOKENS} tokens, got ${requested}.`);
  }
  // The context holds the largest chunk the default may pick; a shorter one fits in it.
  const load: LoadOptionsInput = {
    ...options.load,
    contextSize: requested ?? Math.max(MIN_CHUNK_TOKENS, defaultChunkTokens(Infinity, await trainContextOf(options.base))),
  };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-fidelity-'));
  const logprobsFile = path.join(scratch, 'base-logprobs.f32');
  try {
    const base = await engine.load(options.base, load);
    let plan: ChunkPlan;
    try {
      plan = await planChunks(engine, base, options);
      for (const [c, chunk] of plan.chunks.entries()) {
        if (options.signal?.aborted === true) throw new Error('Cancelled.');
        options.onProgress?.(`base: chunk ${c + 1}/${plan.chunks.length}`);
        await engine.fidelityChunk(base.id, {
          tokens: chunk,
          firstScored: plan.firstScored,
          role: 'base',
          logprobsFile,
          positionOffset: c * plan.perChunk,
        });
      }
    } finally {
      await engine.unload(base.id);
    }
    const { contextSize, chunks, baseTokens, firstScored, perChunk } = plan;

    const candidates: FidelityResult['candidates'] = [];
    for (const candidatePath of options.candidates) {
      const candidate = await engine.load(candidatePath, load);
      try {
        const { tokens } = await engine.tokenize(candidate.id, options.text);
        if (tokens.length !== baseTokens.length || tokens.some((t, i) => t !== baseTokens[i])) {
          throw new Error(
            `${path.basename(candidatePath)} tokenizes the text differently from ${path.basename(options.base)}: they are not quantizations of the same model.`,
          );
        }
        const series = {
          baseNll: [] as number[],
          candidateNll: [] as number[],
          kld: [] as number[],
          deltaP: [] as number[],
          sameTop: [] as boolean[],
        };
        for (const [c, chunk] of chunks.entries()) {
          if (options.signal?.aborted === true) throw new Error('Cancelled.');
          options.onProgress?.(`${path.basename(candidatePath)}: chunk ${c + 1}/${chunks.length}`);
          const r = await engine.fidelityChunk(candidate.id, {
            tokens: chunk,
            firstScored,
            role: 'candidate',
            logprobsFile,
            positionOffset: c * perChunk,
          });
          series.candidateNll.push(...r.nll);
          series.baseNll.push(...(r.baseNll ?? []));
          series.kld.push(...(r.kld ?? []));
          series.deltaP.push(...(r.deltaP ?? []));
          series.sameTop.push(...(r.sameTop ?? []));
        }
        candidates.push({ path: candidatePath, report: fidelityReport(series) });
      } finally {
        await engine.unload(candidate.id);
      }
    }
    return {
      contextSize,
      chunks: chunks.length,
      tokens: chunks.length * contextSize,
      precision:
        'base log-probabilities kept as float32; every KLD term summed (llama.cpp stores them in 16 bits and skips terms with log p_base ≤ −16)',
      candidates,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

interface ChunkPlan {
  contextSize: number;
  chunks: number[][];
  /** The text's tokens under the base model, BOS not included. */
  baseTokens: number[];
  firstScored: number;
  /** Scored positions per chunk. */
  perChunk: number;
}

/** The base model's tokens of the text cut into chunks, of the size asked for or the default that fits. */
async function planChunks(engine: Engine, base: LoadedModel, options: FidelityOptions): Promise<ChunkPlan> {
  const { tokens, bos } = await engine.tokenize(base.id, options.text);
  const stream = fidelityStream(tokens, bos);
  const trained = base.info.trainContextSize;
  const contextSize = options.contextSize ?? defaultChunkTokens(stream.length, trained);
  if (contextSize < MIN_CHUNK_TOKENS) throw new TextTooShortError(stream.length, MIN_CHUNK_TOKENS);
  if (trained > 0 && contextSize > trained)
    options.onProgress?.(
      `note: chunks of ${contextSize} tokens are longer than the ${trained} tokens ${path.basename(options.base)} was trained on`,
    );
  const firstScored = contextSize / 2;
  return {
    contextSize,
    chunks: fidelityChunks(stream, bos, contextSize, options.maxChunks),
    baseTokens: tokens,
    firstScored,
    perChunk: contextSize - 1 - firstScored,
  };
}

/** The context length the model was trained on, from its GGUF header; null when the header does not say. */
async function trainContextOf(file: string): Promise<number | null> {
  const read = await readGgufHeader(file);
  return read.ok ? readModelMetadata([read.header]).contextLength : null;
}
