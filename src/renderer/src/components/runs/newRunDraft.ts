import type { Backend, LoadOptionsInput } from '../../../../shared/engine';
import type { ModelSummary } from '../../../../shared/models';
import { contextWarning } from '../../../../shared/contextWarning';
import type { PerturbationKind } from '../../../../shared/robustness/RobustnessOptions';
import { remoteModelId } from '../../../../shared/remoteModel';
import type { NewRun, RunMode, RunOrder } from '../../../../shared/runs';
import type { RunDetail } from '../../stores/runsStore';
import { remoteDraftFromSpec, remoteModelSpec, type KeyContext, type RemoteModelDraft, type RemoteProblems } from './remoteModelDraft';
import { optionalFields } from '../../../../shared/optionalFields';

/**
 * A model picked for a run; `load` set when re-running keeps that model's own load options. A
 * remote model has `remote` and a `modelId` that only tells it apart in the form (`remote-N`).
 */
export interface DraftModel {
  modelId: string;
  label?: string;
  load?: LoadOptionsInput;
  remote?: RemoteModelDraft;
}

/** The form id the next remote model added gets. */
export function nextRemoteId(models: readonly DraftModel[]): string {
  const taken = models
    .map((m) => /^remote-(\d+)$/.exec(m.modelId)?.[1])
    .filter((n) => n !== undefined)
    .map(Number);
  return `remote-${Math.max(0, ...taken) + 1}`;
}

/** The New run form as typed: text fields stay text until the run is started. */
export interface RunDraft {
  name: string;
  testSetPath: string;
  models: DraftModel[];
  backend: Backend;
  contextSize: string;
  threads: string;
  temperature: string;
  maxTokens: string;
  seed: string;
  /** Stop strings, one a line. */
  stop: string;
  mode: RunMode;
  /** Latency mode: models one after another, or interleaved case by case (ABBA). */
  order: RunOrder;
  parallel: string;
  repetitions: string;
  warmup: string;
  useCache: boolean;
  /** Perturbations to make variants with; none turns robustness off. */
  perturbations: PerturbationKind[];
  robustnessSeed: string;
  variantsPerKind: string;
  /** Perturb the text the case's variables fill in too. */
  perturbVariables: boolean;
}

export type DraftField =
  | 'testSetPath'
  | 'models'
  | 'contextSize'
  | 'threads'
  | 'temperature'
  | 'maxTokens'
  | 'seed'
  | 'parallel'
  | 'repetitions'
  | 'warmup'
  | 'robustnessSeed'
  | 'variantsPerKind';

export const EMPTY_DRAFT: RunDraft = {
  name: '',
  testSetPath: '',
  models: [],
  backend: 'auto',
  contextSize: '2048',
  threads: '',
  temperature: '0',
  maxTokens: '256',
  seed: '0',
  stop: '',
  mode: 'latency',
  order: 'model-by-model',
  parallel: '4',
  repetitions: '1',
  warmup: '1',
  useCache: false,
  perturbations: [],
  robustnessSeed: '1',
  variantsPerKind: '1',
  perturbVariables: false,
};

/** The form filled from a run, to run it again with the same settings (each model keeps its load options). */
export function draftFromRun(detail: RunDetail, testSetPath: string): RunDraft {
  const { spec } = detail;
  const first = spec.models[0]?.load;
  return {
    name: spec.name,
    testSetPath,
    models: spec.models.map((m, i) =>
      m.remote === undefined
        ? { modelId: m.modelId, ...optionalFields({ label: m.label }), load: m.load }
        : { modelId: `remote-${i + 1}`, remote: remoteDraftFromSpec(m.label ?? m.modelId.replace(/^remote:/, ''), m.remote) },
    ),
    backend: first?.backend ?? 'auto',
    contextSize: String(first?.contextSize ?? 2048),
    threads: first?.threads === undefined ? '' : String(first.threads),
    temperature: String(spec.params.temperature),
    maxTokens: String(spec.params.maxTokens),
    seed: String(spec.params.seed),
    stop: spec.params.stop.join('\n'),
    mode: spec.mode,
    order: spec.order,
    parallel: String(spec.parallel),
    repetitions: String(spec.repetitions),
    warmup: String(spec.warmup),
    useCache: spec.useCache,
    perturbations: spec.robustness?.perturbations ?? [],
    robustnessSeed: String(spec.robustness?.seed ?? 1),
    variantsPerKind: String(spec.robustness?.variantsPerKind ?? 1),
    perturbVariables: spec.robustness?.perturbVariables ?? false,
  };
}

