import type { CheckedCase } from './assignCaseIds';
import { checkCaseScorers, type ExpressionSyntaxCheck } from './checkCaseScorers';
import { checkCaseText } from './checkCaseText';
import { parseTemplate } from './parseTemplate';
import type { TestSetIssue } from './TestSetDiagnostic';
import type { TestSetDefaults } from './TestSet';

/**
 * The checks a schema cannot express, on the parts of a test set that passed it: the defaults on
 * their own (templates), then every case against the defaults. `defaults` is undefined when
 * they are themselves invalid; the case checks that depend on them are then skipped.
 * `defaultsComplete` is false when invalid default scorers were left out: no “no scorer” warning then.
 */
export function checkTestSet(defaults: TestSetDefaults | undefined, cases: readonly CheckedCase[], options: { defaultsComplete: boolean; checkExpression?: ExpressionSyntaxCheck } = { defaultsComplete: true }): TestSetIssue[] {
  if (defaults === undefined) return [];
  const issues: TestSetIssue[] = [];
  for (const field of ['systemPrompt', 'promptTemplate'] as const) {
    const text = defaults[field];
    if (text === undefined) continue;
    for (const p of parseTemplate(text).problems) issues.push({ severity: 'error', code: 'template', path: ['defaults', field], message: `defaults.${field}: ${p.message}.`, hint: p.hint });
  }
  let unscored = 0;
  for (const c of cases) {
    issues.push(...checkCaseText(c.value, c.index, defaults), ...checkCaseScorers(c.value, c.index, defaults, options.checkExpression));
    if (c.value.scorers === undefined && (defaults.scorers ?? []).length === 0) unscored++;
  }
  if (unscored > 0 && options.defaultsComplete) {
    issues.push({
      severity: 'warning',
      code: 'no-scorer',
      path: defaults.scorers === undefined ? ['defaults'] : ['defaults', 'scorers'],
      message: `${unscored} of ${cases.length} cases have no scorer, so their outputs can only be reviewed by hand.`,
      hint: 'Add defaults.scorers (e.g. - type: exact), or write scorers: [] on the cases meant for review.',
    });
  }
  return issues;
}
