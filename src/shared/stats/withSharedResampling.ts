import { permutationExtremes, type SignFlipTest } from './permutationExtremes';
import { resampleSums } from './resampleSums';
import { combineSums, inScope, solveAlone, type ResamplingAnswer, type ResamplingRequest } from './resamplingScope';

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

const sameValues = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

function sameRequest(a: ResamplingRequest, b: ResamplingRequest): boolean {
  if (a.kind === 'permutation') {
    return (
      b.kind === 'permutation' &&
      a.seed === b.seed &&
      a.permutations === b.permutations &&
      a.threshold === b.threshold &&
      sameValues(a.diffs, b.diffs)
    );
  }
  return (
    b.kind === 'bootstrap' &&
    a.n === b.n &&
    a.seed === b.seed &&
    a.resamples === b.resamples &&
    a.combine === b.combine &&
    a.rows.length === b.rows.length &&
    a.rows.every((row, i) => sameValues(row, b.rows[i] ?? new Float64Array()))
  );
}

/** A share of a plan's resampling that can run anywhere (another thread): plain data in, plain data out. */
export type ResamplingTask =
  | { kind: 'sums'; n: number; seed: number; resamples: number; rows: Float64Array[] }
  | { kind: 'permutations'; seed: number; permutations: number; tests: SignFlipTest[] };
/** Row sums per resample for `sums`; patterns at least as extreme per test for `permutations`. */
export type ResamplingTaskResult = Float64Array[] | number[];

export function solveResamplingTask(task: ResamplingTask): ResamplingTaskResult {
  return task.kind === 'sums'
    ? resampleSums(task.n, task.rows, task.seed, task.resamples)
    : permutationExtremes(task.tests, task.seed, task.permutations);
}

/** What `compute` needs resampled, as independent tasks, and how to finish once they are solved. */
export interface ResamplingPlan<T> {
  tasks: ResamplingTask[];
  /** Runs `compute` again with the tasks' results (in task order) answering its requests. */
  finish(results: readonly ResamplingTaskResult[]): T;
}

/**
 * Records what `compute` (a pure function of its inputs, such as a run summary) asks of its
 * bootstraps and permutation tests, taking provisional values, and groups the requests into
 * tasks: one per case count, seed and resample count, each distinct row once (all bootstraps with
 * the same seed and n draw the same indices), and one per seed for the permutation tests.
 */
export function planSharedResampling<T>(compute: () => T): ResamplingPlan<T> {
  const requests: ResamplingRequest[] = [];
  inScope({ recording: true, answer: (request) => (requests.push(request), null) }, compute);
  const tasks: ResamplingTask[] = [];
  const place = new Map<ResamplingRequest, { task: number; positions: number[] }>();
  for (const group of groupBy(
    requests.filter((r) => r.kind === 'bootstrap'),
    (r) => `${r.n}|${r.seed}|${r.resamples}`,
  )) {
    const [first] = group;
    if (first === undefined) continue;
    const rows: Float64Array[] = [];
    const indexOf = (row: Float64Array): number => {
      const found = rows.findIndex((known) => sameValues(known, row));
      return found >= 0 ? found : rows.push(row) - 1;
    };
    for (const request of group) place.set(request, { task: tasks.length, positions: request.rows.map(indexOf) });
    tasks.push({ kind: 'sums', n: first.n, seed: first.seed, resamples: first.resamples, rows });
  }
  for (const group of groupBy(
    requests.filter((r) => r.kind === 'permutation'),
    (r) => `${r.seed}|${r.permutations}`,
  )) {
    const [first] = group;
    if (first === undefined) continue;
    group.forEach((request, i) => place.set(request, { task: tasks.length, positions: [i] }));
    tasks.push({
      kind: 'permutations',
      seed: first.seed,
      permutations: first.permutations,
      tests: group.map((r) => ({ diffs: r.diffs, threshold: r.threshold })),
    });
  }

  const answerOf = (request: ResamplingRequest, results: readonly ResamplingTaskResult[]): ResamplingAnswer | undefined => {
    const where = place.get(request);
    const result = where === undefined ? undefined : results[where.task];
    if (where === undefined || result === undefined) return undefined;
    if (request.kind === 'permutation') return (result as number[])[where.positions[0] ?? 0];
    return combineSums(
      request,
      where.positions.map((k) => (result as Float64Array[])[k] ?? new Float64Array()),
    );
  };

  return {
    tasks,
    finish: (results) => {
      const unused = [...requests];
      return inScope(
        {
          recording: false,
          answer: (request): ResamplingAnswer => {
            const found = unused.findIndex((recorded) => sameRequest(recorded, request));
            const [recorded] = found < 0 ? [] : unused.splice(found, 1);
            // A request the second pass makes differently from the first is simply computed on its own.
            return (recorded === undefined ? undefined : answerOf(recorded, results)) ?? solveAlone(request);
          },
        },
        compute,
      );
    },
  };
}

/**
 * Runs `compute` (a pure function of its inputs, such as a run summary) so that its bootstraps
 * and permutation tests share their random draws (see `planSharedResampling`). Every figure is
 * exactly what the statistics functions give alone: with the same seed they draw the same
 * numbers anyway. The summary worker solves the plan's tasks on several threads instead.
 */
export function withSharedResampling<T>(compute: () => T): T {
  const plan = planSharedResampling(compute);
  return plan.finish(plan.tasks.map(solveResamplingTask));
}
