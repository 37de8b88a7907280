import { z } from 'zod';
import { GenerationParams } from '../engine';

const p = GenerationParams.shape;

/**
 * Generation parameters a test set or a case sets; whatever it leaves out comes from the run’s
 * parameter set. Same limits as the engine’s `GenerationParams`, without its defaults, so that
 * only what the author wrote is recorded.
 */
export const GenerationParamsOverride = z
  .object({
    /** Sampling temperature; 0 picks the most likely token every time (greedy, reproducible). */
    temperature: p.temperature
      .unwrap()
      .optional()
      .describe('Sampling temperature; 0 picks the most likely token every time (greedy, reproducible).'),
    /** Sample only from the K most likely tokens; 0 turns the limit off. */
    topK: p.topK.unwrap().optional().describe('Sample only from the K most likely tokens; 0 turns the limit off.'),
    /** Sample only from the most likely tokens whose probabilities add up to P (nucleus sampling). */
    topP: p.topP
      .unwrap()
      .optional()
      .describe('Sample only from the most likely tokens whose probabilities add up to P (nucleus sampling).'),
    /** Drop tokens less likely than this fraction of the most likely token’s probability. */
    minP: p.minP.unwrap().optional().describe('Drop tokens less likely than this fraction of the most likely token’s probability.'),
    /** Penalty for repeating recent tokens; 1 is no penalty, as llama.cpp counts it. */
    repeatPenalty: p.repeatPenalty
      .unwrap()
      .optional()
      .describe('Penalty for repeating recent tokens; 1 is no penalty, as llama.cpp counts it.'),
    /** How many recent tokens the repeat penalty looks at. */
    repeatLastN: p.repeatLastN.unwrap().optional().describe('How many recent tokens the repeat penalty looks at.'),
    /** Sampling seed; the same seed, model and prompt give the same output. */
    seed: p.seed.unwrap().optional().describe('Sampling seed; the same seed, model and prompt give the same output.'),
    /** Upper bound on generated tokens. */
    maxTokens: p.maxTokens.unwrap().optional().describe('Upper bound on generated tokens.'),
    /** Generation stops before the first of these strings; the string is not part of the output. */
    stop: p.stop.unwrap().optional().describe('Generation stops before the first of these strings; the string is not part of the output.'),
  })
  .strict()
  .describe('Generation parameters; what is left out comes from the run’s parameter set.');
export type GenerationParamsOverride = z.output<typeof GenerationParamsOverride>;
