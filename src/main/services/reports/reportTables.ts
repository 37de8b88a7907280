import { stringify } from 'yaml';
import { fidelityTextLabel, formatKld } from '../../../shared/charts/fidelityChart';
import { formatBytes } from '../../../shared/formatBytes';
import { overrideText, paramOverrides, paramsAsRunText, runParamsInEffect } from '../../../shared/effectiveParams';
import type { ModelRunSummary } from '../../../shared/runSummary';
import { DECODE_RATES_NOTE } from '../../../shared/engine';
import { busyMachineNote, formatMedianSpread } from '../../../shared/stats';
import type { CaseRecord, Report, ReportModelInfo } from './Report';
import { percentInterval, signedPoints } from '../../../shared/formatPercent';

/** A table as plain text cells; each renderer escapes them for its format. */
export interface TextTable {
  caption: string;
  headers: string[];
  rows: string[][];
}

const DASH = '–';

function rate(r: ModelRunSummary['passRate']): string {
  return r === null ? 'not scored' : percentInterval(r);
}

function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : `${v.toFixed(0)} ms`;
}

function bytes(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : formatBytes(v);
}

/** The model's verdict against the baseline, in words; the baseline says so. */
export function verdictOf(m: ModelRunSummary, baseline: string | null): string {
  if (m.comparison === null) return m.label === baseline ? 'baseline' : DASH;
  return m.comparison.passRate?.verdict ?? m.comparison.meanScore?.verdict ?? DASH;
}

/** The difference from the baseline in figures: pass rate in points (else mean score), its 95% interval and p-value. */
function comparisonOf(m: ModelRunSummary, baseline: string | null): string {
  if (m.comparison === null) return m.label === baseline ? 'baseline' : DASH;
  const c = m.comparison.passRate ?? m.comparison.meanScore;
  if (c === null) return DASH;
  const p = c.pValue < 0.001 ? 'p < 0.001' : `p = ${c.pValue.toFixed(3)}`;
  return `${signedPoints(c.difference)} ${m.comparison.passRate === null ? 'score points' : 'pp'} (${signedPoints(c.lower)} to ${signedPoints(c.upper)}), ${p}`;
}

/** One row per model: quality with its 95% interval and verdict, latency, speed, memory, size and bits per weight. */
export function summaryTable(report: Report): TextTable {
  const { summary } = report;
  const busy = busyMachineNote(summary.competingLoad);
  const inside = summary.models.some((m) => m.llamaCppDecodeTokensPerSecond != null);
  return {
    caption: `Per model, over ${summary.cases} cases × ${summary.repetitions} repetition${summary.repetitions === 1 ? '' : 's'}. Pass rate with review verdicts applied and its bootstrap 95% interval; latency over measured (not cached) results: median (interquartile range, n timed generations), flagged where the spread is too wide to compare, and p95.${inside ? ` ${DECODE_RATES_NOTE}` : ''}${busy === null ? '' : ` ${busy}`}`,
    headers: [
      'Model',
      'Pass rate (95% CI)',
      'Mean score (95% CI)',
      `Against ${summary.baseline ?? 'the baseline'} (95% CI)`,
      'TTFT ms p50 (IQR, n) / p95',
      'Generation tokens/s p50 (IQR, n) / p95',
      ...(inside ? ['Decode inside llama.cpp tokens/s p50 (IQR, n)'] : []),
      'Peak RAM',
      'Peak VRAM',
      'File size',
      'Bits per weight',
      'Results (errors)',
    ],
    rows: summary.models.map((m, i) => {
      const info = report.models[i];
      const tps = m.generationTokensPerSecond;
      const bpw = info?.metadata?.bitsPerWeight;
      return [
        m.label,
        rate(m.passRate),
        m.meanScore === null
          ? 'not scored'
          : `${m.meanScore.estimate.toFixed(3)} (${m.meanScore.lower.toFixed(3)}–${m.meanScore.upper.toFixed(3)})`,
        comparisonOf(m, summary.baseline),
        m.timeToFirstTokenMs === null ? DASH : `${formatMedianSpread(m.timeToFirstTokenMs, 0)} / ${ms(m.timeToFirstTokenMs.p95)}`,
        tps === null ? DASH : `${formatMedianSpread(tps)} / ${tps.p95.toFixed(1)}`,
        ...(inside ? [m.llamaCppDecodeTokensPerSecond == null ? DASH : formatMedianSpread(m.llamaCppDecodeTokensPerSecond)] : []),
        bytes(m.peakRssBytes),
        bytes(m.peakVramBytes),
        bytes(info?.sizeBytes),
        bpw === null || bpw === undefined ? DASH : bpw.toFixed(2),
        `${m.results} (${m.errors})`,
      ];
    }),
  };
}

