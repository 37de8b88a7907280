import { permutationExtremes } from './permutationExtremes';
import { resampleSums } from './resampleSums';

/**
 * A bootstrap of means over the same resamples: row sums, each divided by n (`sum`), or the first
 * row's less the second's (`difference`, for two pass/fail rows, whose sums are whole numbers).
 */
export interface BootstrapRequest {
  kind: 'bootstrap';
  n: number;
  rows: Float64Array[];
  combine: 'sum' | 'difference';
  seed: number;
  resamples: number;
}

/** A Monte Carlo sign-flip test (see `permutationExtremes`). */
export interface PermutationRequest {
  kind: 'permutation';
  diffs: Float64Array;
  threshold: number;
  seed: number;
  permutations: number;
}

export type ResamplingRequest = BootstrapRequest | PermutationRequest;
/** Resampled means for a bootstrap; sign patterns at least as extreme for a permutation test. */
export type ResamplingAnswer = Float64Array | number;

/** How requests are answered while a `withSharedResampling` pass runs. */
export interface ResamplingScope {
  /** A pass that only records what it needs and takes provisional values. */
  readonly recording: boolean;
  /** null while recording. */
  answer(request: ResamplingRequest): ResamplingAnswer | null;
}

let scope: ResamplingScope | null = null;

/** Runs `fn` with `next` answering every resampling request; the previous scope is restored after. */
export function inScope<T>(next: ResamplingScope, fn: () => T): T {
  const previous = scope;
  scope = next;
  try {
    return fn();
  } finally {
    scope = previous;
  }
}

/** Answers a request on its own: the resampling that one call to a statistics function does. */
export function solveAlone(request: ResamplingRequest): ResamplingAnswer {
  if (request.kind === 'permutation') return permutationExtremes([request], request.seed, request.permutations)[0] ?? 0;
  return combineSums(request, resampleSums(request.n, request.rows, request.seed, request.resamples));
}

/** Means per resample from the rows' sums, exactly as summing the per-case values would give them. */
export function combineSums(request: BootstrapRequest, sums: readonly Float64Array[]): Float64Array {
  const [first = new Float64Array(request.resamples), second = new Float64Array(request.resamples)] = sums;
  return request.combine === 'sum' ? first.map((s) => s / request.n) : first.map((s, r) => (s - (second[r] ?? 0)) / request.n);
}

/** The answer from the active scope, or computed at once when there is none. */
export function resample(request: ResamplingRequest): ResamplingAnswer | null {
  return scope === null ? solveAlone(request) : scope.answer(request);
}

/** True while a recording pass runs: expensive work whose result is provisional may be skipped. */
export function recording(): boolean {
  return scope?.recording ?? false;
}
