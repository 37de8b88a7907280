import type { RunCase } from '../runs';
import { perturbCase } from './perturbCase';
import type { RobustnessOptions } from './RobustnessOptions';

/**
 * The run's cases with their perturbed variants: each case, then its variants kind by kind in the
 * order the options list them. Variant ids (`<caseId>~<kind>#<n>`) depend only on the case id,
 * the kind and the number, so a resumed run and the result cache find them again.
 */
export function expandRobustness(cases: readonly RunCase[], options: RobustnessOptions): RunCase[] {
  const ids = new Set(cases.map((c) => c.id));
  const out: RunCase[] = [];
  for (const testCase of cases) {
    out.push(testCase);
    for (const kind of options.perturbations) {
      for (const variant of perturbCase(testCase, kind, options.seed, options.variantsPerKind, {
        perturbVariables: options.perturbVariables,
      })) {
        if (ids.has(variant.id)) {
          throw new RangeError(
            `The test set has a case with the id "${variant.id}", which is the id of a ${kind} variant of case "${testCase.id}"; rename that case to run with robustness variants.`,
          );
        }
        out.push(variant);
      }
    }
  }
  return out;
}

/** Whether a run case is a perturbed variant rather than a case of the test set. */
export function isVariant(testCase: Pick<RunCase, 'variantOf'>): boolean {
  return testCase.variantOf !== undefined;
}
