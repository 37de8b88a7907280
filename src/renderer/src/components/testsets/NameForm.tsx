import { useId, useState, type SyntheticEvent } from 'react';

interface NameFormProps {
  label: string;
  initial: string;
  submitLabel: string;
  pending: boolean;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}

/** A one-field form for a test set name (rename, duplicate). */
export function NameForm({ label, initial, submitLabel, pending, onSubmit, onCancel }: NameFormProps) {
  const [name, setName] = useState(initial);
  const id = useId();
  const submit = (e: SyntheticEvent): void => {
    e.preventDefault();
    if (name.trim() !== '') onSubmit(name.trim());
  };
  return (
    <form className="testset-inline-form" onSubmit={submit} aria-label={label}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus />
      <button type="submit" className="primary" disabled={pending || name.trim() === ''}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
