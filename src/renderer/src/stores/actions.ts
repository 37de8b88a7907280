import type { ApiError, ApiResult } from '../../../shared/result';
import type { Resource } from './resource';
import { settle } from './resource';

/** The state of one kind of user action, so each form or button shows its own outcome. */
export interface ActionState<T> {
  status: 'idle' | 'pending' | 'done' | 'error';
  /** What the action acted on (model id, run id, reference), to show the outcome in the right place. */
  target: string | null;
  result: T | null;
  error: ApiError | null;
}

export function idleAction<T>(): ActionState<T> {
  return { status: 'idle', target: null, result: null, error: null };
}

export function pendingAction<T>(target: string | null = null, result: T | null = null): ActionState<T> {
  return { status: 'pending', target, result, error: null };
}

export function doneAction<T>(result: T | null, target: string | null = null): ActionState<T> {
  return { status: 'done', target, result, error: null };
}

export function failedAction<T>(error: ApiError, target: string | null = null): ActionState<T> {
  return { status: 'error', target, result: null, error };
}

/** The action's state once its call answered: done with the answer, or failed with the error. */
export function settledAction<T>(result: ApiResult<T>, target: string | null = null): ActionState<T> {
  return result.ok ? doneAction(result.value, target) : failedAction(result.error, target);
}

/**
 * The `load()` of a store holding one of main's lists: loading while the call is out, then the
 * answer, keeping the last good data when the call fails.
 */
export function resourceLoader<T>(
  set: (partial: Partial<Resource<T>>) => void,
  get: () => Resource<T>,
  call: () => Promise<ApiResult<T>>,
): () => Promise<void> {
  return async () => {
    set({ status: 'loading' });
    const result = await call();
    set(settle(get(), result));
  };
}
