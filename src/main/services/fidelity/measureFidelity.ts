import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptionsInput } from '../../../shared/engine';
import { fidelityReport, type FidelityReport } from '../../../shared/stats/fidelityStats';
import type { Engine } from '../engine/Engine';

export interface FidelityOptions {
  base: string;
  candidates: readonly string[];
  text: string;
  /** Tokens per chunk (llama-perplexity's n_ctx); 512 by default. */
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
 * --kl-divergence` measures it: the text is cut into chunks of `contextSize` tokens, each
 * evaluated from an empty KV cache with its first token replaced by BOS, and positions
 * n/2 … n−2 are scored. The base's log-probabilities go to a temporary file that each
 * candidate is compared against, one model loaded at a time.
 */
export async function measureFidelity(engine: Engine, options: FidelityOptions): Promise<FidelityResult> {
  const contextSize = options.contextSize ?? 512;
  if (contextSize < 8 || contextSize % 2 !== 0) throw new Error(`--ctx must be an even number of at least 8 tokens, got ${contextSize}.`);
  const load: LoadOptionsInput = { ...options.load, contextSize };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-fidelity-'));
  const logprobsFile = path.join(scratch, 'base-logprobs.f32');
  const firstScored = contextSize / 2;
  const perChunk = contextSize - 1 - firstScored;
  try {
    const base = await engine.load(options.base, load);
    let chunks: number[][];
    let baseTokens: number[];
    try {
      const { tokens, bos } = await engine.tokenize(base.id, options.text);
      baseTokens = tokens;
      const available = Math.floor(tokens.length / contextSize);
      const count = Math.min(available, options.maxChunks ?? available);
      if (count === 0) throw new Error(`The text has ${tokens.length} tokens, fewer than one chunk of ${contextSize}; give more text or a smaller --ctx.`);
      chunks = Array.from({ length: count }, (_, c) => {
        const chunk = tokens.slice(c * contextSize, (c + 1) * contextSize);
        if (bos !== null) chunk[0] = bos;
        return chunk;
      });
      for (const [c, chunk] of chunks.entries()) {
        if (options.signal?.aborted === true) throw new Error('Cancelled.');
        options.onProgress?.(`base: chunk ${c + 1}/${chunks.length}`);
        await engine.fidelityChunk(base.id, { tokens: chunk, firstScored, role: 'base', logprobsFile, positionOffset: c * perChunk });
      }
    } finally {
      await engine.unload(base.id);
    }

    const candidates: FidelityResult['candidates'] = [];
    for (const candidatePath of options.candidates) {
      const candidate = await engine.load(candidatePath, load);
      try {
        const { tokens } = await engine.tokenize(candidate.id, options.text);
        if (tokens.length !== baseTokens.length || tokens.some((t, i) => t !== baseTokens[i])) {
          throw new Error(`${path.basename(candidatePath)} tokenizes the text differently from ${path.basename(options.base)}: they are not quantizations of the same model.`);
        }
        const series = { baseNll: [] as number[], candidateNll: [] as number[], kld: [] as number[], deltaP: [] as number[], sameTop: [] as boolean[] };
        for (const [c, chunk] of chunks.entries()) {
          if (options.signal?.aborted === true) throw new Error('Cancelled.');
          options.onProgress?.(`${path.basename(candidatePath)}: chunk ${c + 1}/${chunks.length}`);
          const r = await engine.fidelityChunk(candidate.id, { tokens: chunk, firstScored, role: 'candidate', logprobsFile, positionOffset: c * perChunk });
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
      precision: 'base log-probabilities kept as float32; every KLD term summed (llama.cpp stores them in 16 bits and skips terms with log p_base ≤ −16)',
      candidates,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
