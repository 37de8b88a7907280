import type { ReactNode } from 'react';
import type { RunListItem } from '../../../shared/api';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoadOnMount } from '../components/useLoadOnMount';
import { useRunsStore } from '../stores/runsStore';
import { useUiStore } from '../stores/uiStore';

interface NeedsRunPageProps {
  title: string;
  emptyTitle: string;
  /** What the empty state says until a run is ready. */
  children: ReactNode;
  /** Which runs this page can show; finished (completed or cancelled) ones unless told otherwise. */
  isReady?: (run: RunListItem) => boolean;
  /** The page itself, given the ready runs (newest first), once there is at least one. */
  content?: (runs: RunListItem[]) => ReactNode;
}

const finished = (r: RunListItem): boolean => r.status === 'completed' || r.status === 'cancelled';

/** Compare, Review and Reports all start from a run; until there is one they say so. */
export function NeedsRunPage({ title, emptyTitle, children, isReady = finished, content }: NeedsRunPageProps) {
  const data = useRunsStore((s) => s.data);
  const error = useRunsStore((s) => s.error);
  const load = useRunsStore((s) => s.load);
  const goTo = useUiStore((s) => s.goTo);
  useLoadOnMount(load);
  const ready = data?.filter(isReady) ?? [];
  return (
    <>
      <h1>{title}</h1>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {data !== null && ready.length === 0 && (
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
      {ready.length > 0 && content?.(ready)}
    </>
  );
}
