// Entry of the test set worker thread: big test set texts (up to the size limits, 4 MiB of YAML
// took seconds) are parsed and validated here, so the host's event loop stays free meanwhile.
import { parentPort } from 'node:worker_threads';
import { UserFacingError } from '../../../../shared/result';
import { testSetFacts } from '../library/testSetText';
import { splitResult, type ResultPart } from './resultParts';
import type { TestSetWorkerReply, TestSetWorkerRequest } from './testSetWorkerProtocol';
import { validateTestSetText } from './validateTestSetText';
import { optionalFields } from '../../../../shared/optionalFields';

const port = parentPort;
if (port === null) throw new Error('testSetWorkerMain runs as a worker thread.');

/** The slices of each result not yet sent, by request id. */
const unsent = new Map<number, ResultPart[]>();

function answer(request: Exclude<TestSetWorkerRequest, { kind: 'next' }>): TestSetWorkerReply {
  const { id } = request;
  try {
    if (request.kind === 'facts') return { id, ok: true, facts: testSetFacts(request.text, request.format, request.file) };
    const { head, parts } = splitResult(validateTestSetText(request.text, request));
    if (parts.length > 0) unsent.set(id, parts);
    return { id, ok: true, result: head, more: parts.length > 0 };
  } catch (error) {
    return error instanceof UserFacingError
      ? { id, ok: false, error: { code: error.code, message: error.message, ...optionalFields({ hint: error.hint }) } }
      : { id, ok: false, error: { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
}

port.on('message', (request: TestSetWorkerRequest) => {
  if (request.kind !== 'next') {
    port.postMessage(answer(request));
    return;
  }
  const parts = unsent.get(request.id) ?? [];
  const part = parts.shift() ?? { cases: [], diagnostics: [], generatedIds: [] };
  if (parts.length === 0) unsent.delete(request.id);
  port.postMessage({ id: request.id, ok: true, part, more: parts.length > 0 } satisfies TestSetWorkerReply);
});
