import type { FailureCategory } from '../../../shared/failureCategory';

/**
 * Which cases the grid shows of a run with robustness variants: the test set's own cases (as the
 * run summary counts them), those and their perturbed variants, or the variants alone.
 */
export type VariantScope = 'originals' | 'all' | 'variants';

/** What the Compare grid shows; every part left at its default lets every case through. */
export interface CompareFilter {
  /** Words that must all appear in the case's id, prompt, expected answers or outputs. */
  search: string;
  failedInAny: boolean;
  /** At least one model passed and another failed (or could not run). */
  disagree: boolean;
  /** Failed (or errored) in model `failed` but passed in model `passed`. */
  failedButPassed: { failed: string; passed: string } | null;
  /** Cases carrying any of these tags. */
  tags: readonly string[];
  /** Cases where any model's failure falls under any of these categories. */
  categories: readonly FailureCategory[];
  /** A mean score (0–1) within [min, max], in one model or in any (`model` null). */
  score: { model: string | null; min: number; max: number } | null;
  /** Mean generation time of at least `minMs`, in one model or in any. */
  latency: { model: string | null; minMs: number } | null;
  /** Of a run with robustness variants, which cases: the originals alone unless asked (as the run summary counts them). */
  variants: VariantScope;
}

export const NO_FILTER: CompareFilter = {
  search: '',
  failedInAny: false,
  disagree: false,
  failedButPassed: null,
  tags: [],
  categories: [],
  score: null,
  latency: null,
  variants: 'originals',
};

export type SortKey = 'case' | 'score' | 'latency' | 'spread';
/** `score` and `latency` sort by one model's value (or the mean over models); `spread` by how far the models' scores lie apart. */
export interface CompareSort {
  key: SortKey;
  model: string | null;
  direction: 'ascending' | 'descending';
}

export const DEFAULT_SORT: CompareSort = { key: 'case', model: null, direction: 'ascending' };
