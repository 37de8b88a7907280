import { REPORT_SECTION_TITLES, type ReportSection } from '../../../shared/reports';
import type { ChartSpec } from '../../../shared/charts/ChartOption';
import { escapeHtml as e } from './escapeHtml';
import type { CaseRecord, FailureCase, Report } from './Report';
import { inlineSvg, renderCharts, reportChartSpecs, reportFidelitySpec, reportTagSpec, type RenderedChart } from './reportCharts';
import { REPORT_CSS } from './reportStyles';
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

/** The charts a report shows, drawn once: those of the "charts" section, the fidelity chart and the tag heatmap. */
export interface ReportCharts {
  charts: RenderedChart[];
  fidelity: RenderedChart | null;
  tags: RenderedChart | null;
}

/** Draws the charts of the sections the report includes (none for the others). */
export function drawReportCharts(report: Report): ReportCharts {
  const one = (spec: ChartSpec | null): RenderedChart | null => (spec === null ? null : (renderCharts([spec])[0] ?? null));
  return {
    charts: report.sections.includes('charts') ? renderCharts(reportChartSpecs(report)) : [],
    fidelity: report.sections.includes('fidelity') ? one(reportFidelitySpec(report)) : null,
    tags: report.sections.includes('tags') ? one(reportTagSpec(report)) : null,
  };
}

function table(t: TextTable, opts: { codeRows?: readonly string[] } = {}): string {
  return `<div class="table-wrap"><table><caption>${e(t.caption)}</caption><thead><tr>${t.headers.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => {
      const code = opts.codeRows?.includes(r[0] ?? '') === true;
      return `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${e(c)}</th>` : `<td>${code ? `<code>${e(c)}</code>` : e(c)}</td>`)).join('')}</tr>`;
    })
    .join('')}</tbody></table></div>`;
}

function figure(chart: RenderedChart): string {
  return `<figure data-chart="${e(chart.id)}"><figcaption>${e(chart.title)}</figcaption>${inlineSvg(chart.svg, chart.title)}<p class="chart-summary">${e(chart.summary)}</p></figure>`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${e(p)}</p>`)
    .join('');
}

function answer(r: CaseRecord, repetitions: number): string {
  const outcome = outcomeOf(r);
  const cls = r.error !== null ? 'error' : r.passed === true ? 'passed' : r.passed === false ? 'failed' : '';
  const scores = r.scores.map(
    (s) =>
      `${s.label}: ${s.error !== null ? `could not score (${s.error})` : `${s.passed === true ? 'pass' : s.passed === false ? 'fail' : 'no verdict'}${s.explanation === '' ? '' : `, ${s.explanation}`}`}`,
  );
  const review =
    r.review === null
      ? ''
      : `<div class="review"><strong>Reviewer:</strong> ${e(r.review.verdict ?? 'no verdict')}${r.review.tags.length === 0 ? '' : ` <span class="tags">[${e(r.review.tags.join(', '))}]</span>`}${r.review.note === '' ? '' : `<br>${e(r.review.note)}`}</div>`;
  return `<div class="answer"><div><strong>${e(r.model)}</strong>${repetitions > 1 ? ` · repetition ${r.repetition + 1} (seed ${r.seed})` : ''} · <span class="outcome ${cls}">${e(outcome)}</span>${r.stopReason === null ? '' : ` · stopped: ${e(r.stopReason)}`}</div>${
    r.error === null ? `<pre>${e(r.output ?? '')}</pre>` : `<pre>${e(r.error.message)}</pre>`
  }${scores.length === 0 ? '' : `<div class="tags">${e(scores.join('; '))}</div>`}${review}</div>`;
}

function failureCase(c: FailureCase, repetitions: number): string {
  return `<article class="case" data-case="${e(c.caseId)}"><h3>Case ${e(c.caseId)}</h3>${c.tags.length === 0 ? '' : `<div class="tags">Tags: ${e(c.tags.join(', '))}</div>`}<div><strong>Prompt</strong></div><pre>${e(c.prompt)}</pre><div><strong>Expected</strong></div>${
    c.expected.length === 0 ? '<p class="tags">no expected answer</p>' : `<pre>${e(c.expected.join('\n'))}</pre>`
  }${c.answers.map((a) => answer(a, repetitions)).join('')}</article>`;
}

