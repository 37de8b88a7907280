import type { ReactNode } from 'react';

/**
 * A labelled form field: the label names the control (`id`), then the control, its help, any
 * warnings, and its error (`<id>-error`, for the control's `aria-describedby`).
 */
export function Field({
  id,
  label,
  error,
  help,
  warnings = [],
  wide = false,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  help?: string | undefined;
  warnings?: readonly string[];
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'run-field wide' : 'run-field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help !== undefined && <p className="field-help">{help}</p>}
      {warnings.map((w) => (
        <p key={w} className="field-warning">
          {w}
        </p>
      ))}
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
