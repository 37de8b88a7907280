import type { RunModel } from '../../../shared/runs';
import { runRemoteModelCases, type RemoteCasesDeps } from '../remote/runRemoteModelCases';
import type { CaseRunner } from './caseWork';
import type { ModelRunner } from './ModelRunner';
import { runModelCases, type ModelCasesContext } from './runModelCases';

/** What the case runners need from the run around them. */
export interface CaseRunnerDeps {
  /** How library models are loaded. */
  runner: ModelRunner;
  /** The result cache, for library models. */
  lookup: NonNullable<ModelCasesContext['lookup']>;
  /** How remote models reach their endpoints. */
  remote: RemoteCasesDeps;
  /** A remote model's endpoints as the run records them: cleared before its cases run, then each one given up. */
  endpoints: { reset(): void; down(endpoint: string, reason: string): void };
}

/**
 * The case runner for a model's kind: a library model loads through the `ModelRunner` (with the
 * result cache), a remote model shares its cases among its endpoints.
 */
export function caseRunnerFor(model: RunModel, deps: CaseRunnerDeps): CaseRunner {
  const { remote } = model;
  if (remote === undefined) return (ctx) => runModelCases({ ...ctx, runner: deps.runner, lookup: deps.lookup });
  return (ctx) => {
    deps.endpoints.reset();
    return runRemoteModelCases({
      ...ctx,
      remote,
      deps: deps.remote,
      onEndpointDown: (endpoint, reason) => deps.endpoints.down(endpoint, reason),
    });
  };
}
