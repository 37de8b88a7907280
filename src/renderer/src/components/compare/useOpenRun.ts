import { useEffect, useMemo, useState } from 'react';
import type { ReviewLabel, RunListItem } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import { isVariant } from '../../../../shared/robustness/expandRobustness';
import type { RunSummary } from '../../../../shared/runSummary';
import { useCompareStore, useOpenRunId, useOpenRunTelemetry, useRunDetail, useRunResults, useRunSummary } from '../../stores/compareStore';
import { useReviewLabels, useReviewStore } from '../../stores/reviewStore';
import { applyLabels, modelColumns, type CaseRow } from './caseRows';
import { caseRowsBuilder } from './caseRowsBuilder';
import type { ModelColumn, RunDetail, RunTelemetry, ScoredResult } from '../../stores/compareTypes';

/** The open run as Compare and Review use it: its parts, its models as columns, and its cases as rows with labels applied. */
export interface OpenRun {
  runId: string | null;
  listItem: RunListItem | undefined;
  detail: RunDetail | null;
  results: ScoredResult[] | null;
  /** The results of the test set's own cases, robustness variants left out, as the run summary counts them. */
  originalResults: ScoredResult[];
  /** How many of the run's cases are robustness variants. */
  variantCount: number;
  summary: RunSummary | null;
  telemetry: RunTelemetry | null;
  labels: ReadonlyMap<string, ReviewLabel>;
  models: ModelColumn[];
  /** The cases with the scorers' outcomes only; stays the same object while labels change. */
  automaticRows: CaseRow[];
  /** The cases with review labels applied. */
  rows: CaseRow[];
  loading: boolean;
  /** The first thing that failed to load. */
  error: ApiError | null;
}

/** Keeps the open run and its review labels fresh from main's events while the page is shown. */
export function useOpenRun(runs: readonly RunListItem[]): OpenRun {
  const runId = useOpenRunId();
  const detail = useRunDetail();
  const results = useRunResults();
  const summary = useRunSummary();
  const telemetry = useOpenRunTelemetry();
  const labels = useReviewLabels();
  const startCompare = useCompareStore((s) => s.start);
  const startReview = useReviewStore((s) => s.start);
  const loadLabels = useReviewStore((s) => s.load);

  useEffect(() => startCompare(), [startCompare]);
  useEffect(() => startReview(), [startReview]);
  useEffect(() => {
    if (runId !== null) void loadLabels(runId);
  }, [runId, loadLabels]);

  const listItem = runs.find((r) => r.id === runId);
  const listLabels = listItem?.models;
  const models = useMemo(() => (detail.data === null ? [] : modelColumns(detail.data, listLabels)), [detail.data, listLabels]);
  // Remembers the last build, so each page of a big run's results rebuilds only its own cases.
  const [buildRows] = useState(caseRowsBuilder);
  const automaticRows = useMemo(
    () => (detail.data === null || results.data === null ? [] : buildRows(detail.data, results.data, models)),
    [buildRows, detail.data, results.data, models],
  );
  const rows = useMemo(() => applyLabels(automaticRows, labels), [automaticRows, labels]);
  const variantIds = useMemo(() => new Set(detail.data?.cases.flatMap((c) => (isVariant(c) ? [c.id] : [])) ?? []), [detail.data]);
  const originalResults = useMemo(
    () => (variantIds.size === 0 ? (results.data ?? []) : (results.data ?? []).filter((r) => !variantIds.has(r.caseId))),
    [results.data, variantIds],
  );
  const error = detail.error ?? results.error ?? summary.error ?? telemetry.error;
  return {
    runId,
    listItem,
    detail: detail.data,
    results: results.data,
    originalResults,
    variantCount: variantIds.size,
    summary: summary.data,
    telemetry: telemetry.data,
    labels,
    models,
    automaticRows,
    rows,
    loading: detail.data === null || results.data === null,
    error,
  };
}