/** Throughput runs: what each model delivered with several cases at once; null for latency runs. */
export function aggregateThroughputTable(report: Report): TextTable | null {
  const { summary } = report;
  if (summary.mode !== 'throughput') return null;
  return {
    caption:
      'Aggregate throughput: all generated tokens ÷ wall time of the generation phase (first case started to last finished), so cases run at once add up; per-case tokens/s is in the table above.',
    headers: ['Model', 'Aggregate tokens/s', 'Generated tokens', 'Wall time'],
    rows: summary.models.map((m) => {
      const a = m.aggregateThroughput;
      return [
        m.label,
        a?.tokensPerSecond == null ? DASH : a.tokensPerSecond.toFixed(1),
        a == null ? DASH : String(a.generatedTokens),
        a == null ? DASH : `${a.wallSeconds.toFixed(1)} s`,
      ];
    }),
  };
}

/** Pass counts per tag and model, with Wilson 95% intervals. */
export function tagTable(report: Report): TextTable {
  const models = report.summary.models;
  const tags = [...new Set(models.flatMap((m) => m.byTag.map((t) => t.tag)))].sort((a, b) => a.localeCompare(b));
  return {
    caption: 'Passed of scored results per test set tag, review verdicts applied, with Wilson 95% intervals.',
    headers: ['Tag', ...models.map((m) => m.label)],
    rows: tags.map((tag) => [
      tag,
      ...models.map((m) => {
        const t = m.byTag.find((x) => x.tag === tag);
        return t === undefined
          ? DASH
          : `${t.passed}/${t.scored} = ${percentInterval({ estimate: t.passRate, lower: t.lower, upper: t.upper })}`;
      }),
    ]),
  };
}

/** Robustness per model and perturbation, when the run made perturbed variants; null otherwise. */
export function robustnessTable(report: Report): TextTable | null {
  const r = report.summary.robustness;
  if (r === undefined) return null;
  const share = (a: { agreeing: number; compared: number; share: number; lower: number; upper: number } | null): string =>
    a === null ? DASH : `${a.agreeing}/${a.compared} = ${percentInterval({ estimate: a.share, lower: a.lower, upper: a.upper })}`;
  return {
    caption: `Perturbed variants (${r.perturbations.join(', ')}; ${r.variantsPerKind} per kind, seed ${r.seed}) against their originals. Score drop: original minus variant score, bootstrap 95% interval; positive when the perturbation hurts.`,
    headers: ['Model', 'Perturbation', 'Variants', 'Score drop (95% CI)', 'Same answer', 'Same pass/fail'],
    rows: r.models.flatMap((m) =>
      [{ kind: 'all', ...m.overall }, ...m.byKind].map((f) => [
        m.label,
        f.kind,
        `${f.variants} (${f.errors} errors)`,
        f.scoreDrop === null
          ? DASH
          : `${f.scoreDrop.estimate.toFixed(3)} (${f.scoreDrop.lower.toFixed(3)} to ${f.scoreDrop.upper.toFixed(3)})`,
        share(f.answerConsistency),
        share(f.passConsistency),
      ]),
    ),
  };
}

