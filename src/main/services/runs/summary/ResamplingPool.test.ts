import { afterEach, expect, it } from 'vitest';
import { solveResamplingTask, type ResamplingTask } from '../../../../shared/stats';
import { ResamplingPool } from './ResamplingPool';

const script = process.env.EVALBENCH_TEST_SUMMARY_WORKER ?? '';
let pool: ResamplingPool | undefined;
afterEach(async () => pool?.dispose());

it('solves tasks on several threads, each result in its task’s place, exactly as in this thread', async () => {
  const row = (n: number, k: number): Float64Array => Float64Array.from({ length: n }, (_, i) => ((i * 31 + k * 7) % 10) / 10);
  const tasks: ResamplingTask[] = [
    { kind: 'sums', n: 50, seed: 12345, resamples: 300, rows: [row(50, 1), row(50, 2)] },
    { kind: 'permutations', seed: 12345, permutations: 200, tests: [{ diffs: row(40, 3).map((v) => v - 0.45), threshold: 1 }] },
    { kind: 'sums', n: 7, seed: 3, resamples: 100, rows: [row(7, 4)] },
  ];
  pool = new ResamplingPool(script, 2);
  expect(await pool.solve(tasks)).toEqual(tasks.map(solveResamplingTask));
  // The threads stay for the next summary.
  expect(await pool.solve(tasks.slice(1))).toEqual(tasks.slice(1).map(solveResamplingTask));
});
