import type { WorkItem } from './caseWork';
import { ModelSession, type ModelCasesContext } from './runModelCases';

/**
 * The order an interleaved latency run takes its work in: rounds of one case and repetition in run
 * order (repetition, then the case's place in `caseIds`), each round every model once, the models
 * forwards in even rounds and backwards in odd ones (ABBA), so that drift over the run (heat,
 * background jobs) lands on every model alike. A round keeps its parity when a resumed run skips
 * what is done. `models` are model indexes in run order; items of other models are left out.
 */
export function interleavedOrder(items: readonly WorkItem[], models: readonly number[], caseIds: readonly string[]): WorkItem[] {
  const round = (i: WorkItem): number => i.repetition * caseIds.length + caseIds.indexOf(i.testCase.id);
  const position = (i: WorkItem): number => models.indexOf(i.modelIndex);
  return items
    .filter((i) => models.includes(i.modelIndex))
    .sort((a, b) => round(a) - round(b) || (round(a) % 2 === 0 ? position(a) - position(b) : position(b) - position(a)));
}

/**
 * Runs local models' cases interleaved (see `interleavedOrder`): every model is loaded and warmed
 * up first and stays loaded until the last round, so no case pays for a load and each model's
 * timings cover the same stretch of the run.
 */
export async function runInterleaved(contexts: readonly ModelCasesContext[]): Promise<void> {
  const sessions = new Map(contexts.map((ctx) => [ctx.items[0]?.modelIndex ?? -1, { ctx, session: new ModelSession(ctx, 1) }] as const));
  try {
    for (const { session, ctx } of sessions.values()) {
      if (ctx.stopped()) return;
      await session.load();
    }
    const caseIds = contexts[0]?.run.cases.map((c) => c.id) ?? [];
    const order = interleavedOrder(
      contexts.flatMap((c) => c.items),
      [...sessions.keys()],
      caseIds,
    );
    for (const item of order) {
      const entry = sessions.get(item.modelIndex);
      if (entry === undefined || entry.ctx.stopped()) return;
      if (!(await entry.session.run(item))) return;
    }
  } finally {
    for (const { session } of sessions.values()) await session.unload();
  }
}
