import type { RunListItem } from '../../shared/api';
import { formatDuration } from '../../shared/formatDuration';
import type { RunSummary } from '../../shared/runSummary';
import { builtPaths } from '../../main/services/appPaths';
import { dataDir } from '../../main/services/dataDir';
import { forkWorker } from '../../main/services/engine/WorkerProcess';
import { createServices, type Services } from '../../main/services/Services';
import type { StoredRun } from '../../main/services/runs/RunStore';
import { UsageError, type Command, type CommandContext } from '../command';
import { textTable } from '../../shared/textTable';
import { percentInterval } from '../../shared/formatPercent';

/** How many characters of an id the list shows; any unique start of an id is accepted back. */
const SHORT_ID = 8;

/** `2026-12-06 15:31` in the machine's time zone: the list is read by the person who ran it. */
function when(iso: string): string {
  const d = new Date(iso);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * A run marked running may be executing in another process (the app, another `evalbench run`) or
 * have been left so by one that stopped; this process cannot tell, so it says both.
 */
function statusText(status: RunListItem['status']): string {
  return status === 'running' ? 'running or interrupted' : status;
}

export function formatRunList(runs: readonly RunListItem[]): string {
  if (runs.length === 0) return 'No runs yet. Start one with `evalbench run RUN.yaml` (try resources/examples/quant-compare.run.yaml).\n';
  const rows = runs.map((r) => [
    r.id.slice(0, SHORT_ID),
    when(r.createdAt),
    statusText(r.status),
    `${r.done}/${r.total}`,
    formatDuration(r.createdAt, r.finishedAt),
    r.name,
    r.models.join(', '),
  ]);
  return (
    [
      ...textTable(['ID', 'Started', 'Status', 'Results', 'Duration', 'Name', 'Models'], rows),
      '',
      'Details: evalbench runs show ID · report: evalbench report ID --format html (any unique start of an id works).',
    ].join('\n') + '\n'
  );
}

export function formatRunDetails(run: StoredRun, item: RunListItem | undefined, summary: RunSummary | null): string {
  const spec = run.spec;
  const out = [
    spec.name,
    `  ID          ${run.id}`,
    `  Status      ${statusText(run.status)}${item ? ` · ${item.done} of ${item.total} results` : ''}`,
    `  Started     ${when(run.createdAt)}${item?.finishedAt ? ` · finished ${when(item.finishedAt)} · took ${formatDuration(run.createdAt, item.finishedAt)}` : ''}`,
    `  Test set    ${run.testSetPath ?? '(not recorded)'} · ${run.cases.length} cases`,
    `  Mode        ${spec.mode}${spec.mode === 'throughput' ? ` (${spec.parallel} at once)` : ''} · repetitions ${spec.repetitions} · warm-up ${spec.warmup}`,
    `  Parameters  ${Object.entries(spec.params)
      .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
      .join(', ')}`,
    '',
    'Models:',
    ...spec.models.map((m, i) => {
      const label = m.label ?? item?.models[i] ?? m.modelId;
      if (m.remote !== undefined) return `  ${label}: remote ${m.remote.api}, ${m.remote.endpoints.length} endpoint(s)`;
      const load = Object.entries(m.load)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
        .join(', ');
      return `  ${label}${load === '' ? '' : `: ${load}`}`;
    }),
  ];
  if (summary !== null && summary.models.length > 0) {
    const rows = summary.models.map((m) => [
      m.label,
      m.passRate === null ? '—' : percentInterval(m.passRate),
      m.generationTokensPerSecond?.median === undefined ? '—' : m.generationTokensPerSecond.median.toFixed(1),
      String(m.errors),
    ]);
    out.push('', 'Results:', ...textTable(['Model', 'Pass rate (95% CI)', 'Gen tok/s p50', 'Errors'], rows).map((l) => `  ${l}`));
  }
  out.push('', `Report: evalbench report ${run.id.slice(0, SHORT_ID)} --format html`);
  if (run.status !== 'completed') out.push(`Resume: evalbench run --resume ${run.id.slice(0, SHORT_ID)}`);
  return out.join('\n') + '\n';
}

function openServices(env: NodeJS.ProcessEnv): Services {
  return createServices({
    home: dataDir(env),
    host: 'cli',
    engine: { workerScript: env.EVALBENCH_WORKER_SCRIPT ?? builtPaths.worker(), launch: forkWorker },
  });
}

async function show(services: Services, idOrPrefix: string, json: boolean, { stdout }: CommandContext): Promise<number> {
  const runId = services.runs.runs.resolveId(idOrPrefix);
  const run = services.runs.runs.get(runId);
  const item = services.runs.list().find((r) => r.id === runId);
  const summary = (item?.done ?? 0) > 0 ? await services.summaries.summary(runId) : null;
  if (json) {
    stdout.write(
      `${JSON.stringify({ ...item, spec: run.spec, environment: run.environment, testSetPath: run.testSetPath, summary }, null, 2)}\n`,
    );
  } else {
    stdout.write(formatRunDetails(run, item, summary));
  }
  return 0;
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List the runs in the data folder, newest first, or show one run’s settings, models and results.',
  usage: 'evalbench runs [--json] [--limit N] | evalbench runs show RUN_ID [--json]',
  positionals: [{ name: 'show RUN_ID', description: 'Details of one run; any unique start of its id (the list shows 8 characters).' }],
  options: {
    json: { type: 'boolean', description: 'Print JSON instead of a table.' },
    limit: { type: 'string', valueName: 'N', description: 'List at most N runs (default all).' },
  },
  async run(values, positionals, context) {
    const [action, id, ...extra] = positionals;
    if (action !== undefined && action !== 'show')
      throw new UsageError(`unknown action "${action}"; use \`evalbench runs\` to list or \`evalbench runs show RUN_ID\`.`);
    if (action === 'show' && id === undefined) throw new UsageError('Name the run: evalbench runs show RUN_ID.');
    if (extra.length > 0) throw new UsageError('Give one run id.');
    let limit = Number.POSITIVE_INFINITY;
    if (typeof values.limit === 'string') {
      limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number of runs, not "${values.limit}".`);
    }
    const json = values.json === true;
    const services = openServices(context.env);
    try {
      if (action === 'show' && id !== undefined) return await show(services, id, json, context);
      const runs = services.runs.list().slice(0, limit);
      context.stdout.write(json ? `${JSON.stringify(runs, null, 2)}\n` : formatRunList(runs));
      return 0;
    } catch (error) {
      context.stderr.write(`evalbench runs: ${error instanceof Error ? error.message : String(error)}\n`);
      const hint = (error as { hint?: unknown }).hint;
      if (typeof hint === 'string') context.stderr.write(`${hint}\n`);
      return 1;
    } finally {
      await services.close();
    }
  },
};
