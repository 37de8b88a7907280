/**
 * One reference translation or answer for BLEU and chrF. `null` is a missing reference (sacrebleu's
 * `None`, for corpora where segments have different numbers of references); an empty string is a
 * reference that is empty, and counts as one, as in sacrebleu.
 */
export type Reference = string | null;
