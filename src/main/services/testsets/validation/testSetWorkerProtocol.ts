import type { ApiError } from '../../../../shared/result';
import type { TestSetLoadResult } from '../../../../shared/testset/TestSetLoadResult';
import type { TestSetTextRequest } from './validateTestSetText';

/** Host → test set worker: parse and validate `text`. */
export interface TestSetWorkerRequest extends TestSetTextRequest {
  id: number;
  text: string;
}

/** Test set worker → host. */
export type TestSetWorkerReply = { id: number; ok: true; result: TestSetLoadResult } | { id: number; ok: false; error: ApiError };
