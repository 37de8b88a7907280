import type { ApiError } from '../../../../shared/result';
import type { TestSetFormat, TestSetLoadResult } from '../../../../shared/testset/TestSetLoadResult';
import type { TestSetFacts } from '../library/testSetText';
import type { ResultPart } from './resultParts';
import type { TestSetTextRequest } from './validateTestSetText';

/**
 * Host → test set worker: parse and validate `text`; read a text's name and case count (what the
 * library lists); or send the next slice of request `id`'s result.
 */
export type TestSetWorkerRequest =
  | (TestSetTextRequest & { id: number; kind: 'validate'; text: string })
  | { id: number; kind: 'facts'; text: string; file: string; format: TestSetFormat }
  | { id: number; kind: 'next' };

/**
 * Test set worker → host: a validation's head (its first slice of cases, diagnostics and ids),
 * then, one per `next` request, the further slices (resultParts), `more` saying whether any are
 * left; or a text's facts.
 */
export type TestSetWorkerReply =
  | { id: number; ok: true; result: TestSetLoadResult; more: boolean }
  | { id: number; ok: true; part: ResultPart; more: boolean }
  | { id: number; ok: true; facts: TestSetFacts }
  | { id: number; ok: false; error: ApiError };
