import crypto from 'node:crypto';
import path from 'node:path';
import type { ReviewLabel } from '../../../shared/api';
import type { RunTelemetry } from '../../../shared/charts/memoryTimeline';
import { LoadedModelInfo } from '../../../shared/engine';
import type { ModelSummary } from '../../../shared/models';
import type { ModelFidelity } from '../../../shared/fidelity';
import { REPORT_SECTIONS, type ReportOptions } from '../../../shared/reports';
import { UserFacingError } from '../../../shared/result';
import { RunEnvironment, type CaseResult, type CaseScore, type RunCase } from '../../../shared/runs';
import type { RunSummary } from '../../../shared/runSummary';
import { overallScore } from '../../../shared/scoring/overallScore';
import { howProduced } from '../runs/howProduced';
import { modelKey as modelKeyOf, resultKey, type StoredRun } from '../runs/RunStore';
import type { CaseRecord, FailureCase, Report, ReportModelInfo } from './Report';
import { expectedAnswers } from '../../../shared/loglikelihood';

/** What a report is built from: one run as the store has it, with its reviews and the model library. */
export interface ReportInputs {
  run: StoredRun;
  results: readonly CaseResult[];
  scores: ReadonlyMap<string, CaseScore[]>;
  labels: readonly ReviewLabel[];
  library: readonly ModelSummary[];
  telemetry: RunTelemetry;
  /** The run's stored fidelity figures (none when never measured). */
  fidelity?: readonly ModelFidelity[];
  /** The run's summary (`summarizeRun`) with the same baseline and review verdicts. */
  summary: RunSummary;
  generator: { name: string; version: string };
  /** The test set file the run was made from, where known. */
  testSetPath?: string | null;
  now?: Date;
}

/** The text a case was asked, as one string (chat messages one a line). */
export function promptText(testCase: RunCase): string {
  return testCase.input.kind === 'completion'
    ? testCase.input.prompt
    : testCase.input.messages.map((m) => `${m.role}: ${m.content}`).join('\n');
}

/** Every stored result with its scores, verdicts and review label, in model, case and repetition order. */
export function caseRecords(inputs: Pick<ReportInputs, 'run' | 'results' | 'scores' | 'labels' | 'summary'>): CaseRecord[] {
  const labels = new Map(inputs.labels.map((l) => [resultKey(l.modelKey, l.caseId, l.repetition), l]));
  const modelLabels = new Map(inputs.summary.models.map((m) => [m.modelKey, m.label]));
  const cases = new Map(inputs.run.cases.map((c) => [c.id, c]));
  const modelOrder = new Map(inputs.run.spec.models.map((m, i) => [modelKeyOf(i, m.modelId), i]));
  const caseOrder = new Map(inputs.run.cases.map((c, i) => [c.id, i]));
  const sorted = [...inputs.results].sort(
    (a, b) =>
      (modelOrder.get(a.modelKey) ?? 0) - (modelOrder.get(b.modelKey) ?? 0) ||
      (caseOrder.get(a.caseId) ?? 0) - (caseOrder.get(b.caseId) ?? 0) ||
      a.repetition - b.repetition,
  );
  return sorted.map((r) => {
    const key = resultKey(r.modelKey, r.caseId, r.repetition);
    const scores = inputs.scores.get(key) ?? [];
    const overall = r.error === null ? overallScore(scores) : { passed: null, score: null };
    const label = labels.get(key);
    const human = label?.verdict === 'pass' ? true : label?.verdict === 'fail' ? false : null;
    return {
      runId: r.runId,
      model: modelLabels.get(r.modelKey) ?? r.modelKey,
      modelKey: r.modelKey,
      caseId: r.caseId,
      variantOf: cases.get(r.caseId)?.variantOf ?? null,
      perturbation: cases.get(r.caseId)?.perturbation ?? null,
      repetition: r.repetition,
      seed: r.seed,
      tags: [...(cases.get(r.caseId)?.tags ?? [])],
      output: r.output,
      stopReason: r.stopReason,
      ...howProduced(r),
      passed: r.error === null ? (human ?? overall.passed) : null,
      automaticPassed: overall.passed,
      score: overall.score,
      scores,
      review: label === undefined ? null : { verdict: label.verdict, note: label.note, tags: label.tags, updatedAt: label.updatedAt },
    };
  });
}