const FAILURE_INTRO: Record<Report['failureSelection']['mode'], string> = {
  reviewed: 'Cases with a failed answer that a person reviewed, with every model’s answer.',
  all: 'Every case with a failed answer or a harness error, with every model’s answer.',
  picked: 'Cases picked for this report, with every model’s answer.',
  none: '',
};

function section(id: ReportSection, body: string): string {
  return `<section class="report-section" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${e(REPORT_SECTION_TITLES[id])}</h2>${body}</section>`;
}

/** The body of each section the report includes, in the report's order (buildReport sorts them). */
function sectionBodies(report: Report, charts: ReportCharts): string {
  const { summary } = report;
  const bodies: Record<ReportSection, () => string> = {
    summary: () => {
      const verdicts = summary.models.filter((m) => m.comparison !== null).map((m) => verdictOf(m, summary.baseline));
      const robustness = robustnessTable(report);
      const loglikelihood = loglikelihoodTable(report);
      const endpoints = endpointTable(report);
      const throughput = aggregateThroughputTable(report);
      return (
        table(summaryTable(report)) +
        (verdicts.length === 0
          ? ''
          : `<h3>Against the baseline (${e(summary.baseline ?? '')})</h3><ul class="verdicts">${verdicts.map((v) => `<li>${e(v)}</li>`).join('')}</ul>`) +
        (loglikelihood === null ? '' : `<h3>Log-likelihood multiple choice</h3>${table(loglikelihood)}`) +
        (throughput === null ? '' : `<h3>Aggregate throughput</h3>${table(throughput)}`) +
        (endpoints === null ? '' : `<h3>Remote endpoints</h3>${table(endpoints)}`) +
        (robustness === null ? '' : `<h3>Robustness</h3>${table(robustness)}`)
      );
    },
    charts: () => charts.charts.map(figure).join(''),
    fidelity: () => {
      const figures = fidelityTable(report);
      return (charts.fidelity === null ? '' : figure(charts.fidelity)) + (figures === null ? '' : table(figures));
    },
    tags: () => (charts.tags === null ? '<p>The cases have no tags.</p>' : figure(charts.tags) + table(tagTable(report))),
    failures: () =>
      report.failures.length === 0
        ? `<p>${report.failureSelection.mode === 'none' ? 'No failure cases were chosen for this report.' : 'No failure cases to show.'}</p>`
        : `<p>${e(FAILURE_INTRO[report.failureSelection.mode])}</p>${report.failures.map((c) => failureCase(c, report.run.repetitions)).join('')}`,
    reproducibility: () =>
      table(runTable(report)) +
      table(modelTable(report), { codeRows: ['SHA-256', 'Load options'] }) +
      table(environmentTable(report)) +
      `<h3>Run it again</h3><pre>${e(rerunFile(report))}</pre>`,
  };
  return report.sections.map((s) => section(s, bodies[s]())).join('');
}

/**
 * The report as one HTML file that opens offline: styles inline, charts inline SVG, no script,
 * and nothing that loads from elsewhere (no src or href to any URL). Everything user-made is escaped.
 */
export function renderHtml(report: Report, charts: ReportCharts = drawReportCharts(report)): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${e(`${report.generator.name} ${report.generator.version}`)}">
<title>${e(report.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${e(report.title)}</h1>
<p class="meta">Run “${e(report.run.name)}” (${e(report.run.id)}), ${report.summary.models.length} models × ${report.run.caseCount} cases, ${e(report.run.mode)} mode. Report made ${e(report.generatedAt)}.</p>
${report.notes.trim() === '' ? '' : `<div class="notes">${paragraphs(report.notes)}</div>`}
</header>
<main>
${sectionBodies(report, charts)}
</main>
</body>
</html>
`;
}
