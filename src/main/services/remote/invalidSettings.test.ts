import { describe, expect, it } from 'vitest';
import { RemoteEndpointSpec } from '../../../shared/remoteModel';
import { invalidSettings } from './invalidSettings';
import { RemoteEngineConfig } from './RemoteEngineConfig';

function refusal(schema: typeof RemoteEndpointSpec | typeof RemoteEngineConfig, settings: Record<string, unknown>): Error {
  const parsed = schema.safeParse(settings);
  if (parsed.success) throw new Error('expected the settings to be refused');
  return invalidSettings(settings.baseUrl, parsed.error);
}

describe('invalidSettings', () => {
  it('names the endpoint as results show it (no query, no trailing slash) and each problem by its field', () => {
    const error = refusal(RemoteEndpointSpec, { baseUrl: 'http://gpu-box:8000/v1/?token=x', model: 'tiny', retries: -1 });
    expect(error).toMatchObject({ kind: 'config' });
    expect(error.message).toMatch(/^The remote endpoint settings for http:\/\/gpu-box:8000\/v1 are invalid: retries: .+\.$/);
    expect(error.message).not.toContain('token=x');
  });

  it('says "a remote endpoint" when there is no base URL to name, and joins the problems', () => {
    const error = refusal(RemoteEngineConfig, { model: '', apiKey: 'k', apiKeyEnv: 'K' });
    expect(error.message).toMatch(/^The remote endpoint settings for a remote endpoint are invalid: baseUrl: .+; model: .+\.$/);
  });
});
