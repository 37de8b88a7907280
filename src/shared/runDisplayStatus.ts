import type { RunListItem, RunStatus } from './api';

/** A run's status as every page shows it: a stored status, or `interrupted`. */
export type RunDisplayStatus = RunStatus | 'interrupted';

/**
 * The one derivation of the status a page shows. A run stored as `running` that this host is not
 * executing was left so by a host that stopped (a crash, a power cut): it is `interrupted`, and
 * Resume goes on from where it stopped.
 */
export function runDisplayStatus(run: Pick<RunListItem, 'status' | 'active'>): RunDisplayStatus {
  return run.status === 'running' && !run.active ? 'interrupted' : run.status;
}
