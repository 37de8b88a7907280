import fs from 'node:fs';
import path from 'node:path';
import { ReportOptions, type ExportedFile, type ReportFormat, type ReportOptionsInput } from '../../../shared/reports';
import { UserFacingError } from '../../../shared/result';
import type { ModelLibrary } from '../models/ModelLibrary';
import type { ReviewService } from '../review/ReviewService';
import type { HandlerSlice } from '../router';
import type { RunService } from '../runs/RunService';
import { versionInfo } from '../versionInfo';
import { buildReport } from './buildReport';
import { writeCaseRecordsCsv } from './caseRecordsCsv';
import { writeCaseRecordsJsonl } from './caseRecordsJsonl';
import type { PdfPrinter } from './printPdf';
import type { RunSummary } from '../../../shared/runSummary';
import type { RunFidelity } from '../../../shared/fidelity';
import type { Report } from './Report';
import { renderJson } from './renderJson';
import { writeFileAtomically } from '../writeFileAtomically';

/**
 * The renderers that draw charts pull in ECharts (about half a second to load), so they are
 * loaded when a report is first drawn, not when the app or any CLI command starts.
 */
const chartRenderers = async () => {
  const [{ renderHtml }, { renderMarkdown }] = await Promise.all([import('./renderHtml'), import('./renderMarkdown')]);
  return { renderHtml, renderMarkdown };
};

/** Files up to this size come back with their bytes; the WebSocket bridge carries at most 32 MiB a message. */
export const MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024;

const EXTENSIONS: Record<ReportFormat, string> = { html: '.html', md: '.md', pdf: '.pdf', csv: '.csv', jsonl: '.jsonl', json: '.json' };
const MIME_TYPES: Record<ReportFormat, string> = {
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv;charset=utf-8',
  jsonl: 'application/jsonl;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

export interface ReportServiceDeps {
  runs: RunService;
  /** Run summaries with review verdicts applied: off the event loop and cached (SummaryService). */
  summaries: { summary(runId: string, baseline?: string): Promise<RunSummary> };
  reviews: ReviewService;
  /** Fidelity figures stored with runs (FidelityService). */
  fidelity: { get(runId: string): Pick<RunFidelity, 'models'> };
  models: ModelLibrary;
  /** Where exports go when no file is named: the data folder's reports/ folder. */
  reportsDir: string;
  pdf: PdfPrinter;
  /** Larger files come back without their bytes (default MAX_DOWNLOAD_BYTES). */
  maxDownloadBytes?: number;
}

/** A file name from a run name: letters, digits and dashes only. */
function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return s === '' ? 'report' : s.slice(0, 60);
}

/** Reports of runs: built from the store, rendered to each format, written to files. */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'reports.render' | 'reports.export'> {
    return {
      'reports.render': async (input) => ({ html: await this.renderHtml(input) }),
      'reports.export': async ({ options, format }) => ({ files: await this.export(options, format) }),
    };
  }

  /** The report of a run with these options (title, notes, sections, failure cases, baseline). */
  async build(input: ReportOptionsInput): Promise<Report> {
    const options = ReportOptions.parse(input);
    const { runs, reviews, models, summaries, fidelity } = this.deps;
    // The CLI and export file names use a unique start of the id.
    const runId = runs.runs.resolveId(options.runId);
    const run = runs.runs.get(runId);
    const summary = await summaries.summary(runId, options.baseline);
    if (options.baseline !== undefined && summary.baseline !== options.baseline) {
      throw new UserFacingError(
        'invalid_input',
        `No model "${options.baseline}" in run ${runId} to compare with.`,
        `Pick one of: ${summary.models.map((m) => m.label).join(', ')}.`,
      );
    }
    const labels = reviews.list(runId);
    const { name, version } = versionInfo();
    return buildReport(
      {
        run,
        results: runs.runs.results(runId),
        scores: runs.runs.scores(runId),
        labels,
        library: models.list(),
        telemetry: { samples: runs.telemetry.samples(runId), markers: runs.telemetry.markers(runId) },
        fidelity: fidelity.get(runId).models,
        summary,
        generator: { name, version },
        testSetPath: run.testSetPath,
      },
      options,
    );
  }

  /** The HTML report, for the in-app preview (the same file the HTML export writes). */
  async renderHtml(input: ReportOptionsInput): Promise<string> {
    const [report, { renderHtml }] = await Promise.all([this.build(input), chartRenderers()]);
    return renderHtml(report);
  }

  /**
   * Writes the report or the run's data in one format: to `outFile` when given, else under the
   * data folder's reports/ folder. Markdown writes its SVG charts beside the .md. Answers every
   * file written, with its bytes, so a browser can download them.
   */
  async export(input: ReportOptionsInput, format: ReportFormat, outFile?: string, signal?: AbortSignal): Promise<ExportedFile[]> {
    const report = await this.build(input);
    const file = path.resolve(
      outFile ?? path.join(this.deps.reportsDir, `${slug(report.run.name)}-${report.run.id.slice(0, 8)}${EXTENSIONS[format]}`),
    );
    const dir = path.dirname(file);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new UserFacingError(
        'invalid_input',
        `Cannot create the folder ${dir} for the report: ${error instanceof Error ? error.message : String(error)}`,
        'Choose a folder you can write to.',
      );
    }
    const written: { file: string; data: Buffer; mimeType: string }[] = [];
    const add = (target: string, data: string | Buffer, mimeType: string): void => {
      written.push({ file: target, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data, mimeType });
    };
    switch (format) {
      case 'html':
        add(file, (await chartRenderers()).renderHtml(report), MIME_TYPES.html);
        break;
      case 'md': {
        const base = path.basename(file).replace(/\.(md|markdown)$/i, '');
        const md = (await chartRenderers()).renderMarkdown(report, base);
        add(file, md.markdown, MIME_TYPES.md);
        for (const image of md.images) add(path.join(dir, image.fileName), image.svg, 'image/svg+xml');
        break;
      }
      case 'pdf':
        add(file, await this.deps.pdf((await chartRenderers()).renderHtml(report), signal), MIME_TYPES.pdf);
        break;
      case 'csv':
        add(file, writeCaseRecordsCsv(report.records), MIME_TYPES.csv);
        break;
      case 'jsonl':
        add(file, writeCaseRecordsJsonl(report.records), MIME_TYPES.jsonl);
        break;
      case 'json':
        add(file, renderJson(report), MIME_TYPES.json);
        break;
      default:
        return format satisfies never;
    }
    for (const w of written) {
      try {
        writeFileAtomically(w.file, w.data);
      } catch (error) {
        throw new UserFacingError(
          'invalid_input',
          `Cannot write ${w.file}: ${error instanceof Error ? error.message : String(error)}`,
          'Choose a file in a folder you can write to.',
        );
      }
    }
    return written.map((w) => ({
      fileName: path.basename(w.file),
      path: w.file,
      sizeBytes: w.data.length,
      mimeType: w.mimeType,
      base64: w.data.length <= (this.deps.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES) ? w.data.toString('base64') : null,
    }));
  }
}
