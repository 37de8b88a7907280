import { useId, useState, type SyntheticEvent } from 'react';
import { useModelAction, useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';
import { splitPaths } from './modelFormat';

/** Adds GGUF files or folders by path: one a line. Says what was added and what was passed over, and why. */
export function AddModelsForm() {
  const add = useModelsStore((s) => s.add);
  const action = useModelAction('add');
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const fieldId = useId();
  const helpId = useId();

  const submit = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const paths = splitPaths(text);
    setEmpty(paths.length === 0);
    if (paths.length === 0) return;
    void add(paths).then((result) => {
      if (result !== null) setText('');
    });
  };

  const result = action.status === 'done' ? action.result : null;
  const invalid = result?.added.filter((m) => m.status === 'invalid').length ?? 0;
  return (
    <form className="model-source" onSubmit={submit} aria-label="Add models">
      <h2>Add models</h2>
      <label htmlFor={fieldId}>File or folder path</label>
      <textarea
        id={fieldId}
        aria-describedby={helpId}
        aria-invalid={empty}
        rows={2}
        spellCheck={false}
        autoComplete="off"
        placeholder="/models/Llama-3-8B-Q4_K_M.gguf"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setEmpty(false);
        }}
      />
      <p id={helpId} className="field-help">
        One path a line. Folders are searched for .gguf files, and the parts of a split model become one entry.
      </p>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.status === 'pending'}>
          {action.status === 'pending' ? 'Adding…' : 'Add'}
        </button>
      </div>
      <div role="status" className="action-outcome">
        {empty && <p className="field-error">Enter the path of a .gguf file or of a folder that holds some.</p>}
        {result !== null && (
          <>
            <p>
              {result.added.length === 0 ? 'No model added.' : `Added ${result.added.length} model${result.added.length === 1 ? '' : 's'}.`}
              {invalid > 0 &&
                ` ${invalid} of them ${invalid === 1 ? 'has' : 'have'} problems; select ${invalid === 1 ? 'it' : 'them'} to see why.`}
            </p>
            {result.skipped.length > 0 && (
              <>
                <p>
                  Skipped {result.skipped.length} path{result.skipped.length === 1 ? '' : 's'}:
                </p>
                <ul aria-label="Skipped paths" className="skipped-list">
                  {result.skipped.map((s) => (
                    <li key={s.path}>
                      <code>{s.path}</code> — {s.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
      {action.status === 'error' && action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
