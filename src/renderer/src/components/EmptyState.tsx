import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}

/** What a page shows before there is anything on it: what it is for and what to do first. */
export function EmptyState({ title, children, actions }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
      {actions !== undefined && <div className="empty-state-actions">{actions}</div>}
    </section>
  );
}
