import { z } from 'zod';
import { RunIdInput } from './common';

/** A person's verdict on one case result: `unsure` records the look without overriding anything. */
export const ReviewVerdict = z.enum(['pass', 'fail', 'unsure']);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

/** Which case result a review label belongs to: one model's answer to one case, one repetition. */
export const ReviewKey = z.object({
  runId: z.string(),
  modelKey: z.string(),
  caseId: z.string(),
  repetition: z.number().int().nonnegative(),
});
export type ReviewKey = z.infer<typeof ReviewKey>;

/**
 * A human review of one case result. A `pass` or `fail` verdict overrides the automatic
 * pass/fail in the statistics the app shows; the automatic scores are kept beside it.
 */
export const ReviewLabel = ReviewKey.extend({
  verdict: ReviewVerdict.nullable(),
  /** Free text: why it was marked so. */
  note: z.string(),
  /** The reviewer's own labels, e.g. `hallucination`, `format`. */
  tags: z.array(z.string()),
  updatedAt: z.string(),
});
export type ReviewLabel = z.infer<typeof ReviewLabel>;

/** People's review labels on case results (see `calls` in `../api`). */
export const reviewCalls = {
  /** Every human review label of a run. */
  'review.list': { input: RunIdInput, output: z.array(ReviewLabel) },
  /**
   * Stores the whole label of one case result (replacing the previous one); a label with no
   * verdict, note or tags is removed, and the answer is null. Others see it as `review.changed`.
   */
  'review.set': {
    input: ReviewKey.extend({
      verdict: ReviewVerdict.nullable(),
      note: z.string().max(10_000),
      tags: z.array(z.string().trim().min(1).max(64)).max(32),
    }).strict(),
    output: ReviewLabel.nullable(),
  },
} as const;

export const reviewEvents = {
  /** A review label was stored or removed (`label` null), by this window or another. */
  'review.changed': ReviewKey.extend({ label: ReviewLabel.nullable() }),
} as const;
