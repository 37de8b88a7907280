import { useEffect, useState, type SyntheticEvent } from 'react';
import { useApiKeysStore } from '../../stores/apiKeysStore';
import { useAppInfo } from '../../stores/appStore';
import { ErrorNotice } from '../ErrorNotice';
import './apiKeys.css';

/** The names ApiKeyStore accepts, checked here too so a typo is marked at the field. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

function AddKeyForm() {
  const add = useApiKeysStore((s) => s.add);
  const pending = useApiKeysStore((s) => s.action.status === 'pending');
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [problems, setProblems] = useState<{ name?: string; key?: string }>({});
  const [stored, setStored] = useState<string | null>(null);
  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const found: { name?: string; key?: string } = {};
    if (!NAME.test(name.trim()))
      found.name = 'Up to 100 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.';
    if (key.trim() === '') found.key = 'Paste the key.';
    setProblems(found);
    setStored(null);
    if (Object.keys(found).length > 0) return;
    if (await add(name.trim(), key)) {
      setStored(name.trim());
      setName('');
      setKey('');
    }
  };
  return (
    <form className="api-key-form" aria-label="Add an API key" onSubmit={(e) => void submit(e)} noValidate>
      <div className="run-field">
        <label htmlFor="api-key-name">Name</label>
        <input
          id="api-key-name"
          type="text"
          value={name}
          placeholder="vllm-prod"
          autoComplete="off"
          aria-invalid={problems.name !== undefined}
          aria-describedby={problems.name === undefined ? undefined : 'api-key-name-error'}
          onChange={(e) => setName(e.target.value)}
        />
        {problems.name !== undefined && (
          <p id="api-key-name-error" className="field-error">
            {problems.name}
          </p>
        )}
      </div>
      <div className="run-field">
        <label htmlFor="api-key-value">Key</label>
        <input
          id="api-key-value"
          type="password"
          value={key}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problems.key !== undefined}
          aria-describedby={problems.key === undefined ? undefined : 'api-key-value-error'}
          onChange={(e) => setKey(e.target.value)}
        />
        {problems.key !== undefined && (
          <p id="api-key-value-error" className="field-error">
            {problems.key}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Storing…' : 'Store key'}
      </button>
      <p role="status" className="muted">
        {stored === null ? '' : `Stored “${stored}”. Pick it as a remote endpoint’s key in the New run form.`}
      </p>
    </form>
  );
}

function KeyRow({ name }: { name: string }) {
  const remove = useApiKeysStore((s) => s.remove);
  const [asking, setAsking] = useState(false);
  return (
    <li>
      <span className="api-key-name">{name}</span>
      {asking ? (
        <span className="api-key-confirm">
          Remove “{name}”? Runs that use it will fail until it is stored again.{' '}
          <button type="button" className="danger" onClick={() => void remove(name)}>
            Remove
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" aria-label={`Remove the key ${name}`} onClick={() => setAsking(true)}>
          Remove
        </button>
      )}
    </li>
  );
}

/**
 * API keys for remote models' servers, kept by the desktop app in the system keychain: their
 * names only, never the keys. Elsewhere keys cannot be stored, and the panel says what to do instead.
 */
export function ApiKeysPanel() {
  const host = useAppInfo().data?.host;
  const names = useApiKeysStore((s) => s.data);
  const error = useApiKeysStore((s) => s.error);
  const actionError = useApiKeysStore((s) => s.action.error);
  const load = useApiKeysStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  const desktop = host === 'electron';
  return (
    <section className="api-keys" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <p className="muted">
        Keys for remote models’ servers (vLLM, OpenAI-compatible services, an evalbench worker with a token). Only their names are shown; a
        run names the key it uses and never holds the key itself.
      </p>
      {host !== undefined && !desktop && (
        <p className="api-keys-unavailable">
          {host === 'browser'
            ? 'Keys cannot be stored here: the browser window talks to evalbench serve, which has no system keychain.'
            : 'Keys cannot be stored here: there is no system keychain.'}{' '}
          Put the key in an environment variable where Evalbench runs (for example <code>VLLM_KEY=… npx evalbench serve</code>) and give the
          variable’s <em>name</em> as the endpoint’s key in the New run form (<code>apiKeyEnv</code> in a run file).
        </p>
      )}
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {names !== null &&
        (names.length === 0 ? (
          <p className="muted">No keys stored.</p>
        ) : (
          <ul className="api-key-list" aria-label="Stored API keys">
            {names.map((name) => (
              <KeyRow key={name} name={name} />
            ))}
          </ul>
        ))}
      {desktop && <AddKeyForm />}
      {actionError !== null && <ErrorNotice error={actionError} />}
    </section>
  );
}
