import type { ReactNode } from 'react';
import './statusBadge.css';

/** A model's or a run's status as a coloured pill; `status` picks the colour (statusBadge.css). */
export function StatusBadge({ status, title, children }: { status: string; title?: string; children: ReactNode }) {
  return (
    <span className="status-badge" data-status={status} title={title}>
      {children}
    </span>
  );
}
