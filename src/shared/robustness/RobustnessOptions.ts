import { z } from 'zod';

/** The ways a case can be perturbed, in the order variants are made. */
export const PERTURBATION_KINDS = ['typos', 'casing', 'whitespace', 'shuffle-options', 'preamble'] as const;

/**
 * How a variant differs from its case: `typos` (letters swapped, dropped or doubled in a few
 * words), `casing` (upper, lower, title or mixed case), `whitespace` (extra spaces, tabs and line
 * breaks), `shuffle-options` (the multiple-choice options reordered, the expected letter moved
 * with its option), `preamble` (an irrelevant paragraph before the question).
 */
export const PerturbationKind = z.enum(PERTURBATION_KINDS);
export type PerturbationKind = z.infer<typeof PerturbationKind>;

/** Perturbed variants of every case, made when the run is created, to measure how much answers depend on the wording. */
export const RobustnessOptions = z
  .object({
    /** Seed of the perturbations: the same seed gives the same variants of the same cases. */
    seed: z.number().int().min(0).max(0xffffffff),
    /** Which perturbations to make; each gives `variantsPerKind` variants of every case it applies to. */
    perturbations: z
      .array(PerturbationKind)
      .min(1)
      .refine((kinds) => new Set(kinds).size === kinds.length, 'each perturbation is listed once'),
    /** Variants of each case per perturbation; 1 unless set. */
    variantsPerKind: z.number().int().min(1).max(10).default(1),
    /**
     * Also perturb the text that the case's variables put in the prompt. Off by default: variable
     * values are data (a word to spell, code, a name) and only the wording around them changes,
     * which for a test set whose whole question is a variable is little more than its template.
     */
    perturbVariables: z.boolean().default(false),
  })
  .strict();
export type RobustnessOptions = z.output<typeof RobustnessOptions>;
export type RobustnessOptionsInput = z.input<typeof RobustnessOptions>;
