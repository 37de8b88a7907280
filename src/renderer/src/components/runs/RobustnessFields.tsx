import { PERTURBATION_KINDS, type PerturbationKind } from '../../../../shared/robustness/RobustnessOptions';
import type { RunDraft } from './newRunDraft';

/** What each perturbation does, in the user's words. */
const KIND_TEXT: Record<PerturbationKind, { label: string; help: string }> = {
  typos: { label: 'Typos', help: 'letters swapped, dropped or doubled in a few words' },
  casing: { label: 'Casing', help: 'the prompt in upper, lower, title or mixed case' },
  whitespace: { label: 'Whitespace', help: 'extra spaces, tabs and line breaks' },
  'shuffle-options': { label: 'Shuffled options', help: 'multiple-choice options reordered, the expected letter moved with its option' },
  preamble: { label: 'Distracting preamble', help: 'an irrelevant paragraph before the question' },
};

interface RobustnessFieldsProps {
  draft: Pick<RunDraft, 'perturbations' | 'robustnessSeed' | 'variantsPerKind' | 'perturbVariables'>;
  problems: { robustnessSeed?: string | undefined; variantsPerKind?: string | undefined };
  onChange: (patch: Partial<Pick<RunDraft, 'perturbations' | 'robustnessSeed' | 'variantsPerKind' | 'perturbVariables'>>) => void;
}

/** The New run form's robustness options: which perturbed variants of every case to run, from which seed. */
export function RobustnessFields({ draft, problems, onChange }: RobustnessFieldsProps) {
  const on = draft.perturbations.length > 0;
  const toggle = (kind: PerturbationKind, checked: boolean): void => {
    const picked = new Set(draft.perturbations);
    if (checked) picked.add(kind);
    else picked.delete(kind);
    onChange({ perturbations: PERTURBATION_KINDS.filter((k) => picked.has(k)) });
  };
  const field = (id: string, key: 'robustnessSeed' | 'variantsPerKind', label: string) => (
    <div className="run-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        disabled={!on}
        value={draft[key]}
        aria-invalid={problems[key] !== undefined}
        aria-describedby={problems[key] === undefined ? undefined : `${id}-error`}
        onChange={(e) => onChange({ [key]: e.target.value })}
      />
      {problems[key] !== undefined && (
        <p id={`${id}-error`} className="field-error">
          {problems[key]}
        </p>
      )}
    </div>
  );
  return (
    <fieldset className="robustness-fields">
      <legend>Robustness</legend>
      <p className="field-help">
        Run perturbed variants of every case beside the originals, to see how much the answers depend on the wording. The originals’ figures
        stay as they are.
      </p>
      <div className="run-fields">
        {PERTURBATION_KINDS.map((kind) => (
          <label key={kind} className="run-check" title={KIND_TEXT[kind].help}>
            <input type="checkbox" checked={draft.perturbations.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} />
            <span>
              {KIND_TEXT[kind].label}
              <span className="muted"> — {KIND_TEXT[kind].help}</span>
            </span>
          </label>
        ))}
        {field('run-robustness-seed', 'robustnessSeed', 'Perturbation seed')}
        {field('run-variants', 'variantsPerKind', 'Variants per perturbation')}
        <label className="run-check">
          <input
            type="checkbox"
            disabled={!on}
            checked={draft.perturbVariables}
            onChange={(e) => onChange({ perturbVariables: e.target.checked })}
          />
          <span>
            Perturb variable values too
            <span className="muted"> — otherwise the text a case’s variables fill in (names, code, the question itself) stays exact</span>
          </span>
        </label>
      </div>
    </fieldset>
  );
}
