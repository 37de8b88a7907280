import type { RunSummary } from '../shared/runSummary';
import { busyMachineNote, medianSpread } from '../shared/stats';
import { formatEndpoints } from './formatEndpoints';
import { formatLoglikelihood, type LoglikelihoodFigures } from './formatLoglikelihood';
import { formatRobustness } from './formatRobustness';
import { textTable } from '../shared/textTable';
import { percentInterval } from '../shared/formatPercent';

const num = (x: number | undefined | null, digits = 1): string => (x === undefined || x === null ? '—' : x.toFixed(digits));
const mib = (x: number | null): string => (x === null ? '—' : `${(x / 1024 ** 2).toFixed(0)} MiB`);

type Samples = NonNullable<RunSummary['models'][number]['generationTokensPerSecond']>;

/** "12.3 (IQR 2.1, n=24)", marked `*` when the spread is too wide to compare. */
function median(s: Samples | null): string {
  if (s === null) return '—';
  const { iqr, wide } = medianSpread(s);
  return `${num(s.median)} (IQR ${num(iqr)}, n=${s.n})${wide ? ' *' : ''}`;
}

/** The run summary as a table a person reads in a terminal, then each comparison's verdict. */
export function formatRunSummary(summary: RunSummary): string {
  const header = [
    'Model',
    'Pass rate (95% CI)',
    'Mean score',
    'TTFT p50 ms (IQR, n)',
    'TTFT p95',
    'Gen tok/s p50 (IQR, n)',
    'Peak RSS',
    'Errors',
  ];
  const rows = summary.models.map((m) => [
    m.label,
    m.passRate === null ? '—' : percentInterval(m.passRate),
    m.meanScore === null ? '—' : num(m.meanScore.estimate, 3),
    median(m.timeToFirstTokenMs),
    num(m.timeToFirstTokenMs?.p95),
    median(m.generationTokensPerSecond),
    mib(m.peakRssBytes),
    String(m.errors),
  ]);
  const out = [
    `${summary.name}: ${summary.cases} cases × ${summary.models.length} models, ${summary.mode} mode${summary.repetitions > 1 ? `, ${summary.repetitions} repetitions` : ''} (${summary.status})`,
    '',
    ...textTable(header, rows),
  ];
  const wide = summary.models.some((m) =>
    [m.timeToFirstTokenMs, m.generationTokensPerSecond].some((s) => s !== null && medianSpread(s).wide),
  );
  if (wide) out.push('', '* Spread too wide to compare: the interquartile range is over half the median.');
  const busy = busyMachineNote(summary.competingLoad);
  if (busy !== null) out.push('', `! ${busy}`);
  if (summary.models.some((m) => m.llamaCppDecodeTokensPerSecond != null)) {
    out.push(
      '',
      'Generation tok/s p50: end to end (what a case saw) / inside llama.cpp (its own decode counters, llama-bench tg’s measure):',
    );
    for (const m of summary.models)
      out.push(`  ${m.label}: ${num(m.generationTokensPerSecond?.median)} / ${median(m.llamaCppDecodeTokensPerSecond ?? null)}`);
  }
  if (summary.mode === 'throughput') {
    out.push('', 'Aggregate throughput (all generated tokens ÷ wall time of the generation phase, cases at once adding up):');
    for (const m of summary.models) {
      const a = m.aggregateThroughput;
      out.push(
        `  ${m.label}: ${a == null ? '—' : `${num(a.tokensPerSecond)} tok/s (${a.generatedTokens} tokens in ${a.wallSeconds.toFixed(1)} s)`}`,
      );
    }
  }
  const verdicts = summary.models.flatMap((m) => (m.comparison?.passRate ? [m.comparison.passRate.verdict] : []));
  if (verdicts.length > 0) out.push('', ...verdicts.map((v) => `• ${v}`));
  const loglikelihood = loglikelihoodFigures(summary);
  if (loglikelihood.length > 0) {
    out.push(
      '',
      'Log-likelihood multiple choice (lm-evaluation-harness acc, acc_norm per byte, probability of the right choice):',
      ...formatLoglikelihood(loglikelihood),
    );
  }
  const endpoints = formatEndpoints(summary);
  if (endpoints.length > 0) out.push('', ...endpoints);
  if (summary.robustness !== undefined) out.push('', ...formatRobustness(summary.robustness));
  out.push(
    '',
    'Pass rate and mean score: bootstrap 95% intervals (10,000 resamples, fixed seed); comparisons: McNemar exact test on paired cases.',
  );
  return out.join('\n') + '\n';
}

/** The models that scored log-likelihood cases, with their verdicts, as `formatLoglikelihood` reads them. */
function loglikelihoodFigures(summary: RunSummary): LoglikelihoodFigures[] {
  return summary.models.flatMap(({ label, loglikelihood: ll }) => {
    if (ll === undefined) return [];
    const c = ll.comparison;
    const comparison =
      c === null ? null : { baseline: c.baseline, acc: c.acc.verdict, accNorm: c.accNorm.verdict, probCorrect: c.probCorrect.verdict };
    return [{ label, items: ll.items, acc: ll.acc, accNorm: ll.accNorm, probCorrect: ll.probCorrect, comparison }];
  });
}
