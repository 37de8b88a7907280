import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { useTestSetAction, useTestSetsStore } from '../../stores/testSetsStore';
import { ErrorNotice } from '../ErrorNotice';

/**
 * Creates a test set in the library folder: empty (YAML or JSON Lines) or a copy of an example.
 * `preferExample` (an empty library, whose page says to start from an example) picks the first
 * example until the user picks something else.
 */
export function NewTestSetForm({ onDone, preferExample = false }: { onDone?: () => void; preferExample?: boolean }) {
  const examples = useTestSetsStore((s) => s.examples);
  const loadExamples = useTestSetsStore((s) => s.loadExamples);
  const create = useTestSetsStore((s) => s.create);
  const action = useTestSetAction('create');
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const [nameTouched, setNameTouched] = useState(false);
  const id = useId();

  useEffect(() => {
    void loadExamples();
  }, [loadExamples]);

  const firstExample = examples.data?.[0];
  const source = picked ?? (preferExample && firstExample !== undefined ? `example:${firstExample.id}` : 'empty:yaml');
  const chosen = examples.data?.find((e) => `example:${e.id}` === source);
  // The example's name until the user types one.
  const shownName = nameTouched || name !== '' ? name : (chosen?.name ?? '');

  const chooseSource = (value: string): void => {
    setPicked(value);
    const example = examples.data?.find((e) => `example:${e.id}` === value);
    if (!nameTouched && example !== undefined) setName(example.name);
  };
  const submit = (e: SyntheticEvent): void => {
    e.preventDefault();
    const [kind = '', rest = ''] = source.split(':');
    const input =
      kind === 'example'
        ? { name: shownName.trim(), example: rest }
        : { name: shownName.trim(), format: rest === 'jsonl' ? ('jsonl' as const) : ('yaml' as const) };
    void create(input).then((done) => {
      if (!done) return;
      setName('');
      setNameTouched(false);
      setPicked(null);
      onDone?.();
    });
  };
  return (
    <form className="testset-form" onSubmit={submit} aria-label="New test set">
      <h2>New test set</h2>
      <label htmlFor={`${id}-source`}>Start from</label>
      <select id={`${id}-source`} value={source} onChange={(e) => chooseSource(e.target.value)}>
        <option value="empty:yaml">An empty test set (YAML)</option>
        <option value="empty:jsonl">An empty test set (JSON Lines, for thousands of cases)</option>
        {(examples.data ?? []).map((e) => (
          <option key={e.id} value={`example:${e.id}`}>
            Example: {e.name} ({e.caseCount} cases)
          </option>
        ))}
      </select>
      {chosen !== undefined && chosen.description !== '' && <p className="field-help">{chosen.description}</p>}
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        type="text"
        value={shownName}
        required
        maxLength={200}
        onChange={(e) => {
          setName(e.target.value);
          setNameTouched(true);
        }}
      />
      <p className="field-help">Saved as a file in the library folder, named after the test set.</p>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.status === 'pending' || shownName.trim() === ''}>
          Create
        </button>
      </div>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
