/**
 * Statistics for comparing runs: reproducible bootstrap intervals, exact paired tests, a
 * plain-language verdict, and latency summaries as METRICS.md defines them. Pure TypeScript.
 */
export { seededRandom, type SeededRandom } from './seededRandom';
export { mulberry32, seedFor } from './mulberry32';
export { quantile, quantileSorted } from './quantile';
export { summarizeSamples, type SampleSummary } from './summarizeSamples';
export { busyMachineNote, formatMedianSpread, medianSpread, WIDE_SPREAD } from './medianSpread';
export { generationTokensPerSecond, promptTokensPerSecond } from './throughput';
export { bootstrapMeanCi, bootstrapPassRateCi, bootstrapStatistic, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
export { normalQuantile } from './normalQuantile';
export { wilsonInterval, type ProportionInterval } from './wilsonInterval';
export { binomialHalfCdf, mcnemarExact, mcnemarTest, type McNemarResult } from './mcnemarTest';
export { pairedPermutationTest, type PermutationOptions, type PermutationTestResult } from './pairedPermutationTest';
export { comparePassRates, compareScores, type PairedComparison } from './comparePaired';
export { formatPValue, verdict, type VerdictOptions } from './verdict';
export {
  planSharedResampling,
  solveResamplingTask,
  withSharedResampling,
  type ResamplingPlan,
  type ResamplingTask,
  type ResamplingTaskResult,
} from './withSharedResampling';
