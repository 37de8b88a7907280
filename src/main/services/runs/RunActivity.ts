/** What a run can be busy with: executing its cases, or measuring its models' fidelity. Both load the run's models. */
export type RunWork = 'cases' | 'fidelity';

/**
 * Which runs are being worked on right now, and the controller that stops each piece of work. One
 * per host, shared by the run and fidelity services, so that each can tell whether the other holds a
 * run before it starts (running both would load every model twice).
 */
export class RunActivity {
  private readonly work: Record<RunWork, Map<string, AbortController>> = { cases: new Map(), fidelity: new Map() };

  /** Records that `kind` of work on the run has started, stopped by `controller`. */
  begin(runId: string, kind: RunWork, controller: AbortController): void {
    this.work[kind].set(runId, controller);
  }

  /** Records that the run's `kind` of work has ended. */
  end(runId: string, kind: RunWork): void {
    this.work[kind].delete(runId);
  }

  /** Whether the run has `kind` of work under way. */
  has(runId: string, kind: RunWork): boolean {
    return this.work[kind].has(runId);
  }

  /** The controller that stops the run's `kind` of work, when it has some under way. */
  controller(runId: string, kind: RunWork): AbortController | undefined {
    return this.work[kind].get(runId);
  }

  /** Stops every run's `kind` of work (its service is being disposed). */
  abortAll(kind: RunWork): void {
    for (const controller of this.work[kind].values()) controller.abort();
  }
}
