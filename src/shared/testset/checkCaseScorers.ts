import type { ScorerSpec } from './ScorerSpec';
import { scorerNeedsExpected } from './scorerNeedsExpected';
import type { TestCase } from './TestCase';
import { formatPath, type TestSetIssue, type TestSetPath } from './TestSetDiagnostic';
import type { TestSetDefaults } from './TestSet';

/**
 * Says why a JavaScript scorer expression does not parse, or null when it does. The runtime
 * supplies it (main compiles with V8 without running anything); where none is given (the
 * renderer, which may not compile code) expressions are checked when the test set is run.
 */
export type ExpressionSyntaxCheck = (expression: string) => string | null;

const PATTERN_HINT = "In YAML, write patterns in single quotes ('\\d+') so backslashes stay as they are.";

function patternIssue(pattern: string, flags: string, path: TestSetPath): TestSetIssue[] {
  try {
    new RegExp(pattern, flags);
    return [];
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return [
      {
        severity: 'error',
        code: 'scorer',
        path,
        message: `${formatPath(path)}: the pattern is not a valid regular expression (${reason}).`,
        hint: PATTERN_HINT,
      },
    ];
  }
}

function expressionIssue(expression: string, path: TestSetPath, check: ExpressionSyntaxCheck | undefined): TestSetIssue[] {
  const reason = check?.(expression) ?? null;
  if (reason === null) return [];
  return [
    {
      severity: 'error',
      code: 'scorer',
      path,
      message: `${formatPath(path)}: the expression is not valid JavaScript (${reason}).`,
      hint: 'Write one JavaScript expression over output, expected and vars, e.g. output.includes(expected[0]); check the brackets and quotes.',
    },
  ];
}

/** Problems a scorer has on its own, whatever the case: a regular expression that does not compile, an expression that does not parse. */
export function checkScorer(spec: ScorerSpec, path: TestSetPath, checkExpression?: ExpressionSyntaxCheck): TestSetIssue[] {
  if (spec.type === 'javascript') return expressionIssue(spec.expression, [...path, 'expression'], checkExpression);
  if (spec.type === 'regex') return patternIssue(spec.pattern, spec.flags, [...path, 'pattern']);
  if (spec.type === 'blocklist') return (spec.patterns ?? []).flatMap((p, i) => patternIssue(p, 'i', [...path, 'patterns', i]));
  if (spec.type === 'refusal') return (spec.phrases ?? []).flatMap((p, i) => patternIssue(p, 'i', [...path, 'phrases', i]));
  return [];
}

function isNumber(text: string): boolean {
  const t = text.trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
  return t !== '' && Number.isFinite(Number(t));
}

/** The case’s scorers (its own, else the defaults’) checked against its expected answers. */
export function checkCaseScorers(
  testCase: TestCase,
  index: number,
  defaults: TestSetDefaults,
  checkExpression?: ExpressionSyntaxCheck,
): TestSetIssue[] {
  const base: TestSetPath = ['cases', index];
  const own = testCase.scorers !== undefined;
  const scorers = testCase.scorers ?? defaults.scorers ?? [];
  const issues = own ? scorers.flatMap((s, j) => checkScorer(s, [...base, 'scorers', j], checkExpression)) : [];
  const expected = testCase.expected;
  if (expected === undefined) {
    const needing = [...new Set(scorers.filter(scorerNeedsExpected).map((s) => s.type))];
    if (needing.length > 0) {
      const from = own ? 'its scorers' : 'defaults.scorers';
      issues.push({
        severity: 'error',
        code: 'expected',
        path: base,
        message: `${formatPath(base)} has no expected answer, which the ${needing.join(', ')} scorer${needing.length > 1 ? 's' : ''} (from ${from}) need${needing.length > 1 ? '' : 's'}.`,
        hint: 'Add expected:, or give the case scorers that need none (scorers: [{ type: judge, rubric: … }]).',
      });
    }
    return issues;
  }
  for (const spec of scorers) {
    if (spec.type === 'choice') {
      const labels = spec.choices.map((c) => c.toLowerCase());
      for (const answer of expected.filter((e) => !labels.includes(e.trim().toLowerCase()))) {
        issues.push({
          severity: 'error',
          code: 'expected',
          path: [...base, 'expected'],
          message: `${formatPath(base)}: the expected answer ${JSON.stringify(answer)} is not one of the choices ${spec.choices.join(', ')}.`,
          hint: 'Use one of the labels, or list the labels in the scorer’s choices:.',
        });
      }
    } else if (spec.type === 'numeric') {
      for (const answer of expected.filter((e) => !isNumber(e))) {
        issues.push({
          severity: 'error',
          code: 'expected',
          path: [...base, 'expected'],
          message: `${formatPath(base)}: the expected answer ${JSON.stringify(answer)} is not a number, which the numeric scorer compares with.`,
          hint: 'Write the number alone, e.g. expected: 42 or expected: -0.5.',
        });
      }
    }
  }
  return issues;
}
