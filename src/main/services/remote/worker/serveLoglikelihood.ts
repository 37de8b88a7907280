import type http from 'node:http';
import type { Engine } from '../../engine/Engine';
import { WorkerError } from '../../engine/WorkerHandle';
import type { ModelPool } from './ModelPool';
import { describeWorkerFailure, type FailureAnswer } from './describeWorkerFailure';
import { sendOpenAiError } from './sendOpenAiError';
import type { WorkerLoglikelihoodRequest, WorkerLoglikelihoodResponse } from './WorkerLoglikelihood';

/** What scoring one item needs from the server. */
export interface LoglikelihoodContext {
  pool: ModelPool;
  engine: Engine;
  modelName: string;
  /** Told how each request ended, for the server's log. */
  onFinished: (status: number, choices: number) => void;
}

/**
 * Scores one `/v1/loglikelihood` item on a free copy of the model with the engine's
 * `scoreChoices`, the call local runs use for log-likelihood cases, and answers each choice's
 * summed log-probability, token count and greediness. A client that disconnects gives up its
 * place while the request waits for a copy, and stops the scoring after the forward pass under
 * way once it has started.
 */
export async function serveLoglikelihood(
  response: http.ServerResponse,
  request: WorkerLoglikelihoodRequest,
  context: LoglikelihoodContext,
): Promise<void> {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  try {
    const { value, queuedMs } = await context.pool.run(controller.signal, async (loadId) => {
      const from = performance.now();
      const scores = await context.engine.scoreChoices(loadId, request.context, request.choices, { signal: controller.signal });
      return { scores, scoringMs: performance.now() - from };
    });
    if (value.scores.length !== request.choices.length)
      throw new Error(`the model scored ${value.scores.length} of ${request.choices.length} choices`);
    context.onFinished(controller.signal.aborted ? 499 : 200, request.choices.length);
    const answer: WorkerLoglikelihoodResponse = {
      object: 'loglikelihood',
      model: context.modelName,
      scores: value.scores,
      evalbench: { queuedMs, scoringMs: value.scoringMs },
    };
    const body = JSON.stringify(answer);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  } catch (error) {
    if (controller.signal.aborted) {
      context.onFinished(499, request.choices.length);
      return;
    }
    const failure = describeFailure(error);
    context.onFinished(failure.status, request.choices.length);
    sendOpenAiError(response, failure.status, failure.message, failure.details);
  }
}

/** What `scoreChoicesLocal` refuses about the item itself (a `RangeError` in the inference worker). */
const ITEM_PROBLEM = /has no tokens of its own after the context|more than the context size|an empty context needs a BOS token/;

function describeFailure(error: unknown): FailureAnswer {
  return describeWorkerFailure(error, 'scoring', (e) => {
    if (e instanceof WorkerError && e.kind === 'failed' && ITEM_PROBLEM.test(e.message)) {
      const hint = /context size/.test(e.message) ? ' Shorten the item, or start the worker with a larger --context.' : '';
      return {
        status: 400,
        message: `This item cannot be scored: ${e.message}.${hint}`,
        details: { type: 'invalid_request_error', code: 'invalid_item' },
      };
    }
    return null;
  });
}
