import type { Report } from './Report';

/** The format tag and version of a whole-run JSON export, for readers to check. */
export const RUN_EXPORT_FORMAT = 'evalbench-run';
export const RUN_EXPORT_VERSION = 1;

/**
 * The whole run as one JSON document: what was run (settings, cases, models with hashes and
 * metadata, environment), every result with scores and review labels, the summary and the
 * resource time line, and the fidelity figures where they were measured. Enough to analyse it elsewhere or to run it again.
 */
export function renderJson(report: Report): string {
  return (
    JSON.stringify(
      {
        format: RUN_EXPORT_FORMAT,
        version: RUN_EXPORT_VERSION,
        generator: report.generator,
        generatedAt: report.generatedAt,
        title: report.title,
        notes: report.notes,
        run: report.run,
        models: report.models,
        environment: report.environment,
        cases: report.cases,
        summary: report.summary,
        results: report.records,
        telemetry: report.telemetry,
        fidelity: report.fidelity,
      },
      null,
      2,
    ) + '\n'
  );
}
