import { lazy, Suspense, useEffect, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { CasePreview } from '../components/testsets/CasePreview';
import { ImportForm } from '../components/testsets/ImportForm';
import { LibraryTable } from '../components/testsets/LibraryTable';
import { NewTestSetForm } from '../components/testsets/NewTestSetForm';
import { OpenFileForm } from '../components/testsets/OpenFileForm';
import { PlaygroundPanel } from '../components/testsets/playground/PlaygroundPanel';
import { ProblemsList } from '../components/testsets/ProblemsList';
import { PANEL_ID, TestSetTabs, tabElementId } from '../components/testsets/TestSetTabs';
import { TestSetNotices } from '../components/testsets/TestSetNotices';
import { TestSetToolbar } from '../components/testsets/TestSetToolbar';
import '../components/testsets/testsets.css';
import { useEffectiveTheme } from '../components/useEffectiveTheme';
import { useSettings } from '../stores/appStore';
import { useActiveTab, useTestSetList, useTestSetsStore } from '../stores/testSetsStore';

// Monaco is a few megabytes: it loads when the first test set is opened, not with the app.
const TestSetEditor = lazy(() => import('../components/testsets/TestSetEditor'));

type Panel = 'none' | 'new' | 'import' | 'open';

/** Saves the active test set on Ctrl+S / Cmd+S anywhere on the page (the editor handles its own). */
function useSaveShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      const { activeId, save } = useTestSetsStore.getState();
      if (activeId !== null) void save(activeId);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function TestSetsPage() {
  const start = useTestSetsStore((s) => s.start);
  const load = useTestSetsStore((s) => s.load);
  const status = useTestSetsStore((s) => s.status);
  const error = useTestSetsStore((s) => s.error);
  const notice = useTestSetsStore((s) => s.notice);
  const dismissNotice = useTestSetsStore((s) => s.dismissNotice);
  const tabCount = useTestSetsStore((s) => s.tabs.length);
  const list = useTestSetList();
  const tab = useActiveTab();
  const settings = useSettings();
  const theme = useEffectiveTheme(settings.data?.theme ?? 'system');
  const [panel, setPanel] = useState<Panel>('none');
  const [libraryOpen, setLibraryOpen] = useState(false);

  useEffect(() => start(), [start]);
  useSaveShortcut();

  const empty = list !== null && list.length === 0 && tabCount === 0;
  // An empty library shows the New test set form at once: it is the first thing to do.
  const shownPanel: Panel = empty && panel === 'none' ? 'new' : panel;
  const close = (): void => setPanel('none');
  const toggle = (next: Panel): void => setPanel(shownPanel === next && !empty ? 'none' : next);
  const jump = (line: number, column: number): void => {
    if (tab !== undefined) useTestSetsStore.getState().jumpTo(tab.id, line, column);
  };
  const save = (): void => {
    if (tab !== undefined) void useTestSetsStore.getState().save(tab.id);
  };
  const forms = shownPanel !== 'none' && (
    <div className="testset-sources">
      {shownPanel === 'new' && <NewTestSetForm onDone={close} preferExample={empty} />}
      {shownPanel === 'import' && <ImportForm onDone={close} />}
      {shownPanel === 'open' && <OpenFileForm onDone={close} />}
    </div>
  );

  return (
    <div className="testsets-page">
      <div className="testsets-header">
        <h1>Test sets</h1>
        {list !== null && (
          <div className="testsets-actions">
            <button type="button" aria-expanded={shownPanel === 'new'} onClick={() => toggle('new')}>
              New test set
            </button>
            <button type="button" aria-expanded={shownPanel === 'import'} onClick={() => toggle('import')}>
              Import…
            </button>
            <button type="button" aria-expanded={shownPanel === 'open'} onClick={() => toggle('open')}>
              Open file…
            </button>
          </div>
        )}
      </div>
      {notice !== null && (
        <div role="status" className="testsets-message">
          <p>{notice}</p>
          <button type="button" onClick={dismissNotice}>
            Dismiss
          </button>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {list === null ? (
        status === 'loading' && <p aria-live="polite">Loading test sets…</p>
      ) : empty ? (
        <EmptyState title="No test sets yet">
          <p>
            Start here. A test set is a YAML or JSONL file of cases: a prompt or chat messages, the answers you accept, and the scorers that
            judge each output. It stays a plain file you can diff, review and share.
          </p>
          <p>Every model in a run answers every case of its test sets, so write the cases before you add models.</p>
          <p>
            Start from an example below. Cases you already have come in with Import… (CSV, promptfoo, question–answer JSONL) or Open file…
            above.
          </p>
          {forms}
        </EmptyState>
      ) : (
        <>
          {forms}
          {tabCount === 0 ? (
            <LibraryTable testSets={list} />
          ) : (
            <details className="testset-library-details" open={libraryOpen} onToggle={(e) => setLibraryOpen(e.currentTarget.open)}>
              <summary>
                Library · {list.length.toLocaleString()} test set{list.length === 1 ? '' : 's'}
              </summary>
              <LibraryTable testSets={list} />
            </details>
          )}
          {tabCount > 0 && <TestSetTabs />}
          {tab !== undefined && (
            <div role="tabpanel" id={PANEL_ID} aria-labelledby={tabElementId(tab.id)} className="testset-panel">
              <TestSetToolbar tab={tab} onSave={save} />
              <TestSetNotices tab={tab} />
              <div className="testset-workbench">
                <div className="testset-main">
                  <Suspense fallback={<p className="muted testset-editor-loading">Loading the editor…</p>}>
                    <TestSetEditor tab={tab} theme={theme} onSave={save} />
                  </Suspense>
                </div>
                <div className="testset-side">
                  <ProblemsList
                    diagnostics={tab.validation?.diagnostics ?? null}
                    errorCount={tab.validation?.errorCount ?? 0}
                    warningCount={tab.validation?.warningCount ?? 0}
                    validating={tab.validating}
                    failure={tab.validationError}
                    onJump={jump}
                  />
                  <CasePreview key={tab.id} validation={tab.validation} lastValid={tab.lastValid} onJump={jump} />
                  <PlaygroundPanel tab={tab} />
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}
