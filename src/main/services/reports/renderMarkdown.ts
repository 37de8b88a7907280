import { REPORT_SECTION_TITLES, type ReportSection } from '../../../shared/reports';
import type { CaseRecord, FailureCase, Report } from './Report';
import type { ReportCharts } from './renderHtml';
import { drawReportCharts } from './renderHtml';
import type { RenderedChart } from './reportCharts';
import { loglikelihoodTable } from './loglikelihoodTable';
import {
  aggregateThroughputTable,
  endpointTable,
  environmentTable,
  fidelityTable,
  modelTable,
  outcomeOf,
  rerunFile,
  robustnessTable,
  runTable,
  summaryTable,
  tagTable,
  verdictOf,
  type TextTable,
} from './reportTables';

/** A Markdown report: the document and the SVG charts it links to, to be written beside it. */
export interface MarkdownReport {
  markdown: string;
  /** File name (relative to the .md) and SVG text. */
  images: { fileName: string; svg: string }[];
}

/** Text as Markdown inline text: markup characters and HTML are escaped, so a note or an output cannot format the report. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, '\\$&')
    .replace(/^(\s*)([-+=]|\d+\.)(?=\s|$)/gm, (_m, space: string, marker: string) => `${space}${marker.replace(/([-+=.])/, '\\$1')}`);
}

/** A table cell: escaped, on one line. */
function cell(text: string): string {
  return escapeMarkdown(text).replace(/\r?\n/g, '<br>');
}

function table(t: TextTable): string {
  return (
    [
      `*${cell(t.caption)}*`,
      '',
      `| ${t.headers.map(cell).join(' | ')} |`,
      `|${t.headers.map(() => ' --- ').join('|')}|`,
      ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n') + '\n'
  );
}

/** A fenced block that no backtick run inside the text can close early. */
function fenced(text: string, info = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}\n`;
}

function answer(r: CaseRecord, repetitions: number): string {
  const head = `**${escapeMarkdown(r.model)}**${repetitions > 1 ? ` · repetition ${r.repetition + 1} (seed ${r.seed})` : ''} · ${escapeMarkdown(outcomeOf(r))}${r.stopReason === null ? '' : ` · stopped: ${escapeMarkdown(r.stopReason)}`}`;
  const scores = r.scores.map(
    (s) =>
      `${s.label}: ${s.error !== null ? `could not score (${s.error})` : `${s.passed === true ? 'pass' : s.passed === false ? 'fail' : 'no verdict'}${s.explanation === '' ? '' : `, ${s.explanation}`}`}`,
  );
  const review =
    r.review === null
      ? ''
      : `> Reviewer: ${escapeMarkdown(r.review.verdict ?? 'no verdict')}${r.review.tags.length === 0 ? '' : ` [${escapeMarkdown(r.review.tags.join(', '))}]`}${r.review.note === '' ? '' : `  \n> ${escapeMarkdown(r.review.note).replace(/\r?\n/g, '  \n> ')}`}\n`;
  return [
    head,
    '',
    fenced(r.error === null ? (r.output ?? '') : r.error.message),
    scores.length === 0 ? '' : `${escapeMarkdown(scores.join('; '))}\n`,
    review,
  ]
    .filter((p) => p !== '')
    .join('\n');
}

function failureCase(c: FailureCase, repetitions: number): string {
  return [
    `### Case ${escapeMarkdown(c.caseId)}`,
    '',
    c.tags.length === 0 ? '' : `Tags: ${escapeMarkdown(c.tags.join(', '))}\n`,
    '**Prompt**',
    '',
    fenced(c.prompt),
    '**Expected**',
    '',
    c.expected.length === 0 ? 'no expected answer\n' : fenced(c.expected.join('\n')),
    ...c.answers.map((a) => answer(a, repetitions)),
  ]
    .filter((p) => p !== '')
    .join('\n');
}

/**
 * The report as Markdown: tables, the failure cases in fenced blocks, and each chart as an SVG
 * file beside the document (`<baseName>-<chart>.svg`), linked with a description.
 */
export function renderMarkdown(report: Report, baseName: string, charts: ReportCharts = drawReportCharts(report)): MarkdownReport {
  const images: MarkdownReport['images'] = [];
  const image = (chart: RenderedChart): string => {
    const fileName = `${baseName}-${chart.id}.svg`;
    images.push({ fileName, svg: chart.svg });
    return `![${escapeMarkdown(chart.title)}](${encodeURI(fileName)})\n\n*${escapeMarkdown(chart.summary)}*\n`;
  };
  const { summary } = report;
  const bodies: Record<ReportSection, () => string> = {
    summary: () => {
      const verdicts = summary.models
        .filter((m) => m.comparison !== null)
        .map((m) => `- ${escapeMarkdown(verdictOf(m, summary.baseline))}`);
      const robustness = robustnessTable(report);
      const loglikelihood = loglikelihoodTable(report);
      const endpoints = endpointTable(report);
      const throughput = aggregateThroughputTable(report);
      return (
        table(summaryTable(report)) +
        (verdicts.length === 0 ? '' : `\nAgainst the baseline (${escapeMarkdown(summary.baseline ?? '')}):\n\n${verdicts.join('\n')}\n`) +
        (loglikelihood === null ? '' : `\n### Log-likelihood multiple choice\n\n${table(loglikelihood)}`) +
        (throughput === null ? '' : `\n### Aggregate throughput\n\n${table(throughput)}`) +
        (endpoints === null ? '' : `\n### Remote endpoints\n\n${table(endpoints)}`) +
        (robustness === null ? '' : `\n### Robustness\n\n${table(robustness)}`)
      );
    },
    charts: () => charts.charts.map((c) => `### ${escapeMarkdown(c.title)}\n\n${image(c)}`).join('\n'),
    fidelity: () => {
      const figures = fidelityTable(report);
      return [charts.fidelity === null ? '' : image(charts.fidelity), figures === null ? '' : table(figures)]
        .filter((p) => p !== '')
        .join('\n');
    },
    tags: () => (charts.tags === null ? 'The cases have no tags.\n' : `${image(charts.tags)}\n${table(tagTable(report))}`),
    failures: () =>
      report.failures.length === 0
        ? report.failureSelection.mode === 'none'
          ? 'No failure cases were chosen for this report.\n'
          : 'No failure cases to show.\n'
        : report.failures.map((c) => failureCase(c, report.run.repetitions)).join('\n'),
    reproducibility: () =>
      [
        table(runTable(report)),
        table(modelTable(report)),
        table(environmentTable(report)),
        '### Run it again',
        '',
        fenced(rerunFile(report), 'yaml'),
      ].join('\n'),
  };
  const parts = [
    `# ${escapeMarkdown(report.title)}`,
    '',
    `Run “${escapeMarkdown(report.run.name)}” (${escapeMarkdown(report.run.id)}), ${summary.models.length} models × ${report.run.caseCount} cases, ${report.run.mode} mode. Report made ${report.generatedAt}.`,
    '',
    ...(report.notes.trim() === '' ? [] : [escapeMarkdown(report.notes.trim()), '']),
    ...report.sections.flatMap((s) => [`## ${REPORT_SECTION_TITLES[s]}`, '', bodies[s]()]),
  ];
  return { markdown: parts.join('\n'), images };
}
