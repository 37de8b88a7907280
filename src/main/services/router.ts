import type { z } from 'zod';
import { calls, isCallName, isOutputFromStore, type CallName, type CallOutput } from '../../shared/api';
import { fail, ok, UserFacingError, type ApiResult } from '../../shared/result';

/** One function per call, taking the already-validated input. */
export type Handlers = {
  [N in CallName]: (input: z.output<(typeof calls)[N]['input']>) => CallOutput<N> | Promise<CallOutput<N>>;
};

/** What one service contributes to the table: the handlers of the calls it answers. */
export type HandlerSlice<N extends CallName> = Pick<Handlers, N>;

export interface RouterOptions {
  /**
   * Check every output against its schema too (development and tests): a mismatch is our bug.
   * Calls marked `outputFromStore` in the contract are left out (their store parses on write).
   */
  checkOutputs?: boolean;
  /** Where unexpected errors are reported; they never reach the client with a stack. */
  onInternalError?: (call: string, error: unknown) => void;
}

export type Router = (name: unknown, input: unknown) => Promise<ApiResult<unknown>>;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The transport-independent heart of the API: validate, call the service, and turn whatever
 * happens into an `ApiResult`. Both the IPC adapter and the WebSocket bridge call this.
 */
export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const checkOutputs = options.checkOutputs ?? process.env.NODE_ENV !== 'production';
  return async (name, input) => {
    if (!isCallName(name)) {
      return fail(
        'unknown_call',
        `There is no call named ${JSON.stringify(name)}.`,
        'The renderer and main are out of step; reload the window.',
      );
    }
    const spec = calls[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return fail('invalid_input', `Invalid input for ${name}: ${describeIssues(parsed.error.issues)}.`);
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      // A store-backed output was parsed when written; parsing 80,000 results again blocks main for seconds.
      if (checkOutputs && !isOutputFromStore(name)) {
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          options.onInternalError?.(name, checked.error);
          return fail('internal', `${name} produced a result that breaks the API contract: ${describeIssues(checked.error.issues)}.`);
        }
      }
      return ok(value);
    } catch (error) {
      if (error instanceof UserFacingError) return fail(error.code, error.message, error.hint);
      options.onInternalError?.(name, error);
      const message = error instanceof Error ? error.message : String(error);
      return fail('internal', `${name} failed: ${message}`, 'This is a bug in Evalbench; the log has the details.');
    }
  };
}
