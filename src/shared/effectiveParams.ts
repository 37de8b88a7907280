import { z } from 'zod';
import { GenerationParams } from './engine';
import type { GenerationParamsOverride } from './testset/GenerationParamsOverride';

/**
 * The one precedence of generation parameters, from weakest to strongest:
 * 1. Evalbench's defaults (`GenerationParams`);
 * 2. the run's parameter set: the run file's `params`, or the New-run form's fields;
 * 3. the test set's `defaults.params`;
 * 4. the case's own `params`.
 * A run's `RunCase.params` already holds 3 and 4 merged (see `renderCase`). The seed is the one
 * that wins, moved by the repetition (`seed`, `seed + 1`, …), so repetitions differ and a case that
 * pins its seed keeps it.
 */
export function effectiveParams(
  runParams: GenerationParams,
  caseParams: GenerationParamsOverride | undefined,
  repetition: number,
): GenerationParams {
  const merged = GenerationParams.parse({ ...runParams, ...caseParams });
  return { ...merged, seed: merged.seed + repetition };
}

const PARAM_NAMES = Object.keys(GenerationParams.shape) as (keyof GenerationParams)[];

/** A parameter that cases set over the run's own value: which values, on how many cases. */
export const ParamOverride = z.object({
  param: z.enum(PARAM_NAMES as [keyof GenerationParams, ...(keyof GenerationParams)[]]),
  /** The distinct values cases set, most cases first. */
  values: z.array(
    z.object({
      value: z.union([z.number(), z.array(z.string())]),
      cases: z.number().int().positive(),
    }),
  ),
  /** Cases that set it (the others take the run's value). */
  cases: z.number().int().nonnegative(),
  /** Cases in all. */
  total: z.number().int().nonnegative(),
});
export type ParamOverride = z.infer<typeof ParamOverride>;

/**
 * The parameters that a test set's defaults or its cases set, so that the run's own value does
 * not apply to those cases; in `GenerationParams` key order.
 */
export function paramOverrides(cases: readonly { params?: GenerationParamsOverride | undefined }[]): ParamOverride[] {
  return PARAM_NAMES.flatMap((param) => {
    const counts = new Map<string, ParamOverride['values'][number]>();
    for (const c of cases) {
      const value = c.params?.[param];
      if (value === undefined) continue;
      const key = JSON.stringify(value);
      const entry = counts.get(key) ?? { value, cases: 0 };
      entry.cases += 1;
      counts.set(key, entry);
    }
    if (counts.size === 0) return [];
    const values = [...counts.values()].sort((a, b) => b.cases - a.cases);
    return [
      {
        param,
        values,
        cases: values.reduce((n, v) => n + v.cases, 0),
        total: cases.length,
      },
    ];
  });
}

function valueText(value: unknown): string {
  return Array.isArray(value) ? (value.length === 0 ? 'no stop strings' : value.map((s) => JSON.stringify(s)).join(', ')) : String(value);
}

/**
 * In words, for the form and reports: "the test set sets 32 for its 12 cases", "… 32 for 10 of
 * 12 cases", "… 32 (8 cases) or 24 (2 cases) for 10 of 12 cases".
 */
export function overrideText(o: ParamOverride): string {
  const [only] = o.values;
  const values =
    o.values.length === 1 && only !== undefined
      ? valueText(only.value)
      : o.values.map((v) => `${valueText(v.value)} (${v.cases} case${v.cases === 1 ? '' : 's'})`).join(' or ');
  const scope = o.cases === o.total ? (o.total === 1 ? 'its one case' : `its ${o.total} cases`) : `${o.cases} of ${o.total} cases`;
  return `the test set sets ${values} for ${scope}`;
}

/**
 * Every parameter as the run's cases ran with it, for reports: the run's value where no case
 * set its own, else what the test set set and for how many cases.
 */
export function paramsAsRunText(runParams: GenerationParams, cases: readonly { params?: GenerationParamsOverride | undefined }[]): string {
  const overrides = new Map(paramOverrides(cases).map((o) => [o.param, o]));
  return PARAM_NAMES.map((param) => {
    const own = valueText(runParams[param]);
    const o = overrides.get(param);
    if (o === undefined) return `${param} ${own}`;
    const rest = o.total - o.cases;
    return `${param}: ${overrideText(o)}, ${rest === 0 ? `so the run's ${own} applies to none` : `the run's ${own} the other ${rest}`}`;
  }).join('; ');
}

/** The run's own parameters that some case still takes: those every case overrode would mislead a rerun file. */
export function runParamsInEffect(
  runParams: GenerationParams,
  cases: readonly { params?: GenerationParamsOverride | undefined }[],
): Partial<GenerationParams> {
  const everywhere = new Set(
    paramOverrides(cases)
      .filter((o) => o.cases === o.total && o.total > 0)
      .map((o) => o.param),
  );
  return Object.fromEntries(Object.entries(runParams).filter(([param]) => !everywhere.has(param as keyof GenerationParams)));
}
