/** Mean, sample standard deviation and median of a benchmark's repetitions. */
export function summarize(values: readonly number[]): { mean: number; sd: number; median: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, median: NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { mean, sd, median, n };
}