/** Each remote model's endpoints: what each answered and delivered, and why the run gave one up; null when no model is remote. */
export function endpointTable(report: Report): TextTable | null {
  const remote = report.summary.models.filter((m) => m.endpoints !== undefined && m.endpoints.length > 0);
  if (remote.length === 0) return null;
  return {
    caption:
      'Remote endpoints per model. Throughput is over each endpoint’s own wall clock (first request sent to last answer received), so concurrent requests add up; per-answer speed is measured at the client, network included.',
    headers: [
      'Model',
      'Endpoint',
      'Answered',
      'Errors',
      'Tokens generated',
      'Wall time',
      'Tokens/s',
      'Per-answer tokens/s, median',
      'Given up',
    ],
    rows: remote.flatMap((m) =>
      (m.endpoints ?? []).map((ep) => [
        m.label,
        ep.endpoint,
        String(ep.results - ep.errors),
        String(ep.errors),
        ep.generatedTokens.toLocaleString('en-US'),
        ep.wallSeconds === null ? DASH : `${ep.wallSeconds.toFixed(1)} s`,
        ep.tokensPerSecond === null ? DASH : ep.tokensPerSecond.toFixed(1),
        ep.generationTokensPerSecond === null
          ? DASH
          : `${ep.generationTokensPerSecond.median.toFixed(1)} (n=${ep.generationTokensPerSecond.n})`,
        ep.down === null ? 'no' : `yes: ${ep.down}`,
      ]),
    ),
  };
}

/** Each measured model's fidelity against the reference, as llama-perplexity --kl-divergence gives it; null when never measured. */
export function fidelityTable(report: Report): TextTable | null {
  const [first] = report.fidelity;
  if (first === undefined) return null;
  const pm = (v: { value: number; uncertainty: number }, digits: number, scale = 1): string =>
    `${(v.value * scale).toFixed(digits)} ± ${(v.uncertainty * scale).toFixed(digits)}`;
  const base = first.report.basePerplexity;
  return {
    caption: `Against ${first.referenceLabel} (perplexity ${pm(base, 3)}) on ${fidelityTextLabel(first.text)}: ${first.chunks} chunk${first.chunks === 1 ? '' : 's'} of ${first.contextSize} tokens (${first.tokens.toLocaleString('en-US')} tokens, the second half of each chunk scored), ${first.precision}; measured ${first.measuredAt}. KL divergence in nats; Δp is the change in the probability of the reference’s top token.`,
    headers: ['Model', 'Reference', 'Text', 'Perplexity', 'Mean KLD', 'KLD median / p99 / max', 'Same top token', 'RMS Δp'],
    rows: report.fidelity.map((m) => {
      const r = m.report;
      const p = r.kldPercentiles;
      return [
        m.label,
        m.referenceLabel,
        fidelityTextLabel(m.text),
        pm(r.candidatePerplexity, 3),
        `${formatKld(r.meanKld.value)} ± ${formatKld(r.meanKld.uncertainty)}`,
        `${formatKld(p.median)} / ${formatKld(p.p99)} / ${formatKld(p.max)}`,
        `${pm(r.sameTop, 2, 100)} %`,
        `${pm(r.rmsDeltaP, 2, 100)} %`,
      ];
    }),
  };
}

/** How one answer did, in words: passed/failed (and whether a person decided), or the harness error. */
export function outcomeOf(r: CaseRecord): string {
  if (r.error !== null) return `harness error (${r.error.kind})`;
  const by = r.review?.verdict === 'pass' || r.review?.verdict === 'fail' ? ' (reviewer)' : '';
  return r.passed === null ? 'not scored' : r.passed ? `passed${by}` : `failed${by}`;
}

