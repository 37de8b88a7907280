import { create } from 'zustand';
import {
  REPORT_SECTIONS,
  type ExportedFile,
  type FailureSelection,
  type ReportFormat,
  type ReportOptionsInput,
  type ReportSection,
} from '../../../shared/reports';
import type { ApiError } from '../../../shared/result';
import { getClient } from '../api/client';
import { idle, settle, type Resource } from './resource';

/** What the user chose for the report being made; main builds it from these. */
export interface ReportDraft {
  runId: string | null;
  title: string;
  notes: string;
  sections: ReportSection[];
  failureMode: FailureSelection['mode'];
  /** Case ids chosen by hand (used when `failureMode` is `picked`). */
  picked: string[];
}

/** One export's state, per format, so each button shows its own outcome. */
export interface ExportState {
  status: 'pending' | 'done' | 'error';
  files: ExportedFile[];
  error: ApiError | null;
}

interface ReportsState {
  draft: ReportDraft;
  /** The report as HTML, for the preview. */
  preview: Resource<string>;
  exports: Partial<Record<ReportFormat, ExportState>>;
  update: (patch: Partial<ReportDraft>) => void;
  /** Another run: its own title, no hand-picked cases, no old exports. */
  selectRun: (runId: string | null) => void;
  loadPreview: () => Promise<void>;
  exportAs: (format: ReportFormat) => Promise<ExportedFile[] | null>;
}

/** The API's options for a draft; null until a run is chosen. */
export function reportOptions(draft: ReportDraft): ReportOptionsInput | null {
  if (draft.runId === null) return null;
  const failures: FailureSelection =
    draft.failureMode === 'picked' ? { mode: 'picked', caseIds: draft.picked } : { mode: draft.failureMode };
  const title = draft.title.trim();
  return {
    runId: draft.runId,
    notes: draft.notes,
    sections: REPORT_SECTIONS.filter((s) => draft.sections.includes(s)),
    failures,
    ...(title === '' ? {} : { title }),
  };
}

const initialDraft: ReportDraft = {
  runId: null,
  title: '',
  notes: '',
  sections: [...REPORT_SECTIONS],
  failureMode: 'reviewed',
  picked: [],
};

let previewSeq = 0;

export const useReportsStore = create<ReportsState>()((set, get) => ({
  draft: initialDraft,
  preview: idle(),
  exports: {},
  update: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  selectRun: (runId) => set((s) => ({ draft: { ...s.draft, runId, title: '', picked: [] }, exports: {}, preview: idle() })),
  loadPreview: async () => {
    const options = reportOptions(get().draft);
    if (options === null) return;
    const seq = ++previewSeq;
    set((s) => ({ preview: { ...s.preview, status: 'loading' } }));
    const result = await getClient().call('reports.render', options);
    // A newer preview was asked for while this one was made: it wins.
    if (seq !== previewSeq) return;
    set((s) => ({ preview: settle(s.preview, result.ok ? { ok: true, value: result.value.html } : result) }));
  },
  exportAs: async (format) => {
    const options = reportOptions(get().draft);
    if (options === null) return null;
    set((s) => ({ exports: { ...s.exports, [format]: { status: 'pending', files: [], error: null } } }));
    const result = await getClient().call('reports.export', { options, format });
    set((s) => ({
      exports: {
        ...s.exports,
        [format]: result.ok
          ? { status: 'done', files: result.value.files, error: null }
          : { status: 'error', files: [], error: result.error },
      },
    }));
    return result.ok ? result.value.files : null;
  },
}));

export const useReportDraft = (): ReportDraft => useReportsStore((s) => s.draft);
export const useReportPreview = (): Resource<string> => useReportsStore((s) => s.preview);
export const useReportExport = (format: ReportFormat): ExportState | undefined => useReportsStore((s) => s.exports[format]);
