import { z } from 'zod';
import { ChatMessage as EngineChatMessage } from '../engine';
import { MAX_CHOICE_LENGTH, MAX_CHOICES } from './choiceLimits';
import { GenerationParamsOverride } from './GenerationParamsOverride';
import { ScorerSpec } from './ScorerSpec';
import { VARIABLE_NAME } from './templateSyntax';

/** A YAML scalar read as text: `42` and `true` become "42" and "true". */
const Text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** A chat message of a few-shot conversation. */
export const TestChatMessage = EngineChatMessage.extend({
  /** `system` sets the behaviour, `user` speaks to the model, `assistant` is an example answer. */
  role: EngineChatMessage.shape.role.describe('`system` sets the behaviour, `user` speaks to the model, `assistant` is an example answer.'),
  /** The message text; `{{name}}` is replaced by the case’s variable `name`. */
  content: EngineChatMessage.shape.content.describe('The message text; `{{name}}` is replaced by the case’s variable `name`.'),
}).describe('One message of the conversation.');

/** A value substituted for `{{name}}`. */
export const VariableValue = z
  .union([z.string(), z.number(), z.boolean()])
  .describe('Text (or a number, or true/false) substituted for `{{name}}`.');
export type VariableValue = z.infer<typeof VariableValue>;

/** One test case: what to ask, and what counts as a right answer. */
export const TestCase = z
  .object({
    /** Stable identifier, unique in the test set. Left out, Evalbench derives one from the case’s content; save it so it stays the same when the case changes. */
    id: Text.pipe(
      z
        .string()
        .trim()
        .min(1)
        .max(128)
        .regex(/^[^\r\n]*$/, 'an id is one line'),
    )
      .optional()
      .describe(
        'Stable identifier, unique in the test set. Left out, Evalbench derives one from the case’s content; save it so it stays the same when the case changes.',
      ),
    /** The text sent to the model; `{{name}}` is replaced by the variable `name`. With `defaults.promptTemplate`, it fills `{{prompt}}` there. */
    prompt: z
      .string()
      .optional()
      .describe(
        'The text sent to the model; `{{name}}` is replaced by the variable `name`. With `defaults.promptTemplate`, it fills `{{prompt}}` there.',
      ),
    /** A whole conversation instead of `prompt` (few-shot examples); ends with a `user` message that the model answers. */
    messages: z
      .array(TestChatMessage)
      .min(1)
      .optional()
      .describe('A whole conversation instead of `prompt` (few-shot examples); ends with a `user` message that the model answers.'),
    /** Replaces `defaults.systemPrompt` for this case. */
    systemPrompt: z.string().optional().describe('Replaces `defaults.systemPrompt` for this case.'),
    /** Values for the `{{name}}` placeholders of the template, prompt, system prompt and messages. */
    vars: z
      .record(
        z.string().regex(VARIABLE_NAME, 'a variable name starts with a letter or _ and has only letters, digits, _ and -'),
        VariableValue,
      )
      .optional()
      .describe('Values for the `{{name}}` placeholders of the template, prompt, system prompt and messages.'),
    /** The right answer, or a list of answers that are all acceptable. Quote numbers whose spelling matters (`"1.0"`). */
    expected: z
      .union([Text.pipe(z.string().min(1)), z.array(Text.pipe(z.string().min(1))).min(1)])
      .transform((v) => (typeof v === 'string' ? [v] : v))
      .optional()
      .describe('The right answer, or a list of answers that are all acceptable. Quote numbers whose spelling matters (`"1.0"`).'),
    /**
     * Makes this a log-likelihood multiple-choice case (lm-evaluation-harness `acc` / `acc_norm`):
     * nothing is generated; each choice is scored by the summed log-probability of its tokens after
     * the prompt, rendered as in `completion` mode. Write choices as they continue the prompt,
     * usually with a leading space (`" Paris"`).
     */
    choices: z
      .array(Text.pipe(z.string().min(1)))
      .min(2)
      .optional()
      .describe(
        `Makes this a log-likelihood multiple-choice case (lm-evaluation-harness acc / acc_norm): nothing is generated; each choice is scored by the summed log-probability of its tokens after the prompt, rendered as in \`completion\` mode. Write choices as they continue the prompt, usually with a leading space (" Paris"). At most ${MAX_CHOICES} choices of at most ${MAX_CHOICE_LENGTH.toLocaleString('en-US')} characters each.`,
      ),
    /** The right choice of `choices`: its index (0 is the first) or its text. */
    answer: z
      .union([z.number().int().nonnegative(), z.string().min(1)])
      .optional()
      .describe('The right choice of `choices`: its index (0 is the first) or its text.'),
    /** Scorers for this case; they replace `defaults.scorers` (an empty list turns scoring off: review by hand). */
    scorers: z
      .array(ScorerSpec)
      .optional()
      .describe('Scorers for this case; they replace `defaults.scorers` (an empty list turns scoring off: review by hand).'),
    /** Generation parameters for this case, over `defaults.params`. */
    params: GenerationParamsOverride.optional().describe('Generation parameters for this case, over `defaults.params`.'),
    /** Labels for filtering and for results per tag, e.g. `[algebra, hard]`. */
    tags: z
      .array(Text.pipe(z.string().trim().min(1)))
      .transform((tags) => [...new Set(tags)])
      .optional()
      .describe('Labels for filtering and for results per tag, e.g. `[algebra, hard]`.'),
    /** Anything else to keep with the case (source, difficulty, notes); shown in results, never sent to the model. */
    metadata: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Anything else to keep with the case (source, difficulty, notes); shown in results, never sent to the model.'),
  })
  .strict()
  .describe('One test case: what to ask, and what counts as a right answer.');
export type TestCase = z.output<typeof TestCase>;
export type TestCaseInput = z.input<typeof TestCase>;
