import type { ReactNode } from 'react';

/**
 * A table of figures: named by `label`, one header row of column names (`scope="col"`), and the
 * rows the caller renders as its children (each row names itself with a `<th scope="row">` where it can).
 */
export function DataTable({
  label,
  className,
  columns,
  children,
}: {
  label: string;
  className: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <table aria-label={label} className={className}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
