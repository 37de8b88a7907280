import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoadOnMount } from '../components/useLoadOnMount';
import { useRunsStore } from '../stores/runsStore';
import { useUiStore } from '../stores/uiStore';

interface NeedsRunPageProps {
  title: string;
  emptyTitle: string;
  children: ReactNode;
}

/** Compare, Review and Reports all start from a finished run; until there is one they say so. */
export function NeedsRunPage({ title, emptyTitle, children }: NeedsRunPageProps) {
  const runs = useRunsStore();
  const goTo = useUiStore((s) => s.goTo);
  useLoadOnMount(runs.load);
  const finished = runs.data?.filter((r) => r.status === 'completed' || r.status === 'cancelled').length ?? 0;
  return (
    <>
      <h1>{title}</h1>
      {runs.error !== null && <ErrorNotice error={runs.error} onRetry={() => void runs.load()} />}
      {runs.data !== null && finished === 0 && (
        <EmptyState
          title={emptyTitle}
          actions={
            <button type="button" onClick={() => goTo('runs')}>
              Go to Runs
            </button>
          }
        >
          {children}
        </EmptyState>
      )}
    </>
  );
}
