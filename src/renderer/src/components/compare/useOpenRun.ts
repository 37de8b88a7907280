import { useEffect, useMemo } from 'react';
import type { ReviewLabel, RunListItem } from '../../../../shared/api';
import type { ApiError } from '../../../../shared/result';
import type { RunSummary } from '../../../../shared/runSummary';
import { useCompareStore, useOpenRunId, useOpenRunTelemetry, useRunDetail, useRunResults, useRunSummary } from '../../stores/compareStore';
import { useReviewLabels, useReviewStore } from '../../stores/reviewStore';
import { applyLabels, buildCaseRows, modelColumns, type CaseRow } from './caseRows';
import type { ModelColumn, RunDetail, RunTelemetry, ScoredResult } from './types';

/** The open run as Compare and Review use it: its parts, its models as columns, and its cases as rows with labels applied. */
export interface OpenRun {
  runId: string | null;
  listItem: RunListItem | undefined;
  detail: RunDetail | null;
  results: ScoredResult[] | null;
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
  const automaticRows = useMemo(() => (detail.data === null || results.data === null ? [] : buildCaseRows(detail.data, results.data, models)), [detail.data, results.data, models]);
  const rows = useMemo(() => applyLabels(automaticRows, labels), [automaticRows, labels]);
  const error = detail.error ?? results.error ?? summary.error ?? telemetry.error;
  return {
    runId,
    listItem,
    detail: detail.data,
    results: results.data,
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
