import type { SelectHTMLAttributes } from 'react';

/** A model as a run names it: the key results carry and the label the user gave it. */
export interface ModelOption {
  key: string;
  label: string;
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

/**
 * Picks one of a run's models. The option values are the models' keys, or their labels with
 * `valueBy="label"`; `anyLabel` adds a first option, value `''`, for "no model in particular".
 * Name it as any select: `aria-label`, or an `id` with a `<label htmlFor>`, or a wrapping label.
 */
export function ModelSelect({
  models,
  value,
  onChange,
  anyLabel,
  valueBy = 'key',
  ...rest
}: {
  models: readonly ModelOption[];
  value: string;
  onChange: (value: string) => void;
  anyLabel?: string;
  valueBy?: 'key' | 'label';
} & SelectProps) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {models.map((m) => (
        <option key={m.key} value={valueBy === 'key' ? m.key : m.label}>
          {m.label}
        </option>
      ))}
    </select>
  );
}
