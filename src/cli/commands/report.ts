import fs from 'node:fs';
import { formatBytes } from '../../shared/formatBytes';
import { ReportFormat, ReportSection, REPORT_SECTIONS, type FailureSelection } from '../../shared/reports';
import { builtPaths } from '../../main/services/appPaths';
import { dataDir } from '../../main/services/dataDir';
import { forkWorker } from '../../main/services/engine/WorkerProcess';
import { chromiumPdfPrinter } from '../../main/services/reports/printPdf';
import { createServices } from '../../main/services/Services';
import { UsageError, type Command } from '../command';

function parseFailures(value: string | undefined): FailureSelection {
  if (value === undefined || value === 'reviewed') return { mode: 'reviewed' };
  if (value === 'all' || value === 'none') return { mode: value };
  const caseIds = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (caseIds.length === 0) throw new UsageError('--failures takes reviewed, all, none, or case ids separated by commas.');
  return { mode: 'picked', caseIds };
}

function parseSections(value: string | undefined): ReportSection[] {
  if (value === undefined) return [...REPORT_SECTIONS];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !ReportSection.safeParse(n).success);
  if (unknown.length > 0)
    throw new UsageError(`unknown section ${unknown.map((u) => `"${u}"`).join(', ')}; use ${REPORT_SECTIONS.join(', ')}.`);
  return names as ReportSection[];
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Export a run as a report (HTML, Markdown, PDF) or its data (CSV, JSONL of per-case results; JSON of the whole run).',
  usage:
    'evalbench report RUN_ID --format html|md|pdf|csv|jsonl|json [--out FILE] [--title TEXT] [--notes-file FILE] [--sections LIST] [--failures reviewed|all|none|IDS] [--baseline LABEL]',
  positionals: [{ name: 'RUN_ID', description: 'The run, as `evalbench run` printed it or the Runs page shows it.' }],
  options: {
    format: { type: 'string', valueName: 'FORMAT', description: `One of ${ReportFormat.options.join(', ')}.` },
    out: {
      type: 'string',
      valueName: 'FILE',
      description: 'The file to write (Markdown writes its SVG charts beside it); default: the data folder’s reports/ folder.',
    },
    title: { type: 'string', valueName: 'TEXT', description: 'The report’s title (default: the run’s name).' },
    notes: { type: 'string', valueName: 'TEXT', description: 'Notes shown under the title.' },
    'notes-file': { type: 'string', valueName: 'FILE', description: 'Read the notes from a text file.' },
    sections: {
      type: 'string',
      valueName: 'LIST',
      description: `Sections to include, comma-separated (default all): ${REPORT_SECTIONS.join(', ')}.`,
    },
    failures: {
      type: 'string',
      valueName: 'WHICH',
      description: 'Failure cases to show: reviewed (default), all, none, or case ids separated by commas.',
    },
    baseline: { type: 'string', valueName: 'LABEL', description: 'The model the others are compared with (default: the run’s first).' },
  },
  async run(values, positionals, { stdout, stderr, env }) {
    const [runId, ...extra] = positionals;
    if (runId === undefined) throw new UsageError('Name the run to report on: evalbench report RUN_ID --format html.');
    if (extra.length > 0) throw new UsageError('Give one run id.');
    const format = ReportFormat.safeParse(values.format);
    if (!format.success)
      throw new UsageError(
        `--format must be one of ${ReportFormat.options.join(', ')}${typeof values.format === 'string' ? `, not "${values.format}"` : ''}.`,
      );
    const str = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
    let notes = str('notes') ?? '';
    const notesFile = str('notes-file');
    if (notesFile !== undefined) {
      try {
        notes = fs.readFileSync(notesFile, 'utf8');
      } catch {
        throw new UsageError(`cannot read the notes file ${notesFile}.`);
      }
    }
    const options = {
      runId,
      notes,
      sections: parseSections(str('sections')),
      failures: parseFailures(str('failures')),
      ...(str('title') === undefined ? {} : { title: str('title') }),
      ...(str('baseline') === undefined ? {} : { baseline: str('baseline') }),
    };
    const services = createServices({
      home: dataDir(env),
      host: 'cli',
      engine: { workerScript: env.EVALBENCH_WORKER_SCRIPT ?? builtPaths.worker(), launch: forkWorker },
      pdf: chromiumPdfPrinter(env),
    });
    try {
      const files = await services.reports.export(options, format.data, str('out'));
      for (const f of files) stdout.write(`${f.path} (${formatBytes(f.sizeBytes)})\n`);
      return 0;
    } catch (error) {
      stderr.write(`evalbench report: ${error instanceof Error ? error.message : String(error)}\n`);
      const hint = (error as { hint?: unknown }).hint;
      if (typeof hint === 'string') stderr.write(`${hint}\n`);
      return 1;
    } finally {
      await services.close();
    }
  },
};
