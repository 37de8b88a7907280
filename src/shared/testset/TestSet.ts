import { z } from 'zod';
import { GenerationParamsOverride } from './GenerationParamsOverride';
import { ScorerSpec } from './ScorerSpec';
import { TestCase } from './TestCase';

/** What every case gets unless it says otherwise. */
export const TestSetDefaults = z
  .object({
    /** `chat`: the prompt is a user message in the model’s chat template; `completion`: raw text continued as is (base models). */
    mode: z
      .enum(['chat', 'completion'])
      .default('chat')
      .describe('`chat`: the prompt is a user message in the model’s chat template; `completion`: raw text continued as is (base models).'),
    /** System prompt for every case; in `completion` mode it is put before the prompt, followed by a blank line. */
    systemPrompt: z
      .string()
      .optional()
      .describe('System prompt for every case; in `completion` mode it is put before the prompt, followed by a blank line.'),
    /** Builds each case’s prompt from its variables, e.g. `Question: {{question}}\nAnswer:`. `{{prompt}}` inserts the case’s own `prompt`; `\{{` is a literal `{{`. */
    promptTemplate: z
      .string()
      .optional()
      .describe(
        'Builds each case’s prompt from its variables, e.g. `Question: {{question}}\\nAnswer:`. `{{prompt}}` inserts the case’s own `prompt`; `\\{{` is a literal `{{`.',
      ),
    /** Generation parameters for every case; what is left out comes from the run’s parameter set. */
    params: GenerationParamsOverride.optional().describe(
      'Generation parameters for every case; what is left out comes from the run’s parameter set.',
    ),
    /** How outputs are scored unless a case lists its own `scorers`. */
    scorers: z.array(ScorerSpec).optional().describe('How outputs are scored unless a case lists its own `scorers`.'),
  })
  .strict()
  .describe('What every case gets unless it says otherwise.');
export type TestSetDefaults = z.output<typeof TestSetDefaults>;

/** A test set file: cases to run on every model, with shared defaults. */
export const TestSet = z
  .object({
    /** Where editors find this schema (a path or URL); ignored by Evalbench. */
    $schema: z.string().optional().describe('Where editors find this schema (a path or URL); ignored by Evalbench.'),
    /** Shown in lists and reports. */
    name: z.string().trim().min(1).describe('Shown in lists and reports.'),
    /** What the set measures and where its cases come from. */
    description: z.string().optional().describe('What the set measures and where its cases come from.'),
    /** What every case gets unless it says otherwise. */
    defaults: TestSetDefaults.prefault({}).describe('What every case gets unless it says otherwise.'),
    /** Anything else to keep with the set (source, licence, version); never sent to a model. */
    metadata: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Anything else to keep with the set (source, licence, version); never sent to a model.'),
    /** The test cases. */
    cases: z.array(TestCase).min(1).describe('The test cases.'),
  })
  .strict()
  .describe('An Evalbench test set: cases to run on every model, with shared defaults.');
export type TestSet = z.output<typeof TestSet>;
export type TestSetInput = z.input<typeof TestSet>;
