import { seededRandom, type SeededRandom } from '../src/shared/stats/seededRandom';

/**
 * How much each fuzz family tries. `npm test` runs the short budget (all families together well
 * under 2 minutes on 2 cores); `npm run fuzz -- --long` multiplies it, and `--seed N` replays a
 * failure: every family draws its inputs from one seeded stream, so a seed and a case index name
 * an input exactly.
 */
export const FUZZ_LONG = process.env.EVALBENCH_FUZZ_LONG === '1';

/** The seed every family starts from (printed by a failing assertion's message). */
export const FUZZ_SEED = Number(process.env.EVALBENCH_FUZZ_SEED ?? '20261206');

/** `short` cases in `npm test`, twenty times as many with `--long`. */
export function fuzzCases(short: number): number {
  return FUZZ_LONG ? short * 20 : short;
}

/** A seeded stream for one family: the same family name and seed always give the same inputs. */
export function fuzzRandom(family: string): SeededRandom {
  let h = FUZZ_SEED >>> 0;
  for (const ch of family) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return seededRandom(h);
}
