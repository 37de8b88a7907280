import type { ReviewLabel } from '../../../shared/api';
import type { LoadedModelInfo, LoadOptions, GenerationParams } from '../../../shared/engine';
import type { ModelFidelity } from '../../../shared/fidelity';
import type { ModelMetadata } from '../../../shared/models';
import type { FailureSelection, ReportSection } from '../../../shared/reports';
import type { CaseResult, CaseScore, RunCase, RunEnvironment, RunMode, RunModel, RunOrder } from '../../../shared/runs';
import type { RunSummary } from '../../../shared/runSummary';
import type { RunTelemetry } from '../../../shared/charts/memoryTimeline';

/** A person's label on one result, as a report prints it. */
export type ReportReview = Pick<ReviewLabel, 'verdict' | 'note' | 'tags' | 'updatedAt'>;

/**
 * One model's answer to one case (one repetition) with everything a report or an analysis
 * needs: the result as stored, its scores, the overall verdict before and after review, and
 * the review label. CSV and JSONL exports hold exactly these fields.
 */
export interface CaseRecord {
  runId: string;
  /** The model's label in the run. */
  model: string;
  modelKey: string;
  caseId: string;
  /** For a robustness variant, the case it perturbs and how; null for the test set's own cases. */
  variantOf: string | null;
  perturbation: string | null;
  repetition: number;
  seed: number;
  tags: string[];
  output: string | null;
  stopReason: CaseResult['stopReason'];
  timings: CaseResult['timings'];
  memory: CaseResult['memory'];
  error: CaseResult['error'];
  cachedFrom: string | null;
  /** The remote endpoint that answered; null for a local model. */
  endpoint: CaseResult['endpoint'];
  /** Where each timing and memory figure came from (remote models); null for a local model. */
  provenance: CaseResult['provenance'];
  finishedAt: string;
  /** A log-likelihood case's per-choice log-likelihoods and figures; null for a generated answer (absent in older exports). */
  loglikelihood?: CaseResult['loglikelihood'];
  /** Passed with a review verdict applied (a person's pass or fail wins); null: not scored. */
  passed: boolean | null;
  /** What the scorers said, before review. */
  automaticPassed: boolean | null;
  /** Weighted mean score on 0–1. */
  score: number | null;
  scores: CaseScore[];
  review: ReportReview | null;
}

/** A model of the run as the reproducibility section describes it. */
export interface ReportModelInfo {
  label: string;
  modelKey: string;
  modelId: string;
  /** From the library; null when the model was removed from it since the run. */
  fileName: string | null;
  path: string | null;
  sha256: string | null;
  sizeBytes: number | null;
  metadata: ModelMetadata | null;
  /** How the run asked for it to be loaded. */
  load: LoadOptions;
  /** What loading really gave (backend, offloaded layers, threads, llama.cpp release); null when it never loaded. */
  loaded: LoadedModelInfo | null;
  /** A remote model's endpoints (base URLs, served model names; never keys); null for a local model. */
  remote: NonNullable<RunModel['remote']> | null;
}

/** A failure case: the case and every model's answers to it. */
export interface FailureCase {
  caseId: string;
  tags: string[];
  /** What the models were asked, as text (chat messages one a line, `role: text`). */
  prompt: string;
  expected: string[];
  answers: CaseRecord[];
}

/** Everything a report shows, built once from the store and rendered to each format. */
export interface Report {
  title: string;
  notes: string;
  generatedAt: string;
  sections: ReportSection[];
  failureSelection: FailureSelection;
  run: {
    id: string;
    name: string;
    status: string;
    createdAt: string;
    mode: RunMode;
    repetitions: number;
    warmup: number;
    order: RunOrder;
    parallel: number;
    useCache: boolean;
    params: GenerationParams;
    caseCount: number;
    /** SHA-256 of the run's cases as stored (prompts, parameters, expected answers, scorers). */
    casesSha256: string;
    /** The test set file the cases were read from, where the store knows it. */
    testSetPath: string | null;
  };
  summary: RunSummary;
  models: ReportModelInfo[];
  cases: RunCase[];
  records: CaseRecord[];
  failures: FailureCase[];
  /** Quantisation fidelity stored with the run: each other model against one reference; empty when never measured. */
  fidelity: ModelFidelity[];
  /** The machine and software the run ran on; null for a run stored without one. */
  environment: RunEnvironment | null;
  telemetry: RunTelemetry;
  /** Evalbench that made the report. */
  generator: { name: string; version: string };
}
