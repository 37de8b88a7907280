import { useState } from 'react';
import { useTestSetAction, useTestSetsStore, type OpenTestSet } from '../../stores/testSetsStore';
import { downloadFile } from '../downloadFile';
import { ErrorNotice } from '../ErrorNotice';
import { NameForm } from './NameForm';

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

/** What the tab's file state is, in words: saved, unsaved with a draft kept, saving, missing. */
export function saveStatus(tab: OpenTestSet): string {
  if (tab.saving) return 'Saving…';
  if (tab.fileMissing && !tab.dirty) return 'The file is missing on disk';
  if (!tab.dirty) return 'Saved';
  const draft = tab.draft;
  if (draft.status === 'saving') return 'Unsaved changes · keeping a draft…';
  if (draft.status === 'error') return 'Unsaved changes · the draft could not be kept';
  if (draft.savedAt !== null) return `Unsaved changes · draft kept at ${timeOf(draft.savedAt)}`;
  return 'Unsaved changes';
}

type Mode = 'none' | 'rename' | 'duplicate' | 'delete';

/** The active test set's file, state and commands: save, rename, duplicate, export, close, delete. */
export function TestSetToolbar({ tab, onSave }: { tab: OpenTestSet; onSave: () => void }) {
  const [mode, setMode] = useState<Mode>('none');
  const store = useTestSetsStore.getState;
  const rename = useTestSetAction('rename');
  const duplicate = useTestSetAction('duplicate');
  const remove = useTestSetAction('remove');
  const exporting = useTestSetAction('export');
  const closeTab = useTestSetsStore((s) => s.closeTab);
  const resetAction = useTestSetsStore((s) => s.resetAction);
  const status = saveStatus(tab);
  const open = (next: Mode): void => {
    resetAction('rename');
    resetAction('duplicate');
    resetAction('remove');
    setMode(next);
  };

  return (
    <div className="testset-toolbar">
      <div className="testset-file">
        <code className="testset-path" title={tab.summary.path}>
          {tab.summary.path}
        </code>
        <span className="testset-save-status" data-dirty={tab.dirty} role="status">
          {status}
        </span>
      </div>
      <div className="testset-commands" role="toolbar" aria-label="Test set commands">
        <button
          type="button"
          className="primary"
          onClick={onSave}
          disabled={tab.saving || (!tab.dirty && !tab.fileMissing)}
          title="Save (Ctrl+S)"
        >
          Save
        </button>
        <button type="button" onClick={() => open('rename')} aria-expanded={mode === 'rename'}>
          Rename…
        </button>
        <button type="button" onClick={() => open('duplicate')} aria-expanded={mode === 'duplicate'}>
          Duplicate…
        </button>
        <button
          type="button"
          disabled={exporting.status === 'pending'}
          onClick={() =>
            void store()
              .exportCsv(tab.id)
              .then((out) => out !== null && downloadFile(out.fileName, out.csv, 'text/csv'))
          }
        >
          Export CSV
        </button>
        <button type="button" onClick={() => void closeTab(tab.id)}>
          Close
        </button>
        <button type="button" className="danger-outline" onClick={() => open('delete')} aria-expanded={mode === 'delete'}>
          Delete…
        </button>
      </div>
      {mode === 'rename' && (
        <NameForm
          label="New name"
          initial={tab.summary.name}
          submitLabel="Rename"
          pending={rename.status === 'pending'}
          onCancel={() => setMode('none')}
          onSubmit={(name) =>
            void store()
              .rename(tab.id, name)
              .then((done) => done && setMode('none'))
          }
        />
      )}
      {mode === 'duplicate' && (
        <NameForm
          label="Name of the copy"
          initial={`${tab.summary.name} (copy)`}
          submitLabel="Duplicate"
          pending={duplicate.status === 'pending'}
          onCancel={() => setMode('none')}
          onSubmit={(name) =>
            void store()
              .duplicate(tab.id, name)
              .then((done) => done && setMode('none'))
          }
        />
      )}
      {mode === 'delete' && (
        <div role="group" aria-label="Confirm deletion" className="testset-confirm">
          <p>
            {tab.managed
              ? `Delete “${tab.summary.name}”? Its file moves to the trash folder in the data folder, and any unsaved draft is dropped.`
              : `Remove “${tab.summary.name}” from the library? Its file stays where it is; any unsaved draft is dropped.`}
          </p>
          <button type="button" className="danger" disabled={remove.status === 'pending'} onClick={() => void store().remove(tab.id)}>
            {tab.managed ? 'Yes, delete' : 'Yes, remove'}
          </button>
          <button type="button" onClick={() => setMode('none')}>
            Cancel
          </button>
        </div>
      )}
      {mode === 'rename' && rename.error !== null && <ErrorNotice error={rename.error} />}
      {mode === 'duplicate' && duplicate.error !== null && <ErrorNotice error={duplicate.error} />}
      {mode === 'delete' && remove.error !== null && <ErrorNotice error={remove.error} />}
      {exporting.error !== null && <ErrorNotice error={exporting.error} onRetry={() => resetAction('export')} />}
    </div>
  );
}
