import { useEffect, useMemo, useState } from 'react';
import type { CaseScore } from '../../../../../shared/runs';
import { parseTestSetText, renderCase } from '../../../../../shared/testset';
import type { OpenTestSet } from '../../../stores/testSetsStore';
import './playground.css';
import { usePlaygroundStore, type ModelChoice, type PlaygroundRun } from '../../../stores/playgroundStore';

const ACTIVE: readonly PlaygroundRun['status'][] = ['loading', 'starting', 'streaming'];

function badgeOf(s: CaseScore): 'pass' | 'fail' | 'error' | 'none' {
  if (s.error !== null) return 'error';
  if (s.passed === null) return 'none';
  return s.passed ? 'pass' : 'fail';
}

const formatNumber = (value: number | null, digits: number): string =>
  value === null ? '—' : value.toLocaleString(undefined, { maximumFractionDigits: digits });

function statusText(run: PlaygroundRun): string {
  switch (run.status) {
    case 'loading':
      return `Loading ${run.modelName}…`;
    case 'starting':
      return `Sending ${run.caseId} to ${run.modelName}…`;
    case 'streaming':
      return `${run.modelName} is answering ${run.caseId}…`;
    case 'scoring':
      return 'Scoring…';
    case 'cancelled':
      return 'Stopped.';
    case 'error':
      return 'Failed.';
    case 'done':
      return `${run.modelName} answered ${run.caseId}.`;
  }
}

function Scores({ run }: { run: PlaygroundRun }) {
  if (run.scoreError !== null)
    return (
      <div role="alert" className="error-notice">
        <p>Could not score the output: {run.scoreError.message}</p>
        {run.scoreError.hint !== undefined && <p className="hint">{run.scoreError.hint}</p>}
      </div>
    );
  if (run.status === 'done' && run.scores === null) return <p className="muted">This case has no scorers: judge it by hand.</p>;
  if (run.scores === null) return null;
  return (
    <ul aria-label="Scores" className="playground-scores">
      {run.scores.scores.map((s, i) => {
        const badge = badgeOf(s);
        return (
          <li key={i}>
            <span className="playground-score-label">{s.label}</span>{' '}
            <span className="playground-badge" data-state={badge}>
              {badge === 'none' ? 'no verdict' : badge}
            </span>{' '}
            <span className="playground-score">{formatNumber(s.score, 3)}</span>
            <p className="playground-explanation">{s.error ?? s.explanation}</p>
          </li>
        );
      })}
    </ul>
  );
}

/** Sends one case of the open test set to a model, streams the answer and scores it as a run would. */
export function PlaygroundPanel({ tab }: { tab: OpenTestSet }) {
  const [open, setOpen] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { loaded, library, modelsStatus, modelsError, model, run, loadModels, selectModel, runCase, stop } = usePlaygroundStore();

  useEffect(() => usePlaygroundStore.getState().start(), []);
  useEffect(() => {
    if (open) void loadModels();
  }, [open, loadModels]);

  const cases = tab.validation?.cases ?? tab.lastValid?.cases ?? null;
  const caseIds = useMemo(() => cases?.map((c) => c.id) ?? [], [cases]);
  const selectedCase = caseId !== null && caseIds.includes(caseId) ? caseId : (caseIds[0] ?? null);
  const loadedIds = new Set(loaded.map((m) => m.modelId));
  const toLoad = library.filter((m) => m.status === 'ready' && !loadedIds.has(m.id));
  const choices: ModelChoice[] = [
    ...loaded.map((m): ModelChoice => `loaded:${m.loadId}`),
    ...toLoad.map((m): ModelChoice => `library:${m.id}`),
  ];
  const selectedModel = model !== null && choices.includes(model) ? model : (choices[0] ?? null);
  const active = run !== null && ACTIVE.includes(run.status);

  const start = (): void => {
    if (selectedCase === null || selectedModel === null) return;
    const result = parseTestSetText(tab.text, {
      file: tab.summary.path,
      format: tab.format,
    });
    const testCase = result.testSet?.cases.find((c) => c.id === selectedCase);
    if (result.testSet === null || testCase === undefined) {
      setProblem(result.testSet === null ? 'The test set has errors: fix them to run a case.' : `No case ${selectedCase} in the test set.`);
      return;
    }
    setProblem(null);
    const rendered = renderCase(testCase, result.testSet.defaults);
    void runCase({
      caseId: selectedCase,
      model: selectedModel,
      rendered,
      vars: testCase.vars ?? {},
    });
  };

  const timings = run?.result?.timings ?? null;
  return (
    <details className="playground" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Playground</summary>
      <div className="playground-controls">
        <label>
          Case{' '}
          <select value={selectedCase ?? ''} disabled={caseIds.length === 0} onChange={(e) => setCaseId(e.target.value)}>
            {caseIds.length === 0 && <option value="">No valid cases</option>}
            {caseIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model{' '}
          <select value={selectedModel ?? ''} disabled={choices.length === 0} onChange={(e) => selectModel(e.target.value as ModelChoice)}>
            {choices.length === 0 && (
              <option value="">{modelsStatus === 'loading' ? 'Loading models…' : 'No models: add one on the Models page'}</option>
            )}
            {loaded.length > 0 && (
              <optgroup label="Loaded">
                {loaded.map((m) => (
                  <option key={m.loadId} value={`loaded:${m.loadId}`}>
                    {m.modelName} ({m.info.backend})
                  </option>
                ))}
              </optgroup>
            )}
            {toLoad.length > 0 && (
              <optgroup label="Library (loads on run)">
                {toLoad.map((m) => (
                  <option key={m.id} value={`library:${m.id}`}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <button type="button" disabled={active || selectedCase === null || selectedModel === null} onClick={start}>
          Run case
        </button>
        <button type="button" disabled={!active} onClick={() => void stop()}>
          Stop
        </button>
      </div>
      {modelsError !== null && (
        <div role="alert" className="error-notice">
          <p>Could not list the models: {modelsError.message}</p>
        </div>
      )}
      {problem !== null && (
        <div role="alert" className="error-notice">
          <p>{problem}</p>
        </div>
      )}
      {run !== null && (
        <p role="status" className="muted playground-status">
          {statusText(run)}
        </p>
      )}
      {run?.error != null && (
        <div role="alert" className="error-notice">
          <p>{run.error.message}</p>
          {run.error.hint !== undefined && <p className="hint">{run.error.hint}</p>}
          {run.error.logs.length > 0 && (
            <details>
              <summary>Logs</summary>
              <pre className="playground-logs">{run.error.logs.join('\n')}</pre>
            </details>
          )}
        </div>
      )}
      <pre className="playground-output" aria-live="polite" aria-label="Playground output">
        {run?.text ?? ''}
      </pre>
      {run !== null && <Scores run={run} />}
      {timings !== null && (
        <dl aria-label="Timings" className="playground-timings">
          <dt>TTFT</dt>
          <dd>{timings.timeToFirstTokenMs === null ? '—' : `${formatNumber(timings.timeToFirstTokenMs, 0)} ms`}</dd>
          <dt>Generation</dt>
          <dd>{timings.generationTokensPerSecond === null ? '—' : `${formatNumber(timings.generationTokensPerSecond, 1)} tok/s`}</dd>
          <dt>Tokens</dt>
          <dd>{timings.generatedTokens.toLocaleString()}</dd>
        </dl>
      )}
    </details>
  );
}
