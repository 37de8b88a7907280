import type { ApiError, ApiResult } from '../../../shared/result';

/** Shape of every piece of main's truth held in a renderer store. */
export interface Resource<T> {
  data: T | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: ApiError | null;
}

export function idle<T>(): Resource<T> {
  return { data: null, status: 'idle', error: null };
}

/** The next resource state after a call settles; keeps the last good data on error. */
export function settle<T>(previous: Resource<T>, result: ApiResult<T>): Resource<T> {
  return result.ok ? { data: result.value, status: 'ready', error: null } : { data: previous.data, status: 'error', error: result.error };
}
