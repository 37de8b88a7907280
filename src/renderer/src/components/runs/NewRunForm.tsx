import { useEffect, useState, type SyntheticEvent } from 'react';
import type { TestSetSummary } from '../../../../shared/api';
import { overrideText, type ParamOverride } from '../../../../shared/effectiveParams';
import type { ModelSummary } from '../../../../shared/models';
import { useApiKeysStore } from '../../stores/apiKeysStore';
import { autoThreadsText } from '../../../../shared/threadCandidates';
import { useAppInfo } from '../../stores/appStore';
import { useRunAction, useRunsStore } from '../../stores/runsStore';
import { ErrorNotice } from '../ErrorNotice';
import { ModelPicker } from './ModelPicker';
import { RemoteModelsFields } from './RemoteModelsFields';
import { RobustnessFields } from './RobustnessFields';
import { contextWarnings, draftToRequest, formLoad, type DraftField, type RunDraft } from './newRunDraft';
import { useTestSetParams } from './useTestSetParams';
import type { KeyContext, RemoteProblems } from './remoteModelDraft';
import { Field } from '../ui/Field';
import { optionalFields } from '../../../../shared/optionalFields';

interface NewRunFormProps {
  initial: RunDraft;
  /** Set when the form was filled from a run: it says so and offers to start afresh. */
  source: string | null;
  testSets: readonly TestSetSummary[];
  models: readonly ModelSummary[];
  onStarted: (runId: string) => void;
  onReset: () => void;
}

/** The generation parameters the form has fields for. */
const FORM_PARAMS: readonly ParamOverride['param'][] = ['temperature', 'maxTokens', 'seed', 'stop'];

