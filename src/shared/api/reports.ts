import { z } from 'zod';
import { ExportedFile, ReportFormat, ReportOptions } from '../reports';

/** Reports of runs and their data, previewed and exported (see `calls` in `../api`); the entities are in `../reports`. */
export const reportCalls = {
  /** The report of a run as one self-contained HTML page, for the in-app preview. */
  'reports.render': { input: ReportOptions, output: z.object({ html: z.string() }) },
  /**
   * Writes the report (HTML, Markdown with its SVG charts, PDF) or the run's data (CSV, JSONL,
   * JSON) under the data folder's reports/ folder, and answers each file with its bytes so the
   * browser host can download them.
   */
  'reports.export': {
    input: z.object({ options: ReportOptions, format: ReportFormat }).strict(),
    output: z.object({ files: z.array(ExportedFile) }),
  },
} as const;
