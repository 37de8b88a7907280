import { baseName } from './openTestSet';
import type { TestSetsContext } from './types';

/**
 * Validates tab `id`'s text. One validation per tab at a time: edits made while one runs ask for
 * one more run with the newest text, however many there were.
 */
export async function validateTab(ctx: TestSetsContext, id: string): Promise<void> {
  const { tab, patch } = ctx;
  const state = ctx.books.validationRun(id);
  if (state.running) {
    state.queued = true;
    return;
  }
  state.running = true;
  // Read through a function: another edit may queue a run while this one awaits.
  const queued = (): boolean => state.queued;
  patch(id, { validating: true });
  try {
    const validator = await ctx.books.validator();
    for (;;) {
      state.queued = false;
      const t = tab(id);
      if (t === undefined) break;
      try {
        const result = await validator.validate(t.text, baseName(t.summary.path), t.format);
        if (tab(id) === undefined) break;
        patch(id, (current) => ({
          validation: result,
          validationError: null,
          lastValid: result.cases === null ? current.lastValid : result,
        }));
      } catch (error) {
        patch(id, { validationError: error instanceof Error ? error.message : String(error) });
      }
      if (!queued()) break;
    }
  } finally {
    state.running = false;
    if (tab(id) !== undefined) patch(id, { validating: false });
  }
}
