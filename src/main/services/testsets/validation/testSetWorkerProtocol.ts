import type { ApiError } from '../../../../shared/result';
import type { TestSetLoadResult } from '../../../../shared/testset/TestSetLoadResult';
import type { ResultPart } from './resultParts';
import type { TestSetTextRequest } from './validateTestSetText';

/** Host → test set worker: parse and validate `text`; or send the next slice of request `id`'s result. */
export type TestSetWorkerRequest = (TestSetTextRequest & { id: number; text: string }) | { id: number; next: true };

/**
 * Test set worker → host: the result's head (its first slice of cases, diagnostics and ids), then,
 * one per `next` request, the further slices (resultParts); `more` says whether any are left.
 */
export type TestSetWorkerReply =
  | { id: number; ok: true; result: TestSetLoadResult; more: boolean }
  | { id: number; ok: true; part: ResultPart; more: boolean }
  | { id: number; ok: false; error: ApiError };
