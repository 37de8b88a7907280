import { useEffect } from 'react';
import type { RunListItem } from '../../../../shared/api';
import { useReportDraft, useReportsStore } from '../../stores/reportsStore';
import { ExportButtons } from './ExportButtons';
import { ReportOptionsForm } from './ReportOptionsForm';
import { ReportPreview } from './ReportPreview';
import './reports.css';

/** How long the preview waits after the last change before main builds it again. */
const PREVIEW_DELAY_MS = 400;

/** The Reports page: choose what goes in, see it, export it. */
export function ReportView({ runs }: { runs: readonly RunListItem[] }) {
  const draft = useReportDraft();
  const selectRun = useReportsStore((s) => s.selectRun);
  const loadPreview = useReportsStore((s) => s.loadPreview);
  const known = runs.some((r) => r.id === draft.runId);
  useEffect(() => {
    if (!known) selectRun(runs[0]?.id ?? null);
  }, [known, runs, selectRun]);
  useEffect(() => {
    if (draft.runId === null) return;
    const timer = setTimeout(() => void loadPreview(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, loadPreview]);
  return (
    <div className="report-view">
      <div className="report-side">
        <ReportOptionsForm runs={runs} />
        <ExportButtons />
      </div>
      <ReportPreview />
    </div>
  );
}
