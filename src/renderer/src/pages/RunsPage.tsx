import { useEffect, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveRun } from '../components/runs/LiveRun';
import { NewRunForm } from '../components/runs/NewRunForm';
import { draftFromRun, EMPTY_DRAFT, type RunDraft } from '../components/runs/newRunDraft';
import { RunHistory } from '../components/runs/RunHistory';
import { useLoadOnMount } from '../components/useLoadOnMount';
import { useCompareStore } from '../stores/compareStore';
import { useModelsStore } from '../stores/modelsStore';
import { isInterrupted, isLive, useRunsStore } from '../stores/runsStore';
import { useTestSetList, useTestSetsStore } from '../stores/testSetsStore';
import { useUiStore } from '../stores/uiStore';
import '../components/runs/runs.css';

export function RunsPage() {
  const runs = useRunsStore((s) => s.data);
  const status = useRunsStore((s) => s.status);
  const error = useRunsStore((s) => s.error);
  const load = useRunsStore((s) => s.load);
  const start = useRunsStore((s) => s.start);
  const loadRerun = useRunsStore((s) => s.loadRerun);
  const testSetPaths = useRunsStore((s) => s.testSetPaths);
  const testSets = useTestSetList();
  const loadTestSets = useTestSetsStore((s) => s.load);
  const models = useModelsStore((s) => s.data);
  const loadModels = useModelsStore((s) => s.load);
  const selectRun = useCompareStore((s) => s.select);
  const goTo = useUiStore((s) => s.goTo);
  const [form, setForm] = useState<{ draft: RunDraft; source: string | null; version: number }>({
    draft: EMPTY_DRAFT,
    source: null,
    version: 0,
  });
  /** Whether the New run form is open; until the user says, it is open only while there are no runs. */
  const [formOpen, setFormOpen] = useState<boolean | null>(null);
  useLoadOnMount(loadTestSets, loadModels);
  useEffect(() => start(), [start]);

  const testSetCount = testSets?.length ?? 0;
  const modelCount = models?.length ?? 0;
  const live = runs?.filter((r) => isLive(r.status) && !isInterrupted(r)) ?? [];

  const rerun = async (runId: string): Promise<void> => {
    const detail = await loadRerun(runId);
    if (detail === null) return;
    // The file the run was made from; older runs did not record it, so fall back to a test set of the same name.
    const path =
      runs?.find((r) => r.id === runId)?.testSetPath ??
      testSetPaths[runId] ??
      testSets?.find((t) => t.name === detail.spec.name)?.path ??
      '';
    setForm((f) => ({ draft: draftFromRun(detail, path), source: detail.spec.name, version: f.version + 1 }));
    setFormOpen(true);
    requestAnimationFrame(() => document.getElementById('new-run')?.scrollIntoView({ block: 'start' }));
  };

  const showForm = formOpen ?? runs?.length === 0;
  const newRun =
    // Open without library models too: a run of remote models needs none.
    models !== null && showForm ? (
      <div id="new-run">
        <NewRunForm
          key={form.version}
          initial={form.draft}
          source={form.source}
          testSets={testSets ?? []}
          models={models}
          onStarted={() => {
            setForm((f) => ({ draft: EMPTY_DRAFT, source: null, version: f.version + 1 }));
            setFormOpen(false);
            // The run shows live at the top.
            document.querySelector('main')?.scrollTo({ top: 0 });
          }}
          onReset={() => setForm((f) => ({ draft: EMPTY_DRAFT, source: null, version: f.version + 1 }))}
        />
      </div>
    ) : null;

  return (
    <div className="runs-page">
      <div className="page-head">
        <h1>Runs</h1>
        {models !== null && runs !== null && runs.length > 0 && (
          <button
            type="button"
            className={showForm ? undefined : 'primary'}
            aria-expanded={showForm}
            aria-controls="new-run"
            onClick={() => setFormOpen(!showForm)}
          >
            {showForm ? 'Hide the new run form' : 'New run'}
          </button>
        )}
      </div>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {runs === null ? (
        status === 'loading' && <p aria-live="polite">Loading runs…</p>
      ) : runs.length === 0 ? (
        <>
          <EmptyState
            title="No runs yet"
            actions={
              testSetCount === 0 || modelCount === 0 ? (
                <>
                  {testSetCount === 0 && (
                    <button type="button" onClick={() => goTo('test-sets')}>
                      Go to Test sets
                    </button>
                  )}
                  {modelCount === 0 && (
                    <button type="button" onClick={() => goTo('models')}>
                      Go to Models
                    </button>
                  )}
                </>
              ) : undefined
            }
          >
            <p>
              A run puts every chosen model through the same test set under the same settings, and records outputs, scores, timings and
              memory.
            </p>
            <ul aria-label="What a run needs" className="checklist">
              <li data-done={testSetCount > 0}>
                {testSetCount > 0 ? '✓' : '○'} At least one test set ({testSetCount} so far), or the path of a test set file
              </li>
              <li data-done={modelCount > 0}>
                {modelCount > 0 ? '✓' : '○'} At least one model, two or more to compare ({modelCount} so far), or a remote model added below
              </li>
            </ul>
            <p className="field-help">
              No model of your own yet? <code>npx evalbench run resources/examples/quant-compare.run.yaml</code> runs Evalbench’s own small
              trained model (<code>fixture:skilled-llama-f32</code>, F16, Q8_0, Q4_0) on the skill set it learned, and shows what each
              quantization costs in quality, latency and memory.
            </p>
          </EmptyState>
          {newRun}
        </>
      ) : (
        <>
          {live.length > 0 && (
            <section aria-label="Running now" className="live-runs">
              {live.map((r) => (
                <LiveRun key={r.id} run={r} />
              ))}
            </section>
          )}
          {newRun}
          <RunHistory
            runs={runs}
            onRerun={(runId) => void rerun(runId)}
            onOpen={(runId, page) => {
              selectRun(runId);
              goTo(page);
            }}
          />
        </>
      )}
    </div>
  );
}
