import type { GenerationInput, GenerationParams, GenerationResult, LoadedModelInfo, LoadOptions } from '../../../shared/engine';
import type { ChoiceScore } from '../loglikelihood/multipleChoice';

/**
 * Messages between the engine (parent) and one inference worker (child process). Plain
 * structured-cloneable objects: they cross `child_process` IPC and Electron's utility-process port.
 */
export type ToWorker =
  | { type: 'load'; id: number; modelPath: string; options: LoadOptions }
  | { type: 'generate'; id: number; input: GenerationInput; params: GenerationParams; streamIntervalMs: number }
  | { type: 'cancel'; id: number }
  | { type: 'memory'; id: number }
  | { type: 'tokenize'; id: number; text: string }
  | { type: 'embed'; id: number; texts: string[] }
  | { type: 'fidelityChunk'; id: number; request: FidelityChunkRequest }
  | { type: 'scoreChoices'; id: number; context: string; choices: string[] }
  | { type: 'estimate'; id: number; modelPath: string; options: LoadOptions }
  | { type: 'unload'; id: number };

/**
 * What loading a model on the CPU would take, in bytes, sized by llama.cpp without allocating
 * (node-llama-cpp's GgufInsights). The weights as mapped from the file, the second copy the CPU
 * backend makes of repackable weights, the KV cache, the rest of the context (compute and output
 * buffers), and what sizing it added to the estimating worker's peak memory: llama.cpp's code
 * paged in and its bookkeeping, which a real load adds as well.
 */
export interface LoadEstimate {
  weightsBytes: number;
  repackBytes: number;
  kvCacheBytes: number;
  computeBytes: number;
  runtimeBytes: number;
}

/**
 * One chunk of a quantisation-fidelity measurement (llama-perplexity --kl-divergence): the tokens
 * (BOS first), which positions are scored, and where the base model's log-probabilities are kept.
 */
export interface FidelityChunkRequest {
  tokens: number[];
  /** First scored position; positions first…length−2 each predict the next token. */
  firstScored: number;
  /** `base` writes its log-probabilities to `logprobsFile`; `candidate` reads them to compare. */
  role: 'base' | 'candidate';
  logprobsFile: string;
  /** Where this chunk's vectors start in the file, in scored positions. */
  positionOffset: number;
}

/** Per scored position, in order. */
export interface FidelityChunkResult {
  /** −log p(target) under this model. */
  nll: number[];
  /** This model's most likely token. */
  top: number[];
  /** p(target) under this model. */
  targetProbability: number[];
  vocabularySize: number;
  /** Candidate only: KL(base ‖ candidate), p_cand(target) − p_base(target), same top token, and the base's NLL. */
  kld?: number[];
  deltaP?: number[];
  sameTop?: boolean[];
  baseNll?: number[];
}

export interface WorkerFailure {
  message: string;
  /** llama.cpp's last log lines before the failure, oldest first. */
  logs: string[];
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'loaded'; id: number; info: LoadedModelInfo }
  | { type: 'chunk'; id: number; text: string; tokens: number }
  | { type: 'generated'; id: number; result: GenerationResult }
  | { type: 'memory'; id: number; memory: GenerationResult['memory'] }
  | { type: 'tokens'; id: number; tokens: number[]; bos: number | null }
  | { type: 'embeddings'; id: number; vectors: number[][] }
  | { type: 'fidelityChunk'; id: number; result: FidelityChunkResult }
  | { type: 'choiceScores'; id: number; scores: ChoiceScore[] }
  | { type: 'estimated'; id: number; estimate: LoadEstimate }
  | { type: 'unloaded'; id: number }
  | { type: 'failed'; id: number; error: WorkerFailure }
  | { type: 'log'; level: string; message: string };
