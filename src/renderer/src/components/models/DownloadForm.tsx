import { useId, useState, type SyntheticEvent } from 'react';
import { useModelAction, useModelsStore } from '../../stores/modelsStore';
import { ErrorNotice } from '../ErrorNotice';

const LOOKS_LIKE_SOURCE = /^(hf:|https?:\/\/)/i;

/** Starts a download from a URL or an `hf:owner/repo:QUANT` / `hf:owner/repo/file.gguf` reference; progress shows in the downloads list. */
export function DownloadForm() {
  const download = useModelsStore((s) => s.download);
  const action = useModelAction('download');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  const helpId = useId();

  const submit = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const trimmed = reference.trim();
    const why =
      trimmed === ''
        ? 'Enter a URL or an hf: reference.'
        : LOOKS_LIKE_SOURCE.test(trimmed)
          ? null
          : `“${trimmed}” is neither a URL (https://…) nor an hf: reference (hf:owner/repo:Q4_K_M or hf:owner/repo/file.gguf).`;
    setProblem(why);
    if (why !== null) return;
    void download(trimmed).then((started) => {
      if (started !== null) setReference('');
    });
  };

  return (
    <form className="model-source" onSubmit={submit} aria-label="Download a model">
      <h2>Download</h2>
      <label htmlFor={fieldId}>URL or hf: reference</label>
      <input
        id={fieldId}
        type="text"
        aria-describedby={helpId}
        aria-invalid={problem !== null}
        spellCheck={false}
        autoComplete="off"
        placeholder="hf:owner/repo:Q4_K_M"
        value={reference}
        onChange={(event) => {
          setReference(event.target.value);
          setProblem(null);
        }}
      />
      <p id={helpId} className="field-help">
        <code>hf:owner/repo:Q4_K_M</code> picks that quantization&apos;s file from the repository, as llama.cpp&apos;s <code>-hf</code>{' '}
        does. Split models download every part. An interrupted download resumes; the file is checked before it joins the library.
      </p>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.status === 'pending'}>
          {action.status === 'pending' ? 'Starting…' : 'Download'}
        </button>
      </div>
      <div role="status" className="action-outcome">
        {problem !== null && <p className="field-error">{problem}</p>}
      </div>
      {action.status === 'error' && action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
