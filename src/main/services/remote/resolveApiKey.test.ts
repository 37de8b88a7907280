import { describe, expect, it } from 'vitest';
import { RemoteEngineError } from './RemoteEngineError';
import { apiKeySource, resolveApiKey } from './resolveApiKey';

const ENDPOINT = 'http://gpu-box:8000/v1';

function configError(run: () => unknown): RemoteEngineError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RemoteEngineError);
    expect(error).toMatchObject({ kind: 'config' });
    return error as RemoteEngineError;
  }
  throw new Error('expected a config error');
}

describe('resolveApiKey', () => {
  it('reads the key from the named environment variable, trimmed, whatever the apiKey setting says', () => {
    expect(resolveApiKey(ENDPOINT, { apiKeyEnv: 'GPU_KEY' }, { GPU_KEY: '  sk-env\n' })).toBe('sk-env');
    expect(resolveApiKey(ENDPOINT, { apiKeyEnv: 'GPU_KEY', apiKey: 'sk-given' }, { GPU_KEY: 'sk-env' })).toBe('sk-env');
  });

  it('takes the key given in the settings (or read from the keychain) when no variable is named, trimmed', () => {
    expect(resolveApiKey(ENDPOINT, { apiKey: 'sk-given ' }, {})).toBe('sk-given');
    expect(resolveApiKey(ENDPOINT, { apiKeyName: 'gpu box', apiKey: 'sk-stored' }, {})).toBe('sk-stored');
  });

  it('is undefined when the settings name no key: the server may need none', () => {
    expect(resolveApiKey(ENDPOINT, {}, { OPENAI_API_KEY: 'sk-not-asked-for' })).toBeUndefined();
  });

  it('refuses an unset or empty variable, naming the endpoint, the variable and the fix', () => {
    const expected =
      'The API key for http://gpu-box:8000/v1 should be in the GPU_KEY environment variable, which is not set; set it, or remove apiKeyEnv if the server needs no key.';
    expect(configError(() => resolveApiKey(ENDPOINT, { apiKeyEnv: 'GPU_KEY' }, {})).message).toBe(expected);
    expect(configError(() => resolveApiKey(ENDPOINT, { apiKeyEnv: 'GPU_KEY' }, { GPU_KEY: ' ' })).message).toBe(expected);
  });

  it('refuses a keychain key that could not be read here, pointing to the app or to apiKeyEnv', () => {
    expect(configError(() => resolveApiKey(ENDPOINT, { apiKeyName: 'gpu box' }, {})).message).toBe(
      `The API key "gpu box" for http://gpu-box:8000/v1 is kept in the desktop app's keychain, which is not available here; run this from the app, or name an environment variable holding the key with apiKeyEnv.`,
    );
  });

  it('refuses a key an HTTP header cannot carry, saying where it came from and never quoting it', () => {
    const fromEnv = configError(() => resolveApiKey(ENDPOINT, { apiKeyEnv: 'GPU_KEY' }, { GPU_KEY: 'sk-abc\ndef' }));
    expect(fromEnv.message).toBe(
      'The API key for http://gpu-box:8000/v1 in the GPU_KEY environment variable contains a character that cannot go in an HTTP header (a space or line break?); check it.',
    );
    expect(configError(() => resolveApiKey(ENDPOINT, { apiKey: 'sk abc' }, {})).message).toMatch(/ in the apiKey setting contains /);
    const stored = configError(() => resolveApiKey(ENDPOINT, { apiKeyName: 'gpu box', apiKey: 'sk-é' }, {}));
    expect(stored.message).toMatch(/ in the stored key "gpu box" \(Models → API keys\) contains /);
    expect(`${fromEnv.message}${stored.message}`).not.toMatch(/sk-/);
  });
});

describe('apiKeySource', () => {
  it('names the variable, the stored key or the setting, as a fix reads them', () => {
    expect(apiKeySource({ apiKeyEnv: 'GPU_KEY' })).toBe('the GPU_KEY environment variable');
    expect(apiKeySource({ apiKeyName: 'gpu box' })).toBe('the stored key "gpu box" (Models → API keys)');
    expect(apiKeySource({})).toBe('the apiKey setting');
  });
});
