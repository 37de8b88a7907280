import { RemoteEngineError } from './RemoteEngineError';

/** Where an endpoint's settings say its API key comes from; at most one of `apiKeyEnv` and `apiKey` applies. */
export interface ApiKeySettings {
  /** The environment variable holding the key. */
  apiKeyEnv?: string | undefined;
  /** The name of a key kept in the desktop app's keychain (Models → API keys). */
  apiKeyName?: string | undefined;
  /** The key itself: the `apiKey` setting, or the key the app read from its keychain for `apiKeyName`. */
  apiKey?: string | undefined;
}

/**
 * The API key to send to `endpoint` (the endpoint as shown to people), trimmed; undefined when
 * the settings name none. Throws a `RemoteEngineError` (`config`) that names the endpoint and
 * the fix when the variable is unset, when a keychain key was named but could not be read here,
 * or when the key holds a character an HTTP header cannot carry (fetch would refuse it with a
 * message that quotes the header, key included).
 */
export function resolveApiKey(endpoint: string, settings: ApiKeySettings, env: NodeJS.ProcessEnv): string | undefined {
  const { apiKeyEnv, apiKeyName } = settings;
  const key = (apiKeyEnv === undefined ? settings.apiKey : env[apiKeyEnv])?.trim();
  if (apiKeyEnv !== undefined && (key === undefined || key === '')) {
    throw new RemoteEngineError(
      'config',
      `The API key for ${endpoint} should be in the ${apiKeyEnv} environment variable, which is not set; set it, or remove apiKeyEnv if the server needs no key.`,
    );
  }
  if (apiKeyEnv === undefined && apiKeyName !== undefined && key === undefined) {
    throw new RemoteEngineError(
      'config',
      `The API key "${apiKeyName}" for ${endpoint} is kept in the desktop app's keychain, which is not available here; run this from the app, or name an environment variable holding the key with apiKeyEnv.`,
    );
  }
  if (key !== undefined && /[^\x21-\x7e]/.test(key)) {
    throw new RemoteEngineError(
      'config',
      `The API key for ${endpoint} in ${apiKeySource(settings)} contains a character that cannot go in an HTTP header (a space or line break?); check it.`,
    );
  }
  return key;
}

/** Where the key was read from, as a fix names it: "the X environment variable", the stored key, or the apiKey setting. */
export function apiKeySource(settings: Pick<ApiKeySettings, 'apiKeyEnv' | 'apiKeyName'>): string {
  if (settings.apiKeyEnv !== undefined) return `the ${settings.apiKeyEnv} environment variable`;
  if (settings.apiKeyName !== undefined) return `the stored key "${settings.apiKeyName}" (Models → API keys)`;
  return 'the apiKey setting';
}
