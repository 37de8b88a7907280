import type { ChatMessage, GenerationInput } from '../engine';
import type { GenerationParamsOverride } from './GenerationParamsOverride';
import type { ScorerSpec } from './ScorerSpec';
import type { TestCase } from './TestCase';
import type { TestSetDefaults } from './TestSet';
import { choiceAnswerIndex } from './choiceAnswer';
import { renderTemplate } from './renderTemplate';
import { PROMPT_VARIABLE } from './templateSyntax';

/** A case as a run uses it: what the model gets, with which parameters, and how it is scored. */
export interface RenderedCase {
  /** The completion prompt, or the chat messages (for the model’s own chat template). */
  input: GenerationInput;
  /** `defaults.params` with the case’s `params` over them; the run’s parameter set fills the rest. */
  params: GenerationParamsOverride;
  /** The case’s `scorers`, else `defaults.scorers`, else none. */
  scorers: ScorerSpec[];
  /** Acceptable answers; empty when the case has none. */
  expected: string[];
  /** Placeholders without a value, left as `{{name}}` in the input; always empty for a test set that validated. */
  missingVariables: string[];
  /** A log-likelihood case: its choices and the right one's index; its input is then the context, as completion text. */
  loglikelihood?: { choices: string[]; answer: number };
}

/**
 * Turns a case and its test set’s defaults into what the model gets (pure: the editor’s preview and
 * the run orchestrator both use it).
 * - `messages`: sent as chat whatever the mode, each content rendered with the case’s `vars`; the
 *   system prompt (the case’s, else the defaults’) comes first unless the conversation starts with one.
 * - otherwise the text is `defaults.promptTemplate` rendered with `vars` plus `{{prompt}}` (the case’s
 *   rendered prompt), or without a template the case’s prompt rendered with `vars`. In `chat` mode it
 *   is one user message after the system prompt; in `completion` mode the system prompt, a blank
 *   line, then the text. A log-likelihood case (`choices`) is always completion text: its context.
 * Substitution follows `renderTemplate`: values are inserted verbatim, `\{{` is a literal `{{`.
 */
export function renderCase(testCase: TestCase, defaults: TestSetDefaults): RenderedCase {
  const vars = testCase.vars ?? {};
  const missing = new Set<string>();
  const render = (template: string, values = vars): string => {
    const rendered = renderTemplate(template, values);
    for (const name of rendered.missing) missing.add(name);
    return rendered.text;
  };
  const systemSource = testCase.systemPrompt ?? defaults.systemPrompt;
  const system = systemSource === undefined ? undefined : render(systemSource);
  let input: GenerationInput;
  if (testCase.messages !== undefined) {
    const messages: ChatMessage[] = testCase.messages.map((m) => ({ role: m.role, content: render(m.content) }));
    if (system !== undefined && messages[0]?.role !== 'system') messages.unshift({ role: 'system', content: system });
    input = { kind: 'chat', messages, template: 'model' };
  } else {
    const prompt = testCase.prompt === undefined ? undefined : render(testCase.prompt);
    const text =
      defaults.promptTemplate === undefined
        ? (prompt ?? '')
        : render(defaults.promptTemplate, prompt === undefined ? vars : { ...vars, [PROMPT_VARIABLE]: prompt });
    // A log-likelihood context is plain text, whatever the set's mode (as lm-evaluation-harness scores it).
    if (defaults.mode === 'chat' && testCase.choices === undefined) {
      const messages: ChatMessage[] = system === undefined ? [] : [{ role: 'system', content: system }];
      messages.push({ role: 'user', content: text });
      input = { kind: 'chat', messages, template: 'model' };
    } else {
      input = { kind: 'completion', prompt: system === undefined || system === '' ? text : `${system}\n\n${text}` };
    }
  }
  const answer =
    testCase.choices === undefined || testCase.answer === undefined ? null : choiceAnswerIndex(testCase.choices, testCase.answer);
  return {
    ...(testCase.choices !== undefined && typeof answer === 'number' ? { loglikelihood: { choices: testCase.choices, answer } } : {}),
    input,
    params: { ...defaults.params, ...testCase.params },
    // A log-likelihood case is scored by its choices; scorers of generated text do not apply.
    scorers: testCase.choices !== undefined ? [] : (testCase.scorers ?? defaults.scorers ?? []),
    expected: testCase.expected ?? [],
    missingVariables: [...missing],
  };
}
