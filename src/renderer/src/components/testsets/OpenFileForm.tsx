import { useId, useState, type SyntheticEvent } from 'react';
import { useTestSetAction, useTestSetsStore } from '../../stores/testSetsStore';
import { ErrorNotice } from '../ErrorNotice';

/** Opens a test set file anywhere on the machine Evalbench runs on, adding it to the library. */
export function OpenFileForm({ onDone }: { onDone?: () => void }) {
  const openTestSet = useTestSetsStore((s) => s.openTestSet);
  const action = useTestSetAction('open');
  const [path, setPath] = useState('');
  const id = useId();
  const submit = (e: SyntheticEvent): void => {
    e.preventDefault();
    void openTestSet({ path: path.trim() }).then((done) => {
      if (!done) return;
      setPath('');
      onDone?.();
    });
  };
  return (
    <form className="testset-form" onSubmit={submit} aria-label="Open a test set file">
      <h2>Open a file</h2>
      <label htmlFor={`${id}-path`}>Path to a test set file</label>
      <input
        id={`${id}-path`}
        type="text"
        value={path}
        spellCheck={false}
        placeholder="/path/to/cases.yaml"
        onChange={(e) => setPath(e.target.value)}
      />
      <p className="field-help">
        A .yaml, .json or .jsonl file on the machine Evalbench runs on. It stays where it is and joins the library.
      </p>
      <div className="form-row">
        <button type="submit" className="primary" disabled={path.trim() === '' || action.status === 'pending'}>
          Open
        </button>
      </div>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
