import { useId, useState, type SyntheticEvent } from 'react';
import type { TestSetImportKind } from '../../../../shared/api';
import { useTestSetAction, useTestSetsStore } from '../../stores/testSetsStore';
import { ErrorNotice } from '../ErrorNotice';

const KINDS: readonly { kind: TestSetImportKind; label: string }[] = [
  { kind: 'csv', label: 'CSV with a header row' },
  { kind: 'tsv', label: 'Tab-separated values' },
  { kind: 'promptfoo', label: 'promptfoo tests (YAML)' },
  { kind: 'qa-jsonl', label: 'Question–answer JSON Lines' },
  { kind: 'multiple-choice-jsonl', label: 'Multiple-choice JSON Lines (ARC, MMLU, HellaSwag)' },
];

/** The importer a file name suggests. */
export function kindForFile(name: string): TestSetImportKind {
  if (/\.tsv$/i.test(name)) return 'tsv';
  if (/\.ya?ml$/i.test(name)) return 'promptfoo';
  if (/\.(jsonl|ndjson|json)$/i.test(name)) return 'qa-jsonl';
  return 'csv';
}

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Converts a CSV, promptfoo or question–answer file into a new test set, then shows what did not carry over. */
export function ImportForm({ onDone }: { onDone?: () => void }) {
  const importFile = useTestSetsStore((s) => s.importFile);
  const action = useTestSetAction('import');
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<TestSetImportKind>('csv');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  const submit = async (e: SyntheticEvent): Promise<void> => {
    e.preventDefault();
    if (file === null) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setProblem(`${file.name} is larger than 64 MiB; split it first.`);
      return;
    }
    setProblem(null);
    const done = await importFile({
      kind,
      fileName: file.name,
      text: await file.text(),
      ...(name.trim() === '' ? {} : { name: name.trim() }),
    });
    if (done) onDone?.();
  };

  return (
    <form className="testset-form" onSubmit={(e) => void submit(e)} aria-label="Import a test set">
      <h2>Import</h2>
      <label htmlFor={`${id}-file`}>File to import</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,.tsv,.txt,.yaml,.yml,.json,.jsonl,.ndjson"
        onChange={(e) => {
          const chosen = e.target.files?.[0] ?? null;
          setFile(chosen);
          if (chosen !== null) setKind(kindForFile(chosen.name));
        }}
      />
      <label htmlFor={`${id}-kind`}>Format</label>
      <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as TestSetImportKind)}>
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-name`}>Name (optional)</label>
      <input
        id={`${id}-name`}
        type="text"
        value={name}
        maxLength={200}
        placeholder="The file’s name"
        onChange={(e) => setName(e.target.value)}
      />
      <p className="field-help">
        CSV columns such as question and answer map to prompt and expected; any other column becomes a variable. What cannot be mapped is
        listed after the import.
      </p>
      <div className="form-row">
        <button type="submit" className="primary" disabled={file === null || action.status === 'pending'}>
          Import
        </button>
      </div>
      {problem !== null && <p className="field-error">{problem}</p>}
      {action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