function integer(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** The load options the form's fields give every model that has none of its own. */
export function formLoad(draft: RunDraft): LoadOptionsInput {
  const contextSize = integer(draft.contextSize, 16, 1_048_576) ?? 2048;
  const threads = integer(draft.threads, 1, 1024);
  return { backend: draft.backend, contextSize, ...(threads === null ? {} : { threads }) };
}

/** Where API keys can come from, when the form does not know better: anywhere, checked again by main. */
const ANY_KEYS: KeyContext = { storedKeys: null, canStoreKeys: true };

/** The `runs.start` request the form describes, or what is wrong with it, field by field (remote models' fields in `remoteProblems`). */
export function draftToRequest(
  draft: RunDraft,
  keys: KeyContext = ANY_KEYS,
): { request: NewRun | null; problems: Partial<Record<DraftField, string>>; remoteProblems: RemoteProblems } {
  const problems: Partial<Record<DraftField, string>> = {};
  const remoteProblems: RemoteProblems = {};
  if (draft.testSetPath.trim() === '') problems.testSetPath = 'Choose a test set, or enter the path of a test set file.';
  if (draft.models.length === 0) problems.models = 'Pick at least one model, or add a remote model; two or more to compare them.';
  const remotes = new Map(
    draft.models.flatMap((m) => {
      if (m.remote === undefined) return [];
      const others = draft.models.filter((o) => o !== m && o.remote !== undefined).map((o) => o.remote?.label.trim() ?? '');
      const spec = remoteModelSpec(m.modelId, m.remote, others, keys, remoteProblems);
      return spec === null ? [] : [[m.modelId, spec] as const];
    }),
  );
  const contextSize = integer(draft.contextSize, 16, 1_048_576);
  if (contextSize === null) problems.contextSize = 'A whole number of tokens from 16 to 1,048,576.';
  const threads = draft.threads.trim() === '' ? undefined : integer(draft.threads, 1, 1024);
  if (threads === null)
    problems.threads = 'Leave empty for auto (the fastest count, timed when each model loads), or a whole number from 1 to 1,024.';
  const temperature = Number(draft.temperature.trim());
  if (draft.temperature.trim() === '' || !Number.isFinite(temperature) || temperature < 0 || temperature > 5)
    problems.temperature = 'From 0 (greedy, reproducible) to 5.';
  const maxTokens = integer(draft.maxTokens, 1, 1_000_000);
  if (maxTokens === null) problems.maxTokens = 'A whole number from 1 to 1,000,000.';
  const seed = integer(draft.seed, 0, Number.MAX_SAFE_INTEGER);
  if (seed === null) problems.seed = 'A whole number, 0 or more.';
  const repetitions = integer(draft.repetitions, 1, 100);
  if (repetitions === null) problems.repetitions = 'From 1 to 100.';
  const warmup = integer(draft.warmup, 0, 100);
  if (warmup === null) problems.warmup = 'From 0 to 100.';
  const parallel = integer(draft.parallel, 1, 64);
  if (parallel === null && draft.mode === 'throughput') problems.parallel = 'From 1 to 64 cases at once.';
  const robust = draft.perturbations.length > 0;
  const robustnessSeed = integer(draft.robustnessSeed, 0, 0xffffffff);
  if (robust && robustnessSeed === null) problems.robustnessSeed = 'A whole number from 0 to 4,294,967,295.';
  const variantsPerKind = integer(draft.variantsPerKind, 1, 10);
  if (robust && variantsPerKind === null) problems.variantsPerKind = 'From 1 to 10 variants per perturbation.';
  if (
    Object.keys(problems).length > 0 ||
    Object.keys(remoteProblems).length > 0 ||
    contextSize === null ||
    threads === null ||
    maxTokens === null ||
    seed === null ||
    repetitions === null ||
    warmup === null
  ) {
    return { request: null, problems, remoteProblems };
  }
  const load = formLoad(draft);
  const stop = draft.stop.split('\n').filter((s) => s.length > 0);
  return {
    problems,
    remoteProblems,
    request: {
      ...(draft.name.trim() === '' ? {} : { name: draft.name.trim() }),
      testSetPath: draft.testSetPath.trim(),
      models: draft.models.map((m) => {
        const remote = remotes.get(m.modelId);
        // A remote model's server decides how it is loaded: no load options.
        if (remote !== undefined) return { modelId: remoteModelId(remote.label), label: remote.label, remote: remote.remote };
        return { modelId: m.modelId, ...optionalFields({ label: m.label }), load: m.load ?? load };
      }),
      params: { temperature, maxTokens, seed, stop },
      mode: draft.mode,
      order: draft.order,
      repetitions,
      warmup,
      parallel: parallel ?? 4,
      useCache: draft.useCache,
      ...(robust && robustnessSeed !== null && variantsPerKind !== null
        ? {
            robustness: {
              seed: robustnessSeed,
              perturbations: draft.perturbations,
              variantsPerKind,
              perturbVariables: draft.perturbVariables,
            },
          }
        : {}),
    },
  };
}

/**
 * A warning for each picked library model whose context would exceed the context it was trained
 * on (its GGUF header's `context_length`): past it, the model generates from positions it never saw.
 */
export function contextWarnings(draft: RunDraft, models: readonly ModelSummary[]): string[] {
  const formContext = formLoad(draft).contextSize ?? 2048;
  return draft.models.flatMap((picked) => {
    if (picked.remote !== undefined) return [];
    const model = models.find((m) => m.id === picked.modelId);
    if (model === undefined) return [];
    const warning = contextWarning(picked.label ?? model.name, model.metadata?.contextLength, picked.load?.contextSize ?? formContext);
    return warning === null ? [] : [warning];
  });
}