/** Start a run: a test set, the models, their load options, generation parameters, mode, repetitions and warm-up. */
export function NewRunForm({ initial, source, testSets, models, onStarted, onReset }: NewRunFormProps) {
  const startRun = useRunsStore((s) => s.startRun);
  const action = useRunAction('start');
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Partial<Record<DraftField, string>>>({});
  const [remoteProblems, setRemoteProblems] = useState<RemoteProblems>({});
  const appInfo = useAppInfo().data;
  const host = appInfo?.host;
  const autoThreads = appInfo == null ? 'auto' : autoThreadsText(appInfo.physicalCores);
  const storedKeys = useApiKeysStore((s) => s.data);
  const loadKeys = useApiKeysStore((s) => s.load);
  // Stored keys are read by the desktop app alone; elsewhere there is nothing to list.
  const keys: KeyContext = { storedKeys: host === 'electron' ? storedKeys : null, canStoreKeys: host === undefined || host === 'electron' };
  useEffect(() => {
    if (host === 'electron') void loadKeys();
  }, [host, loadKeys]);
  const set = <K extends keyof RunDraft>(key: K, value: RunDraft[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const input = (
    id: string,
    key: Exclude<DraftField, 'models'>,
    extra: { inputMode?: 'numeric' | 'decimal'; placeholder?: string } = {},
  ) => (
    <input
      id={id}
      type="text"
      {...extra}
      value={draft[key]}
      aria-invalid={problems[key] !== undefined}
      aria-describedby={problems[key] === undefined ? undefined : `${id}-error`}
      onChange={(e) => set(key, e.target.value)}
    />
  );
  const ownLoads = draft.models.filter((m) => m.load !== undefined).length;
  const overrides = useTestSetParams(draft.testSetPath);
  /** What the test set sets over a field: its cases run with that, not with the field. */
  const setByTestSet = (param: ParamOverride['param']): string | undefined => {
    const o = overrides.find((x) => x.param === param);
    if (o === undefined) return undefined;
    const text = overrideText(o);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}; this field applies ${o.cases === o.total ? 'to none of them' : `to the other ${o.total - o.cases}`}.`;
  };
  const withoutField = overrides.filter((o) => !FORM_PARAMS.includes(o.param));

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const { request, problems: found, remoteProblems: remoteFound } = draftToRequest(draft, keys);
    setProblems(found);
    setRemoteProblems(remoteFound);
    if (request === null) return;
    const runId = await startRun(request);
    if (runId !== null) onStarted(runId);
  };

  return (
    <form className="new-run" aria-label="New run" onSubmit={(e) => void submit(e)} noValidate>
      <div className="new-run-head">
        <h2>New run</h2>
        {source !== null && (
          <p className="rerun-note">
            Same settings as “{source}”. Check the test set file, then start.{' '}
            <button type="button" onClick={onReset}>
              Start afresh
            </button>
          </p>
        )}
      </div>
      <div className="new-run-columns">
        <div className="new-run-column">
          <Field
            id="run-test-set"
            label="Test set file"
            error={problems.testSetPath}
            help="A YAML or JSONL test set; pick one from the library or paste its path."
          >
            {testSets.length > 0 && (
              <select
                aria-label="Test set from the library"
                value={testSets.find((t) => t.path === draft.testSetPath)?.path ?? ''}
                onChange={(e) => set('testSetPath', e.target.value)}
              >
                <option value="">Choose from the library…</option>
                {testSets.map((t) => (
                  <option key={t.id} value={t.path}>
                    {t.name} ({t.caseCount} cases)
                  </option>
                ))}
              </select>
            )}
            {input('run-test-set', 'testSetPath')}
          </Field>
          <ModelPicker
            models={models}
            picked={draft.models}
            contextSize={formLoad(draft).contextSize ?? 2048}
            onChange={(picked) => set('models', picked)}
            error={problems.models}
          />
          {ownLoads > 0 && (
            <p className="field-help">
              {ownLoads} model{ownLoads === 1 ? ' keeps its' : 's keep their'} load options from the original run.{' '}
              <button
                type="button"
                onClick={() =>
                  set(
                    'models',
                    draft.models.map(({ modelId, label, remote }) => ({ modelId, ...optionalFields({ label, remote }) })),
                  )
                }
              >
                Use the fields below for all
              </button>
            </p>
          )}
          <RemoteModelsFields models={draft.models} onChange={(models) => set('models', models)} problems={remoteProblems} keys={keys} />
        </div>
        <div className="new-run-column">
          <fieldset>
            <legend>Loading</legend>
            <div className="run-fields">
              <div className="run-field">
                <label htmlFor="run-backend">Backend</label>
                <select id="run-backend" value={draft.backend} onChange={(e) => set('backend', e.target.value as RunDraft['backend'])}>
                  {(['auto', 'cpu', 'cuda', 'metal', 'vulkan'] as const).map((b) => (
                    <option key={b} value={b}>
                      {b}
                    </option>
                  ))}
                </select>
              </div>
              <Field id="run-context" label="Context size" error={problems.contextSize} warnings={contextWarnings(draft, models)}>
                {input('run-context', 'contextSize', { inputMode: 'numeric' })}
              </Field>
              <Field
                id="run-threads"
                label="Threads"
                error={problems.threads}
                help={
                  draft.threads.trim() === ''
                    ? `Blank is ${autoThreads}: each model times these counts when it loads and keeps the fastest; the run records the count used.`
                    : 'This many threads for every model.'
                }
              >
                {input('run-threads', 'threads', { inputMode: 'numeric', placeholder: autoThreads })}
              </Field>
            </div>
          </fieldset>
          <fieldset>
            <legend>Generation</legend>
            <p className="field-help">
              These apply to every case, except where the test set’s defaults or a case set their own: those win.
            </p>
            <div className="run-fields">
              <Field id="run-temperature" label="Temperature" error={problems.temperature} help={setByTestSet('temperature')}>
                {input('run-temperature', 'temperature', { inputMode: 'decimal' })}
              </Field>
              <Field id="run-max-tokens" label="Max tokens" error={problems.maxTokens} help={setByTestSet('maxTokens')}>
                {input('run-max-tokens', 'maxTokens', { inputMode: 'numeric' })}
              </Field>
              <Field id="run-seed" label="Seed" error={problems.seed} help={setByTestSet('seed')}>
                {input('run-seed', 'seed', { inputMode: 'numeric' })}
              </Field>
              <div className="run-field wide">
                <label htmlFor="run-stop">Stop strings (one a line)</label>
                <textarea id="run-stop" rows={2} value={draft.stop} onChange={(e) => set('stop', e.target.value)} />
                {setByTestSet('stop') !== undefined && <p className="field-help">{setByTestSet('stop')}</p>}
              </div>
            </div>
            {withoutField.length > 0 && (
              <p className="field-help">
                Also set by the test set, with no field here:{' '}
                {withoutField.map((o) => `${o.param} (${overrideText(o).replace(/^the test set sets /, '')})`).join('; ')}.
              </p>
            )}
          </fieldset>
          <fieldset>
            <legend>Execution</legend>
            <div className="run-fields">
              <div className="run-field">
                <label htmlFor="run-mode">Mode</label>
                <select id="run-mode" value={draft.mode} onChange={(e) => set('mode', e.target.value as RunDraft['mode'])}>
                  <option value="latency">Latency</option>
                  <option value="throughput">Throughput</option>
                </select>
                <p className="field-help">
                  {draft.mode === 'latency' ? 'One case at a time: clean timings.' : 'Cases in parallel on one model.'}
                </p>
              </div>
              {draft.mode === 'latency' && (
                <div className="run-field">
                  <label htmlFor="run-order">Order</label>
                  <select id="run-order" value={draft.order} onChange={(e) => set('order', e.target.value as RunDraft['order'])}>
                    <option value="model-by-model">Model by model</option>
                    <option value="interleaved">Interleaved (ABBA)</option>
                  </select>
                  <p className="field-help">
                    {draft.order === 'interleaved'
                      ? 'Each case runs on every model in turn (A B, then B A), so drift over the run lands on all models alike. Every model stays loaded: the run needs the sum of their memory.'
                      : 'Each model runs all its cases, then the next: one model in memory at a time.'}
                  </p>
                </div>
              )}
              {draft.mode === 'throughput' && (
                <Field id="run-parallel" label="Parallel cases" error={problems.parallel}>
                  {input('run-parallel', 'parallel', { inputMode: 'numeric' })}
                </Field>
              )}
              <Field id="run-repetitions" label="Repetitions" error={problems.repetitions}>
                {input('run-repetitions', 'repetitions', { inputMode: 'numeric' })}
              </Field>
              <Field
                id="run-warmup"
                label="Warm-up runs"
                error={problems.warmup}
                help="Untimed generations per model before the timed ones, so no model carries the cold start."
              >
                {input('run-warmup', 'warmup', { inputMode: 'numeric' })}
              </Field>
              <div className="run-field wide">
                <label htmlFor="run-name">Name</label>
                <input
                  id="run-name"
                  type="text"
                  value={draft.name}
                  placeholder="the test set's name"
                  onChange={(e) => set('name', e.target.value)}
                />
              </div>
              <label className="run-check">
                <input type="checkbox" checked={draft.useCache} onChange={(e) => set('useCache', e.target.checked)} /> Reuse cached outputs
                (not timed)
              </label>
            </div>
          </fieldset>
          <RobustnessFields draft={draft} problems={problems} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
        </div>
      </div>
      {action.status === 'error' && action.error !== null && <ErrorNotice error={action.error} />}
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.status === 'pending'}>
          {action.status === 'pending' ? 'Starting…' : 'Start run'}
        </button>
        {Object.keys(problems).length + Object.keys(remoteProblems).length > 0 && (
          <span className="field-error">Fix the marked fields first.</span>
        )}
      </div>
    </form>
  );
}
