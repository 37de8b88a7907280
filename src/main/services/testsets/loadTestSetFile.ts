import type { TestSetLoadResult } from '../../../shared/testset/TestSetLoadResult';
import { readTestSetText } from './readTestSetText';
import type { TestSetValidator } from './validation/TestSetValidator';
import { testSetSourceOf, validateTestSetText } from './validation/validateTestSetText';

/**
 * Reads and validates a test set file: YAML (`.yaml`, `.yml`, `.json`), JSONL (`.jsonl`,
 * `.ndjson`) or CSV (`.csv`, imported on the fly; its problems point at its rows). `displayName`
 * is how diagnostics name the file (defaults to the path as given). A file that cannot be read,
 * is not a regular file or is past the size limits (readTestSetText) throws a `UserFacingError`;
 * problems inside it are diagnostics in the result. The host passes its `validator`, which
 * checks big files in a worker thread; without one the file is checked on the calling thread.
 */
export async function loadTestSetFile(path: string, displayName = path, validator?: TestSetValidator): Promise<TestSetLoadResult> {
  const text = await readTestSetText(path, displayName);
  // Scorer expressions are parsed (compiled by V8, never run), so `validate` and a run refuse one that cannot run.
  const request = { file: displayName, source: testSetSourceOf(path), checkExpressions: true };
  return validator === undefined ? validateTestSetText(text, request) : validator.validate(text, request);
}
