import type { z } from 'zod';
import { endpointName } from '../../../shared/remoteModel';
import { RemoteEngineError } from './RemoteEngineError';

/**
 * The error for remote endpoint settings a schema refused: a `RemoteEngineError` (`config`)
 * naming the endpoint (when its base URL is a string at all) and each problem by its field.
 */
export function invalidSettings(baseUrl: unknown, error: z.ZodError): RemoteEngineError {
  const shown = typeof baseUrl === 'string' ? endpointName(baseUrl) : 'a remote endpoint';
  const problems = error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
  return new RemoteEngineError('config', `The remote endpoint settings for ${shown} are invalid: ${problems}.`);
}
