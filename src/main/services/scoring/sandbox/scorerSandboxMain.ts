// Entry of the scoring sandbox: a child process that runs what test sets wrote (JavaScript scorer
// expressions, regular expressions, JSON Schemas with patterns) one scorer at a time, with a heap
// limit set by its parent, which kills and replaces it when a scorer overruns. Nothing here is
// trusted to end: the parent's clock and the heap limit bound it.
import { verdictOf } from '../scorerVerdict';
import type { SandboxReply, SandboxRequest } from './sandboxProtocol';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('scorerSandboxMain runs as a child process with an IPC channel.');
const reply = (message: SandboxReply): void => {
  send(message);
};

const describe = (reason: unknown): string => (reason instanceof Error ? reason.message : String(reason));
// Promises an expression left rejected are reported once its evaluation has returned; they are
// this case's error (the expression is not allowed to start asynchronous work), not a crash.
const rejected: string[] = [];
process.on('unhandledRejection', (reason) => {
  rejected.push(describe(reason));
});

process.on('message', (request: SandboxRequest) => {
  let answer: SandboxReply;
  try {
    answer = { type: 'verdict', id: request.id, verdict: verdictOf(request.spec, request.input) };
  } catch (error) {
    answer = { type: 'error', id: request.id, message: describe(error) };
  }
  // One turn of the event loop, so that rejections the evaluation caused land on this case.
  setImmediate(() => {
    if (rejected.length > 0) {
      answer = {
        type: 'error',
        id: request.id,
        message: `the expression left a promise rejected (${rejected.splice(0).join('; ')}); a scorer expression must give its value at once, without promises or imports`,
      };
    }
    reply(answer);
  });
});

reply({ type: 'ready' });
