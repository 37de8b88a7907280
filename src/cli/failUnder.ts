import type { ModelRunSummary } from '../shared/runSummary';
import { UsageError } from './command';

/** Figures `--fail-under` can test, per model. */
const METRICS: Record<string, (m: ModelRunSummary) => number | null> = {
  pass_rate: (m) => m.passRate?.estimate ?? null,
  mean_score: (m) => m.meanScore?.estimate ?? null,
  errors: (m) => m.errors,
  ttft_p50_ms: (m) => m.timeToFirstTokenMs?.median ?? null,
  ttft_p95_ms: (m) => m.timeToFirstTokenMs?.p95 ?? null,
  gen_tps_p50: (m) => m.generationTokensPerSecond?.median ?? null,
  gen_tps_p95: (m) => m.generationTokensPerSecond?.p95 ?? null,
};

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '==': (a, b) => a === b,
};

export interface Condition {
  metric: string;
  op: string;
  value: number;
  text: string;
}

/** Parses `pass_rate>=0.8, errors==0` (commas or `&&` between conditions). */
export function parseFailUnder(expression: string): Condition[] {
  const parts = expression
    .split(/,|&&/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError('--fail-under needs a condition, e.g. "pass_rate>=0.8".');
  return parts.map((text) => {
    const match = /^([a-z0-9_]+)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(text);
    if (!match) throw new UsageError(`--fail-under: cannot read "${text}"; write METRIC OP NUMBER, e.g. pass_rate>=0.8.`);
    const [, metric = '', op = '', value = ''] = match;
    if (!(metric in METRICS))
      throw new UsageError(`--fail-under: unknown figure "${metric}"; use one of ${Object.keys(METRICS).join(', ')}.`);
    return { metric, op, value: Number(value), text };
  });
}

/** Every model that misses a condition, as a sentence; empty when all hold. */
export function checkFailUnder(conditions: readonly Condition[], models: readonly ModelRunSummary[]): string[] {
  const failures: string[] = [];
  for (const model of models) {
    for (const c of conditions) {
      const value = METRICS[c.metric]?.(model) ?? null;
      const holds = OPS[c.op];
      if (value === null)
        failures.push(`${model.label}: ${c.metric} is unknown (nothing was scored or measured), so "${c.text}" cannot hold.`);
      else if (holds !== undefined && !holds(value, c.value))
        failures.push(`${model.label}: ${c.metric} is ${Number(value.toFixed(4))}, which fails "${c.text}".`);
    }
  }
  return failures;
}
