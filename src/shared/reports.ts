import { z } from 'zod';

/**
 * The parts of a report a person can leave out. `fidelity` (KL divergence and perplexity against a
 * reference model) shows only for a run whose fidelity was measured.
 */
export const ReportSection = z.enum(['summary', 'charts', 'fidelity', 'tags', 'failures', 'reproducibility']);
export type ReportSection = z.infer<typeof ReportSection>;

/** Every section, in the order the report shows them. */
export const REPORT_SECTIONS: readonly ReportSection[] = ReportSection.options;

/** What each section is called in the app and in the report. */
export const REPORT_SECTION_TITLES: Record<ReportSection, string> = {
  summary: 'Summary per model',
  charts: 'Charts',
  fidelity: 'Quantisation fidelity',
  tags: 'Pass rate by tag',
  failures: 'Failure cases',
  reproducibility: 'Reproducibility',
};

/**
 * Which failure cases the report shows: those a person reviewed (a failing result with a review
 * label), every failure, none, or the cases picked by id.
 */
export const FailureSelection = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('reviewed') }).strict(),
  z.object({ mode: z.literal('all') }).strict(),
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('picked'), caseIds: z.array(z.string()).max(10_000) }).strict(),
]);
export type FailureSelection = z.infer<typeof FailureSelection>;

/** What a report is made of: the run, its title and notes, the sections and failure cases to show. */
export const ReportOptions = z
  .object({
    runId: z.string().min(1),
    /** The report's heading; the run's name when left out. */
    title: z.string().trim().max(300).optional(),
    /** Free text shown under the title (plain text; paragraphs split on blank lines). */
    notes: z.string().max(100_000).default(''),
    sections: z.array(ReportSection).default([...REPORT_SECTIONS]),
    failures: FailureSelection.default({ mode: 'reviewed' }),
    /** The model label the others are compared with; the run's first model when left out. */
    baseline: z.string().optional(),
  })
  .strict();
export type ReportOptions = z.output<typeof ReportOptions>;
export type ReportOptionsInput = z.input<typeof ReportOptions>;

/** File formats a report or a run's data can be exported as. */
export const ReportFormat = z.enum(['html', 'md', 'pdf', 'csv', 'jsonl', 'json']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** What each format is, in the user's words. */
export const REPORT_FORMAT_LABELS: Record<ReportFormat, string> = {
  html: 'HTML (one file, opens offline)',
  md: 'Markdown (with SVG charts beside it)',
  pdf: 'PDF',
  csv: 'CSV of per-case results',
  jsonl: 'JSONL of per-case results',
  json: 'JSON of the whole run',
};

/** One file an export wrote, with its bytes so a browser can download it. */
export const ExportedFile = z.object({
  fileName: z.string(),
  /** Where it was written on the machine that runs Evalbench. */
  path: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  mimeType: z.string(),
  /**
   * The file's bytes, base64, for a download from the browser host; null for a file too large to
   * send over the connection (it is still on disk at `path`).
   */
  base64: z.string().nullable(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;
