import type { Services } from '../Services';

/** Calls the API as the renderer would, and fails the test with main's message when it refuses. */
export async function callRouter<T>(services: Services, name: string, input: unknown): Promise<T> {
  const result = await services.router(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
