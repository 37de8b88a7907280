import { useState } from 'react';
import { RemoteApi, ServerDialect } from '../../../../shared/remoteModel';
import { nextRemoteId, type DraftModel } from './newRunDraft';
import {
  emptyEndpoint,
  remoteFieldId,
  type KeyContext,
  type KeySource,
  type RemoteEndpointDraft,
  type RemoteModelDraft,
  type RemoteProblems,
} from './remoteModelDraft';
import './remoteModels.css';
import { Field } from '../ui/Field';
import { optionalFields } from '../../../../shared/optionalFields';

const API_HELP: Record<RemoteApi, string> = {
  auto: 'Completion cases to /completions, chat cases to /chat/completions.',
  chat: 'Every case to /chat/completions; a completion prompt becomes one user message.',
  completion: 'Every case to /completions; chat cases are refused.',
};

const DIALECT_NAMES: Record<ServerDialect, string> = {
  openai: 'OpenAI-compatible',
  'llama-server': 'llama-server',
  vllm: 'vLLM',
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  tgi: 'TGI',
  evalbench: 'evalbench worker',
};

interface RemoteModelsFieldsProps {
  /** Every model of the run, library and remote, in run order; only the remote ones are edited here. */
  models: readonly DraftModel[];
  onChange: (models: DraftModel[]) => void;
  problems: RemoteProblems;
  keys: KeyContext;
}