/** The run's settings: everything that decides what the models were asked and how. */
export function runTable(report: Report): TextTable {
  const { run } = report;
  const seeds =
    run.repetitions === 1 ? String(run.params.seed) : `${run.params.seed}–${run.params.seed + run.repetitions - 1} (one per repetition)`;
  return {
    caption: 'Run settings',
    headers: ['Setting', 'Value'],
    rows: [
      ['Run', `${run.name} (${run.id})`],
      ['Created', run.createdAt],
      ['Status', run.status],
      ['Mode', run.mode === 'latency' ? 'latency (one case at a time per model)' : `throughput (${run.parallel} cases at once per model)`],
      ['Cases', `${run.caseCount} (SHA-256 of the stored cases ${run.casesSha256})`],
      ['Test set file', run.testSetPath ?? 'not recorded (the cases are in the JSON export)'],
      ['Repetitions', String(run.repetitions)],
      ['Seeds', seeds],
      ['Warm-up generations', String(run.warmup)],
      [
        'Order',
        run.mode === 'latency' && run.order === 'interleaved' ? 'interleaved: each case across the models in ABBA order' : 'model by model',
      ],
      ['Result cache', run.useCache ? 'on (cached outputs count for quality, not latency)' : 'off'],
      ['Generation parameters', paramsAsRunText(run.params, report.cases)],
      ['Baseline', report.summary.baseline ?? DASH],
    ],
  };
}

/** Each model's file, content hash, header metadata and how it was loaded: one column per model. */
export function modelTable(report: Report): TextTable {
  const field = (name: string, value: (m: ReportModelInfo) => string): string[] => [name, ...report.models.map(value)];
  const options = (o: object): string =>
    Object.entries(o)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
      .join(', ');
  return {
    caption: 'Models: files by content hash, what their headers say, and how they were loaded',
    headers: ['', ...report.models.map((m) => m.label)],
    rows: [
      field('File', (m) =>
        m.remote !== null
          ? `remote: ${m.remote.endpoints.map((ep) => `${ep.model} at ${ep.baseUrl}`).join('; ')}`
          : (m.fileName ?? `not in the library any more (id ${m.modelId})`),
      ),
      field('SHA-256', (m) => m.sha256 ?? DASH),
      field('Size', (m) => bytes(m.sizeBytes)),
      field('Architecture', (m) => m.metadata?.architecture ?? DASH),
      field('Parameters', (m) => (m.metadata === null ? DASH : m.metadata.parameterCount.toLocaleString('en-US'))),
      field('Quantization', (m) => m.metadata?.fileType ?? m.metadata?.dominantTensorType ?? DASH),
      field('Bits per weight', (m) => (m.metadata?.bitsPerWeight == null ? DASH : m.metadata.bitsPerWeight.toFixed(2))),
      field('Trained context', (m) => (m.metadata?.contextLength == null ? DASH : String(m.metadata.contextLength))),
      field('Load options', (m) => options(m.load)),
      field('Loaded as', (m) => {
        const l = m.loaded;
        return l === null
          ? 'not recorded'
          : `${l.backend}${l.gpuName === null ? '' : ` (${l.gpuName})`}, ${l.gpuLayers}/${l.layerCount} layers on GPU, context ${l.contextSize}, batch ${l.batchSize}, ${threadsText(l)}, flash attention ${l.flashAttention ? 'on' : 'off'}, llama.cpp ${l.llamaCppRelease}${generationLoopText(l)}`;
      }),
    ],
  };
}

/** Which loop generated the greedy cases (recorded since the native decode loop came; older runs say nothing). */
function generationLoopText(l: NonNullable<ReportModelInfo['loaded']>): string {
  const loop = l.generationLoop;
  if (loop === undefined) return '';
  return loop.native
    ? ', greedy cases in Evalbench’s native decode loop'
    : `, node-llama-cpp’s generation loop (native decode loop: ${loop.note})`;
}

