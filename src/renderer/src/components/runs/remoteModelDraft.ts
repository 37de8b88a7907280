import { RemoteModelSpec, type RemoteApi, type RemoteEndpointSpecInput, type ServerDialect } from '../../../../shared/remoteModel';

/** Where an endpoint's API key comes from, as the form offers it. */
export type KeySource = 'none' | 'stored' | 'env';

/** One endpoint as typed in the New run form: text until the run is started. */
export interface RemoteEndpointDraft {
  /** Stable within the form, for React keys and field ids. */
  key: string;
  baseUrl: string;
  model: string;
  dialect: ServerDialect;
  keySource: KeySource;
  /** The stored key's name (desktop app), when `keySource` is `stored`. */
  apiKeyName: string;
  /** The environment variable's name, when `keySource` is `env`. */
  apiKeyEnv: string;
  concurrency: string;
  /** Seconds, as people think of a timeout; the run stores milliseconds. */
  timeoutSeconds: string;
  retries: string;
}

/** A remote model as typed in the New run form. */
export interface RemoteModelDraft {
  label: string;
  api: RemoteApi;
  endpoints: RemoteEndpointDraft[];
}

/** What is wrong with the remote models, by field id (`remoteFieldId`). */
export type RemoteProblems = Record<string, string>;

/** The id of a remote model's field (`label`, `api`) or of one of its endpoints' fields, in the DOM and in `RemoteProblems`. */
export function remoteFieldId(modelKey: string, field: string, endpointKey?: string): string {
  return endpointKey === undefined ? `${modelKey}-${field}` : `${modelKey}-${endpointKey}-${field}`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function emptyEndpoint(key: string): RemoteEndpointDraft {
  return {
    key,
    baseUrl: '',
    model: '',
    dialect: 'openai',
    keySource: 'none',
    apiKeyName: '',
    apiKeyEnv: '',
    concurrency: '1',
    timeoutSeconds: '60',
    retries: '3',
  };
}

/** The form's copy of a stored remote model, to run it again. */
export function remoteDraftFromSpec(label: string, spec: RemoteModelSpec): RemoteModelDraft {
  return {
    label,
    api: spec.api,
    endpoints: spec.endpoints.map((e, i) => ({
      key: `e${i + 1}`,
      baseUrl: e.baseUrl,
      model: e.model,
      dialect: e.dialect,
      keySource: e.apiKeyName !== undefined ? 'stored' : e.apiKeyEnv !== undefined ? 'env' : 'none',
      apiKeyName: e.apiKeyName ?? '',
      apiKeyEnv: e.apiKeyEnv ?? '',
      concurrency: String(e.concurrency),
      timeoutSeconds: String(e.timeoutMs / 1000),
      retries: String(e.retries),
    })),
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** What the form knows about where keys can come from. */
export interface KeyContext {
  /** Names of the stored keys; null when not known (not loaded, or keys cannot be stored here). */
  storedKeys: readonly string[] | null;
  /** False in the browser host and the CLI, where no key can be stored or read from the keychain. */
  canStoreKeys: boolean;
}

function endpointSpec(
  modelKey: string,
  e: RemoteEndpointDraft,
  keys: KeyContext,
  problems: RemoteProblems,
): RemoteEndpointSpecInput | null {
  const id = (field: string): string => remoteFieldId(modelKey, field, e.key);
  const before = Object.keys(problems).length;
  const baseUrl = e.baseUrl.trim();
  if (baseUrl === '') problems[id('baseUrl')] = 'Enter the server’s base URL, e.g. http://localhost:8080/v1.';
  if (e.model.trim() === '') problems[id('model')] = 'Enter the name the server knows the model by (GET /v1/models lists them).';
  if (e.keySource === 'env' && !ENV_NAME.test(e.apiKeyEnv.trim())) {
    problems[id('apiKeyEnv')] =
      e.apiKeyEnv.trim() === ''
        ? 'Enter the name of the environment variable that holds the key.'
        : 'The name of an environment variable (letters, digits and _, not starting with a digit), not the key itself.';
  }
  if (e.keySource === 'stored') {
    if (!keys.canStoreKeys)
      problems[id('apiKeyName')] = 'Stored keys work only in the desktop app; here, name an environment variable instead.';
    else if (e.apiKeyName === '') problems[id('apiKeyName')] = 'Choose a stored key, or add one under Models → API keys.';
    else if (keys.storedKeys !== null && !keys.storedKeys.includes(e.apiKeyName))
      problems[id('apiKeyName')] = `No key named “${e.apiKeyName}” is stored; add it under Models → API keys.`;
  }
  const concurrency = wholeNumber(e.concurrency, 1, 256);
  if (concurrency === null) problems[id('concurrency')] = 'A whole number of requests at once, from 1 to 256.';
  const seconds = Number(e.timeoutSeconds.trim());
  const timeoutOk = e.timeoutSeconds.trim() !== '' && Number.isFinite(seconds) && seconds >= 0.1 && seconds <= 86_400;
  if (!timeoutOk) problems[id('timeoutSeconds')] = 'Seconds, from 0.1 to 86,400.';
  const retries = wholeNumber(e.retries, 0, 20);
  if (retries === null) problems[id('retries')] = 'A whole number from 0 to 20.';
  if (Object.keys(problems).length > before || concurrency === null || retries === null) return null;
  return {
    baseUrl,
    model: e.model.trim(),
    dialect: e.dialect,
    ...(e.keySource === 'env' ? { apiKeyEnv: e.apiKeyEnv.trim() } : {}),
    ...(e.keySource === 'stored' ? { apiKeyName: e.apiKeyName } : {}),
    concurrency,
    timeoutMs: Math.round(seconds * 1000),
    retries,
  };
}

/**
 * The run's remote model for this draft, or null with what is wrong added to `problems`, field
 * by field. The shared schema checks what the form's own checks leave (a URL's scheme, user names
 * in it), so the form refuses what `runs.start` would.
 */
export function remoteModelSpec(
  modelKey: string,
  draft: RemoteModelDraft,
  otherLabels: readonly string[],
  keys: KeyContext,
  problems: RemoteProblems,
): { label: string; remote: RemoteModelSpec } | null {
  const before = Object.keys(problems).length;
  const label = draft.label.trim();
  if (label === '') problems[remoteFieldId(modelKey, 'label')] = 'Give the model a label: results and reports name it so.';
  else if (label.length > 100) problems[remoteFieldId(modelKey, 'label')] = 'At most 100 characters.';
  else if (otherLabels.includes(label))
    problems[remoteFieldId(modelKey, 'label')] = `Another model in this run is labelled “${label}”; labels tell the models apart.`;
  const endpoints = draft.endpoints.map((e) => endpointSpec(modelKey, e, keys, problems));
  if (draft.endpoints.length === 0) problems[remoteFieldId(modelKey, 'endpoints')] = 'Add at least one endpoint.';
  if (Object.keys(problems).length > before) return null;
  const parsed = RemoteModelSpec.safeParse({ api: draft.api, endpoints });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, index, field] = issue.path;
      const endpoint = first === 'endpoints' && typeof index === 'number' ? draft.endpoints[index] : undefined;
      const id =
        endpoint === undefined
          ? remoteFieldId(modelKey, 'endpoints')
          : remoteFieldId(modelKey, typeof field === 'string' ? field : 'baseUrl', endpoint.key);
      problems[id] ??= issue.message;
    }
    return null;
  }
  return { label, remote: parsed.data };
}
