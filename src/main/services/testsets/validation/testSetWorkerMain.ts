// Entry of the test set worker thread: big test set texts (up to the size limits, 4 MiB of YAML
// took seconds) are parsed and validated here, so the host's event loop stays free meanwhile.
import { parentPort } from 'node:worker_threads';
import { UserFacingError } from '../../../../shared/result';
import type { TestSetWorkerReply, TestSetWorkerRequest } from './testSetWorkerProtocol';
import { validateTestSetText } from './validateTestSetText';

const port = parentPort;
if (port === null) throw new Error('testSetWorkerMain runs as a worker thread.');

port.on('message', ({ id, text, ...request }: TestSetWorkerRequest) => {
  let reply: TestSetWorkerReply;
  try {
    reply = { id, ok: true, result: validateTestSetText(text, request) };
  } catch (error) {
    reply =
      error instanceof UserFacingError
        ? { id, ok: false, error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } }
        : { id, ok: false, error: { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
  port.postMessage(reply);
});