/** The text input of one field, marked invalid and described by its error when it has one. */
function TextInput({
  id,
  value,
  problems,
  placeholder,
  inputMode,
  onChange,
}: {
  id: string;
  value: string;
  problems: RemoteProblems;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  onChange: (value: string) => void;
}) {
  const error = problems[id];
  return (
    <input
      id={id}
      type="text"
      value={value}
      spellCheck={false}
      autoComplete="off"
      {...optionalFields({ placeholder })}
      {...optionalFields({ inputMode })}
      aria-invalid={error !== undefined}
      aria-describedby={error === undefined ? undefined : `${id}-error`}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function EndpointFields({
  modelKey,
  index,
  endpoint,
  problems,
  keys,
  onChange,
  onRemove,
}: {
  modelKey: string;
  index: number;
  endpoint: RemoteEndpointDraft;
  problems: RemoteProblems;
  keys: KeyContext;
  onChange: (patch: Partial<RemoteEndpointDraft>) => void;
  onRemove: (() => void) | null;
}) {
  const id = (field: string): string => remoteFieldId(modelKey, field, endpoint.key);
  return (
    <fieldset className="remote-endpoint">
      <legend>Endpoint {index + 1}</legend>
      <div className="run-fields">
        <Field id={id('baseUrl')} label="Base URL" error={problems[id('baseUrl')]} wide>
          <TextInput
            id={id('baseUrl')}
            value={endpoint.baseUrl}
            problems={problems}
            placeholder="http://gpu-box:8080/v1"
            onChange={(baseUrl) => onChange({ baseUrl })}
          />
        </Field>
        <Field id={id('model')} label="Model name" error={problems[id('model')]}>
          <TextInput
            id={id('model')}
            value={endpoint.model}
            problems={problems}
            placeholder="as the server names it"
            onChange={(model) => onChange({ model })}
          />
        </Field>
        <Field id={id('dialect')} label="Server" error={undefined}>
          <select id={id('dialect')} value={endpoint.dialect} onChange={(e) => onChange({ dialect: e.target.value as ServerDialect })}>
            {ServerDialect.options.map((d) => (
              <option key={d} value={d}>
                {DIALECT_NAMES[d]}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id('keySource')} label="API key" error={undefined}>
          <select id={id('keySource')} value={endpoint.keySource} onChange={(e) => onChange({ keySource: e.target.value as KeySource })}>
            <option value="none">None</option>
            <option value="env">Environment variable</option>
            <option value="stored" disabled={!keys.canStoreKeys}>
              {keys.canStoreKeys ? 'Stored key' : 'Stored key (desktop app only)'}
            </option>
          </select>
        </Field>
        {endpoint.keySource === 'env' && (
          <Field
            id={id('apiKeyEnv')}
            label="Variable name"
            error={problems[id('apiKeyEnv')]}
            help="Set where Evalbench runs (the app or evalbench serve); the key never goes in the run."
          >
            <TextInput
              id={id('apiKeyEnv')}
              value={endpoint.apiKeyEnv}
              problems={problems}
              placeholder="VLLM_KEY"
              onChange={(apiKeyEnv) => onChange({ apiKeyEnv })}
            />
          </Field>
        )}
        {endpoint.keySource === 'stored' && (
          <Field
            id={id('apiKeyName')}
            label="Stored key"
            error={problems[id('apiKeyName')]}
            {...(keys.storedKeys?.length === 0 ? { help: 'None stored yet: add one under Models → API keys.' } : {})}
          >
            <select
              id={id('apiKeyName')}
              value={endpoint.apiKeyName}
              aria-invalid={problems[id('apiKeyName')] !== undefined}
              aria-describedby={problems[id('apiKeyName')] === undefined ? undefined : `${id('apiKeyName')}-error`}
              onChange={(e) => onChange({ apiKeyName: e.target.value })}
            >
              <option value="">Choose…</option>
              {[
                ...(keys.storedKeys ?? []),
                ...(endpoint.apiKeyName !== '' && keys.storedKeys?.includes(endpoint.apiKeyName) !== true ? [endpoint.apiKeyName] : []),
              ].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={id('concurrency')} label="Requests at once" error={problems[id('concurrency')]}>
          <TextInput
            id={id('concurrency')}
            value={endpoint.concurrency}
            problems={problems}
            inputMode="numeric"
            onChange={(concurrency) => onChange({ concurrency })}
          />
        </Field>
        <Field id={id('timeoutSeconds')} label="Timeout (s)" error={problems[id('timeoutSeconds')]}>
          <TextInput
            id={id('timeoutSeconds')}
            value={endpoint.timeoutSeconds}
            problems={problems}
            inputMode="decimal"
            onChange={(timeoutSeconds) => onChange({ timeoutSeconds })}
          />
        </Field>
        <Field id={id('retries')} label="Retries" error={problems[id('retries')]}>
          <TextInput
            id={id('retries')}
            value={endpoint.retries}
            problems={problems}
            inputMode="numeric"
            onChange={(retries) => onChange({ retries })}
          />
        </Field>
      </div>
      {onRemove !== null && (
        <button type="button" className="remote-remove" onClick={onRemove}>
          Remove endpoint {index + 1}
        </button>
      )}
    </fieldset>
  );
}

function RemoteModelCard({
  modelKey,
  position,
  draft,
  problems,
  keys,
  onChange,
  onRemove,
}: {
  modelKey: string;
  position: number;
  draft: RemoteModelDraft;
  problems: RemoteProblems;
  keys: KeyContext;
  onChange: (draft: RemoteModelDraft) => void;
  onRemove: () => void;
}) {
  const name = draft.label.trim() === '' ? `remote model ${position}` : draft.label.trim();
  const setEndpoint = (key: string, patch: Partial<RemoteEndpointDraft>): void =>
    onChange({ ...draft, endpoints: draft.endpoints.map((e) => (e.key === key ? { ...e, ...patch } : e)) });
  const nextEndpoint = `e${Math.max(0, ...draft.endpoints.map((e) => Number(e.key.slice(1)) || 0)) + 1}`;
  const endpointsError = problems[remoteFieldId(modelKey, 'endpoints')];
  return (
    <fieldset className="remote-model" aria-label={`Remote model: ${name}`}>
      <legend>
        <span className="pick-order" aria-hidden="true">
          {position}
        </span>{' '}
        {name}
      </legend>
      <div className="remote-model-head">
        <span
          className="run-estimate"
          data-fits="unknown"
          title="The server's memory is not known before the run; an evalbench worker reports it with each answer."
        >
          memory unknown (remote)
        </span>
        <button type="button" className="remote-remove" onClick={onRemove}>
          Remove {name}
        </button>
      </div>
      <div className="run-fields">
        <Field
          id={remoteFieldId(modelKey, 'label')}
          label="Label"
          error={problems[remoteFieldId(modelKey, 'label')]}
          help="How results and reports name it."
        >
          <TextInput
            id={remoteFieldId(modelKey, 'label')}
            value={draft.label}
            problems={problems}
            placeholder="vLLM BF16"
            onChange={(label) => onChange({ ...draft, label })}
          />
        </Field>
        <Field id={remoteFieldId(modelKey, 'api')} label="API" error={undefined} help={API_HELP[draft.api]}>
          <select
            id={remoteFieldId(modelKey, 'api')}
            value={draft.api}
            onChange={(e) => onChange({ ...draft, api: e.target.value as RemoteApi })}
          >
            {RemoteApi.options.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {draft.endpoints.map((e, i) => (
        <EndpointFields
          key={e.key}
          modelKey={modelKey}
          index={i}
          endpoint={e}
          problems={problems}
          keys={keys}
          onChange={(patch) => setEndpoint(e.key, patch)}
          onRemove={
            draft.endpoints.length > 1 ? () => onChange({ ...draft, endpoints: draft.endpoints.filter((x) => x.key !== e.key) }) : null
          }
        />
      ))}
      {endpointsError !== undefined && <p className="field-error">{endpointsError}</p>}
      <button
        type="button"
        onClick={() =>
          onChange({ ...draft, endpoints: [...draft.endpoints, { ...emptyEndpoint(nextEndpoint), ...copyOf(draft.endpoints.at(-1)) }] })
        }
      >
        Add endpoint
      </button>
      <p className="field-help">
        Endpoints serving the same model share its cases by their free requests; one that goes down hands its cases to the others.
      </p>
    </fieldset>
  );
}

/** A new endpoint usually serves the same model with the same key: start from the last one's settings, not its address. */
function copyOf(last: RemoteEndpointDraft | undefined): Partial<RemoteEndpointDraft> {
  if (last === undefined) return {};
  const { key: _key, baseUrl: _baseUrl, ...rest } = last;
  return rest;
}

/**
 * The New run form's remote models: OpenAI-compatible servers (vLLM, llama-server, Ollama, an
 * `evalbench worker`…) run beside the library's models. Collapsed until there is one.
 */
export function RemoteModelsFields({ models, onChange, problems, keys }: RemoteModelsFieldsProps) {
  const remotes = models.filter((m) => m.remote !== undefined);
  const [open, setOpen] = useState(remotes.length > 0);
  // A start refused for a remote field opens the section, so the marked field is in sight.
  const [seenProblems, setSeenProblems] = useState(problems);
  if (problems !== seenProblems) {
    setSeenProblems(problems);
    if (Object.keys(problems).length > 0) setOpen(true);
  }
  const shown = open;
  const add = (): void => {
    onChange([...models, { modelId: nextRemoteId(models), remote: { label: '', api: 'auto', endpoints: [emptyEndpoint('e1')] } }]);
    setOpen(true);
  };
  return (
    <section className="remote-models" aria-labelledby="remote-models-title">
      <div className="remote-models-head">
        <h3 id="remote-models-title">
          <button
            type="button"
            className="disclosure"
            aria-expanded={shown}
            aria-controls="remote-models-body"
            onClick={() => setOpen(!shown)}
          >
            Remote models{remotes.length > 0 ? ` (${remotes.length})` : ''}
          </button>
        </h3>
        <button type="button" onClick={add}>
          Add remote model
        </button>
      </div>
      <div id="remote-models-body" hidden={!shown}>
        <p className="field-help">
          Models served over an OpenAI-compatible API (vLLM, llama-server, Ollama, LM Studio, TGI, evalbench worker) run beside the
          library’s, in the order added.
        </p>
        {remotes.length === 0 && <p className="muted">None yet.</p>}
        {models.map((m, i) =>
          m.remote === undefined ? null : (
            <RemoteModelCard
              key={m.modelId}
              modelKey={m.modelId}
              position={i + 1}
              draft={m.remote}
              problems={problems}
              keys={keys}
              onChange={(remote) => onChange(models.map((x) => (x.modelId === m.modelId ? { ...x, remote } : x)))}
              onRemove={() => onChange(models.filter((x) => x.modelId !== m.modelId))}
            />
          ),
        )}
      </div>
    </section>
  );
}