/** A failed answer: the model answered wrongly, or the harness could not run the case. */
export function isFailure(record: CaseRecord): boolean {
  return record.error !== null || record.passed === false;
}

function selectFailures(options: ReportOptions, cases: readonly RunCase[], records: readonly CaseRecord[]): FailureCase[] {
  const byCase = new Map<string, CaseRecord[]>();
  for (const r of records) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r]);
  const failureCase = (c: RunCase): FailureCase => ({
    caseId: c.id,
    tags: c.tags,
    prompt: promptText(c),
    expected: [...expectedAnswers(c)],
    answers: byCase.get(c.id) ?? [],
  });
  const selection = options.failures;
  switch (selection.mode) {
    case 'none':
      return [];
    case 'all':
      return cases.filter((c) => (byCase.get(c.id) ?? []).some(isFailure)).map(failureCase);
    case 'reviewed':
      return cases.filter((c) => (byCase.get(c.id) ?? []).some((r) => isFailure(r) && r.review !== null)).map(failureCase);
    case 'picked': {
      const known = new Map(cases.map((c) => [c.id, c]));
      return selection.caseIds.map((id) => {
        const c = known.get(id);
        if (c === undefined)
          throw new UserFacingError(
            'invalid_input',
            `Run ${options.runId} has no case "${id}" to put in the report.`,
            'Pick failure cases from the run’s own cases.',
          );
        return failureCase(c);
      });
    }
    default:
      return selection satisfies never;
  }
}

function modelInfos(inputs: ReportInputs): ReportModelInfo[] {
  const library = new Map(inputs.library.map((m) => [m.id, m]));
  const loadedModels = (inputs.run.environment as { models?: Record<string, unknown> } | null)?.models ?? {};
  return inputs.run.spec.models.map((m, index) => {
    const modelKey = modelKeyOf(index, m.modelId);
    const entry = library.get(m.modelId);
    const loaded = LoadedModelInfo.safeParse(loadedModels[modelKey]);
    return {
      label: inputs.summary.models[index]?.label ?? m.label ?? entry?.name ?? m.modelId,
      modelKey,
      modelId: m.modelId,
      fileName: entry === undefined ? null : path.basename(entry.path),
      path: entry?.path ?? null,
      sha256: entry?.sha256 ?? null,
      sizeBytes: entry?.sizeBytes ?? null,
      metadata: entry?.metadata ?? null,
      load: m.load,
      loaded: loaded.success ? loaded.data : null,
      remote: m.remote ?? null,
    };
  });
}

/** Builds the report of one run: what every renderer (HTML, Markdown, PDF, CSV, JSONL, JSON) prints. */
export function buildReport(inputs: ReportInputs, options: ReportOptions): Report {
  const { run } = inputs;
  const records = caseRecords(inputs);
  const environment = RunEnvironment.safeParse(run.environment);
  const title = options.title !== undefined && options.title !== '' ? options.title : run.spec.name;
  const fidelity = [...(inputs.fidelity ?? [])];
  return {
    title,
    notes: options.notes,
    generatedAt: (inputs.now ?? new Date()).toISOString(),
    // In the report's fixed order; fidelity only where it was measured.
    sections: REPORT_SECTIONS.filter((s) => options.sections.includes(s) && (s !== 'fidelity' || fidelity.length > 0)),
    failureSelection: options.failures,
    run: {
      id: run.id,
      name: run.spec.name,
      status: run.status,
      createdAt: run.createdAt,
      mode: run.spec.mode,
      repetitions: run.spec.repetitions,
      warmup: run.spec.warmup,
      order: run.spec.order,
      parallel: run.spec.parallel,
      useCache: run.spec.useCache,
      params: run.spec.params,
      caseCount: run.cases.length,
      casesSha256: crypto.createHash('sha256').update(JSON.stringify(run.cases)).digest('hex'),
      testSetPath: inputs.testSetPath ?? null,
    },
    summary: inputs.summary,
    models: modelInfos(inputs),
    cases: run.cases,
    records,
    failures: selectFailures(options, run.cases, records),
    fidelity,
    environment: environment.success ? environment.data : null,
    telemetry: inputs.telemetry,
    generator: inputs.generator,
  };
}