/** "2 threads" when set; for `auto`, what the probe tried and kept. */
function threadsText(l: NonNullable<ReportModelInfo['loaded']>): string {
  const p = l.threadProbe;
  const count = `${l.threads} thread${l.threads === 1 ? '' : 's'}`;
  if (p === undefined) return count;
  const tried = p.tried.map((t) => `${t.threads} (${t.tokensPerSecond.toFixed(1)} tok/s)`).join(', ');
  const confirmed = p.confirmedTokensPerSecond === null ? '' : `, ${p.confirmedTokensPerSecond.toFixed(1)} tok/s on the run's context`;
  return `${count} (auto: tried ${tried}; kept ${p.chosen}${confirmed})`;
}

/** The machine and software the run ran on. */
export function environmentTable(report: Report): TextTable {
  const env = report.environment;
  const rows: string[][] =
    env === null
      ? [['Environment', 'not recorded for this run']]
      : [
          ['CPU', `${env.cpu.model}, ${env.cpu.physicalCores} cores (${env.cpu.logicalCores} threads)`],
          ['RAM', formatBytes(env.ramBytes)],
          [
            'GPUs',
            env.gpus.length === 0
              ? 'none found'
              : env.gpus
                  .map((g) => `${g.name}, ${formatBytes(g.vramTotalBytes)}${g.driverVersion === null ? '' : `, driver ${g.driverVersion}`}`)
                  .join('; '),
          ],
          ['OS', `${env.os.distro} ${env.os.release} (${env.os.platform} ${env.os.arch}, kernel ${env.os.kernel})`],
          ['Evalbench', env.versions.evalbench],
          ['Node.js', env.versions.node],
          ['Electron', env.versions.electron ?? 'not used (headless)'],
          ['node-llama-cpp', env.versions.nodeLlamaCpp],
          ['Other load on the CPU', competingLoadText(report.summary.competingLoad)],
        ];
  return {
    caption: 'Environment',
    headers: ['Component', 'Version or figure'],
    rows: [...rows, ['Report made by', `${report.generator.name} ${report.generator.version}, ${report.generatedAt}`]],
  };
}

function competingLoadText(load: Report['summary']['competingLoad']): string {
  if (load === undefined) return 'not measured';
  const f = (v: number | null): string => (v === null ? DASH : v.toFixed(2));
  return `${f(load.atStart)} cores at the start, mean ${f(load.mean)}, peak ${f(load.peak)} of ${load.cores} (${load.samples} samples)${load.busy ? ': timings measured on a busy machine' : ''}`;
}

/** A run file that runs the same comparison again (`evalbench run rerun.yaml`), the test set to be saved beside it. */
export function rerunFile(report: Report): string {
  const { run } = report;
  const file = {
    name: run.name,
    testSet: run.testSetPath ?? 'TEST_SET.yaml',
    // A remote model as a run file names it: its endpoints, with the names of the key variables, never keys.
    models: report.models.map((m) =>
      m.remote === null
        ? { path: m.path ?? m.fileName ?? m.modelId, label: m.label, load: m.load }
        : { label: m.label, api: m.remote.api, endpoints: m.remote.endpoints },
    ),
    // What every case overrode never ran: left out, the test set's values below still apply.
    params: runParamsInEffect(run.params, report.cases),
    mode: run.mode,
    repetitions: run.repetitions,
    warmup: run.warmup,
    order: run.order,
    parallel: run.parallel,
    useCache: run.useCache,
    ...(report.summary.baseline === null ? {} : { baseline: report.summary.baseline }),
  };
  const testSet =
    run.testSetPath === null
      ? `# Save the test set (its cases are in the JSON export, SHA-256 ${run.casesSha256}) as TEST_SET.yaml beside this file.`
      : `# The run's cases came from ${run.testSetPath}; the JSON export holds them as run (SHA-256 ${run.casesSha256}).`;
  const overrides = paramOverrides(report.cases)
    .map((o) => `# ${o.param}: ${overrideText(o)}.\n`)
    .join('');
  return `${testSet}\n${overrides}# Check each model file's SHA-256 against the table above before running.\n${stringify(file)}`;
}
