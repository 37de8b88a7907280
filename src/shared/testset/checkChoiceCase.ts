import { choiceAnswerIndex } from './choiceAnswer';
import { choiceLimitProblem } from './choiceLimits';
import type { TestCase } from './TestCase';
import { formatPath, type TestSetIssue, type TestSetPath } from './TestSetDiagnostic';

/** Whether a case is a log-likelihood multiple-choice case (it lists `choices`). */
export function isChoiceCase(testCase: Pick<TestCase, 'choices'>): boolean {
  return testCase.choices !== undefined;
}

/**
 * A log-likelihood case's own checks: choices within the limits (`choiceLimits`) and an answer
 * that names one of them, a prompt (not a conversation: the context is scored as plain text), and
 * no generation-only fields that would silently be ignored.
 */
export function checkChoiceCase(testCase: TestCase, index: number): TestSetIssue[] {
  const base: TestSetPath = ['cases', index];
  const name = formatPath(base);
  const issues: TestSetIssue[] = [];
  const { choices, answer } = testCase;
  if (choices === undefined) {
    if (answer !== undefined) {
      issues.push({
        severity: 'error',
        code: 'choices',
        path: [...base, 'answer'],
        atKey: true,
        message: `${name} has an answer but no choices: answer: belongs to log-likelihood multiple-choice cases.`,
        hint: 'List the choices under choices:, or write the right answer under expected: for a generated answer.',
      });
    }
    return issues;
  }
  const tooMany = choiceLimitProblem(name, choices);
  if (tooMany !== null) {
    issues.push({
      severity: 'error',
      code: 'choices',
      path: tooMany.choice === undefined ? [...base, 'choices'] : [...base, 'choices', tooMany.choice],
      atKey: tooMany.choice === undefined,
      message: tooMany.message,
      hint: tooMany.hint,
    });
  }
  if (answer === undefined) {
    issues.push({
      severity: 'error',
      code: 'choices',
      path: [...base, 'choices'],
      atKey: true,
      message: `${name} lists choices but no answer.`,
      hint: 'Add answer: with the right choice’s index (0 is the first) or its text.',
    });
  } else {
    const at = choiceAnswerIndex(choices, answer);
    if (typeof at === 'string')
      issues.push({
        severity: 'error',
        code: 'choices',
        path: [...base, 'answer'],
        message: `${name}: ${at}.`,
        hint: 'Give the index of the right choice (0 is the first) or its text as written under choices:.',
      });
  }
  if (testCase.messages !== undefined) {
    issues.push({
      severity: 'error',
      code: 'choices',
      path: [...base, 'messages'],
      atKey: true,
      message: `${name} is a log-likelihood case, whose context is scored as plain text; it cannot be a conversation.`,
      hint: 'Write the context under prompt: (the few-shot examples included).',
    });
  }
  for (const field of ['expected', 'scorers', 'params'] as const) {
    if (testCase[field] === undefined) continue;
    issues.push({
      severity: 'warning',
      code: 'choices',
      path: [...base, field],
      atKey: true,
      message: `${name} is a log-likelihood case: nothing is generated, so its ${field} are not used.`,
      hint: `Remove ${field}:, or remove choices: to generate an answer instead.`,
    });
  }
  return issues;
}
