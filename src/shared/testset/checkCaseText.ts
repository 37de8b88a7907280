import { didYouMean } from './didYouMean';
import { parseTemplate } from './parseTemplate';
import type { TestCase } from './TestCase';
import { formatPath, type TestSetIssue, type TestSetPath } from './TestSetDiagnostic';
import type { TestSetDefaults } from './TestSet';
import { PROMPT_VARIABLE } from './templateSyntax';

interface TextSource {
  path: TestSetPath;
  text: string;
  /** Written in the case itself (else inherited from the defaults, whose problems are reported once). */
  own: boolean;
}

/** A variable that a text the case inherits from the defaults uses and the case does not define. */
export interface InheritedGap {
  /** The inherited text, e.g. `defaults.promptTemplate`. */
  source: TestSetPath;
  name: string;
  /** The issue to report on the case itself, when only some of the cases lack the variable. */
  issue: TestSetIssue;
}

/** The issues of one case, and the gaps it shares with the defaults’ texts (reported once by `checkTestSet`). */
export interface CaseTextCheck {
  issues: TestSetIssue[];
  /** Every text the case inherits from the defaults and sends (`defaults.promptTemplate`, …). */
  inherited: TestSetPath[];
  gaps: InheritedGap[];
}

/**
 * What a case sends, checked against its defaults: prompt or messages (not both, not neither),
 * placeholders that the case defines, `{{prompt}}` where the case has a prompt, and a conversation
 * that ends with the user speaking.
 */
export function checkCaseText(testCase: TestCase, index: number, defaults: TestSetDefaults): CaseTextCheck {
  const base: TestSetPath = ['cases', index];
  const issues: TestSetIssue[] = [];
  const gaps: InheritedGap[] = [];
  const vars = testCase.vars ?? {};
  const defined = new Set(Object.keys(vars));
  const usesTemplate = testCase.messages === undefined && defaults.promptTemplate !== undefined;

  if (testCase.prompt !== undefined && testCase.messages !== undefined) {
    issues.push({
      severity: 'error',
      code: 'prompt',
      path: [...base, 'messages'],
      atKey: true,
      message: `${formatPath(base)} has both prompt and messages; a case sends one or the other.`,
      hint: 'Keep messages for a conversation, or prompt for a single question.',
    });
  }
  if (testCase.prompt === undefined && testCase.messages === undefined && defaults.promptTemplate === undefined) {
    issues.push({
      severity: 'error',
      code: 'prompt',
      path: base,
      message: `${formatPath(base)} has nothing to send to the model.`,
      hint: 'Add prompt: or messages:, or a defaults.promptTemplate filled from this case’s vars.',
    });
  }
  if (usesTemplate && testCase.prompt !== undefined) {
    if (parseTemplate(defaults.promptTemplate ?? '').variables.includes(PROMPT_VARIABLE)) defined.add(PROMPT_VARIABLE);
    else
      issues.push({
        severity: 'error',
        code: 'prompt',
        path: [...base, 'prompt'],
        atKey: true,
        message: `defaults.promptTemplate has no {{prompt}}, so the prompt of ${formatPath(base)} would never reach the model.`,
        hint: 'Add {{prompt}} to the template, or put this text in vars.',
      });
    if (Object.hasOwn(vars, PROMPT_VARIABLE)) {
      issues.push({
        severity: 'error',
        code: 'unknown-variable',
        path: [...base, 'vars', PROMPT_VARIABLE],
        atKey: true,
        message: `${formatPath(base)}: the variable \`prompt\` clashes with the case’s prompt, which fills {{prompt}} in the template.`,
        hint: 'Rename the variable.',
      });
    }
  }

  const sources: TextSource[] = [];
  const ownSystemMessage = testCase.messages?.[0]?.role === 'system';
  if (ownSystemMessage && testCase.systemPrompt !== undefined) {
    issues.push({
      severity: 'warning',
      code: 'messages',
      path: [...base, 'systemPrompt'],
      atKey: true,
      message: `${formatPath(base)}: systemPrompt is not sent, because the conversation starts with its own system message.`,
      hint: 'Remove one of the two.',
    });
  } else if (testCase.systemPrompt !== undefined) sources.push({ path: [...base, 'systemPrompt'], text: testCase.systemPrompt, own: true });
  else if (defaults.systemPrompt !== undefined && !ownSystemMessage)
    sources.push({ path: ['defaults', 'systemPrompt'], text: defaults.systemPrompt, own: false });
  if (usesTemplate) sources.push({ path: ['defaults', 'promptTemplate'], text: defaults.promptTemplate ?? '', own: false });
  if (testCase.prompt !== undefined) sources.push({ path: [...base, 'prompt'], text: testCase.prompt, own: true });
  testCase.messages?.forEach((m, k) => sources.push({ path: [...base, 'messages', k, 'content'], text: m.content, own: true }));

  const reported = new Set<string>();
  for (const source of sources) {
    const parsed = parseTemplate(source.text);
    if (source.own) {
      for (const p of parsed.problems)
        issues.push({
          severity: 'error',
          code: 'template',
          path: source.path,
          message: `${formatPath(source.path)}: ${p.message}.`,
          hint: p.hint,
        });
    }
    for (const name of parsed.variables) {
      if (defined.has(name) || reported.has(name)) continue;
      reported.add(name);
      const path = source.own ? source.path : testCase.vars !== undefined ? [...base, 'vars'] : base;
      if (name === PROMPT_VARIABLE && usesTemplate && testCase.prompt === undefined) {
        issues.push({
          severity: 'error',
          code: 'unknown-variable',
          path,
          message: `${formatPath(base)} has no prompt, which ${formatPath(source.path)} inserts with {{prompt}}.`,
          hint: 'Add prompt: to the case.',
        });
        continue;
      }
      const guess = didYouMean(name, defined);
      const hint =
        guess !== undefined
          ? `The case has \`${guess}\`: is one of the two misspelt?`
          : `Add it under vars: (vars: { ${name}: … }), or write \\{{ if the braces are meant literally.`;
      const issue: TestSetIssue = {
        severity: 'error',
        code: 'unknown-variable',
        path,
        message: `${formatPath(base)} does not define the variable \`${name}\` used in ${formatPath(source.path)}.`,
        hint,
      };
      if (source.own) issues.push(issue);
      else gaps.push({ source: source.path, name, issue });
    }
  }

  const messages = testCase.messages ?? [];
  messages.forEach((m, k) => {
    if (m.role === 'system' && k > 0) {
      issues.push({
        severity: 'error',
        code: 'messages',
        path: [...base, 'messages', k, 'role'],
        message: `${formatPath([...base, 'messages', k])}: a system message may only come first.`,
        hint: 'Move it to the start, or use systemPrompt:.',
      });
    }
  });
  const last = messages.at(-1);
  if (last !== undefined && last.role !== 'user') {
    issues.push({
      severity: 'error',
      code: 'messages',
      path: [...base, 'messages', messages.length - 1, 'role'],
      message: `${formatPath(base)}: the conversation ends with a ${last.role} message; it must end with the user’s turn for the model to answer.`,
      hint: 'Move the answer to expected:, or add the user’s question after it.',
    });
  }
  return { issues, inherited: sources.filter((s) => !s.own).map((s) => s.path), gaps };
}
