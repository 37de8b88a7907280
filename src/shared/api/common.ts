import { z } from 'zod';

/** The input of a call that takes nothing. */
export const NoInput = z.object({}).strict();

/** The input of a call about one run. */
export const RunIdInput = z.object({ runId: z.string() }).strict();
