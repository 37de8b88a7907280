import { z } from 'zod';
import { MAX_CHOICES } from '../../../../shared/testset/choiceLimits';

/** The most choices one `/v1/loglikelihood` request may score: a test set case's limit, so any case's item fits one request. */
export const MAX_WORKER_CHOICES = MAX_CHOICES;

/**
 * The body of an `evalbench worker`'s `POST /v1/loglikelihood`: one multiple-choice item, its
 * context and the continuations to score after it (lm-evaluation-harness's split, see `encodePair`).
 */
export const WorkerLoglikelihoodRequest = z.strictObject({
  model: z.string().optional(),
  context: z.string(),
  choices: z
    .array(z.string().min(1, 'a choice must not be empty'))
    .min(1, 'give at least one choice')
    .max(MAX_WORKER_CHOICES, `give at most ${MAX_WORKER_CHOICES} choices`),
});
export type WorkerLoglikelihoodRequest = z.infer<typeof WorkerLoglikelihoodRequest>;

/** One choice's score as `scoreChoicesLocal` gives it (`contextTokens` from workers that count them). */
export const WorkerChoiceScore = z.object({
  logprob: z.number().max(0),
  tokens: z.number().int().positive(),
  greedy: z.boolean(),
  contextTokens: z.number().int().nonnegative().optional(),
});

/** The worker's answer: each choice's score in the choices' order, and what the worker measured. */
export const WorkerLoglikelihoodResponse = z.object({
  object: z.literal('loglikelihood'),
  model: z.string(),
  scores: z.array(WorkerChoiceScore),
  evalbench: z.object({
    /** Time the request waited for a free model slot. */
    queuedMs: z.number().nonnegative(),
    /** Time the scoring itself took in the inference worker, from the slot on. */
    scoringMs: z.number().nonnegative(),
  }),
});
export type WorkerLoglikelihoodResponse = z.infer<typeof WorkerLoglikelihoodResponse>;

/** A request body the worker can score, or why not (400, naming the field). */
export type ParsedLoglikelihoodRequest =
  { ok: true; value: WorkerLoglikelihoodRequest } | { ok: false; message: string; param: string | null };

/** Reads a `/v1/loglikelihood` body; the message names the first bad field. */
export function parseLoglikelihoodRequest(body: unknown): ParsedLoglikelihoodRequest {
  const parsed = WorkerLoglikelihoodRequest.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const param =
    issue === undefined || issue.path.length === 0
      ? null
      : issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '');
  const what =
    issue?.code === 'unrecognized_keys'
      ? `${issue.message} (a /v1/loglikelihood body has model, context and choices)`
      : (issue?.message ?? 'unreadable body');
  return { ok: false, message: `Invalid /v1/loglikelihood request${param === null ? '' : ` field "${param}"`}: ${what}.`, param };
}
