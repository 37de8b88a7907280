import type { CheckedCase } from './assignCaseIds';
import { checkCaseScorers, type ExpressionSyntaxCheck } from './checkCaseScorers';
import { checkCaseText, type InheritedGap } from './checkCaseText';
import { checkChoiceCase, isChoiceCase } from './checkChoiceCase';
import { didYouMean } from './didYouMean';
import { parseTemplate } from './parseTemplate';
import { formatPath, type TestSetIssue } from './TestSetDiagnostic';
import type { TestSetDefaults } from './TestSet';

/**
 * A case to check. `invalidFields` names the fields of a case that failed the schema (already
 * reported, and left out of `value`): the checks that read them are skipped, the others still run.
 */
export interface CaseToCheck extends CheckedCase {
  invalidFields?: ReadonlySet<string>;
}

const TEXT_FIELDS = ['prompt', 'messages', 'vars', 'systemPrompt'];
const SCORER_FIELDS = ['scorers', 'expected'];
const CHOICE_FIELDS = ['choices', 'answer'];
const LISTED = 5;

function caseName(c: CaseToCheck): string {
  return c.value.id === undefined ? formatPath(['cases', c.index]) : JSON.stringify(c.value.id);
}

function caseList(cases: readonly CaseToCheck[]): string {
  const names = cases.slice(0, LISTED).map(caseName);
  return cases.length > LISTED ? `${names.join(', ')} and ${cases.length - LISTED} more` : names.join(', ');
}

/**
 * A variable of a defaults text that no case using the text defines is a mistake in the text (a
 * misspelt `{{name}}`): one issue at the text, naming the cases. When only some cases lack it,
 * each of those is reported where it is, at its vars.
 */
function inheritedGapIssues(
  gaps: readonly { gap: InheritedGap; c: CaseToCheck }[],
  users: ReadonlyMap<string, CaseToCheck[]>,
): TestSetIssue[] {
  const groups = new Map<string, { gap: InheritedGap; c: CaseToCheck }[]>();
  for (const g of gaps) {
    const key = `${formatPath(g.gap.source)}\u0000${g.gap.name}`;
    groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  const issues: TestSetIssue[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const source = formatPath(first.gap.source);
    const using = users.get(source) ?? [];
    if (group.length < using.length) {
      issues.push(...group.map((g) => g.gap.issue));
      continue;
    }
    const name = first.gap.name;
    const defined = new Set(using.flatMap((c) => Object.keys(c.value.vars ?? {})));
    const guess = didYouMean(name, defined);
    const affected = group.map((g) => g.c);
    const who =
      affected.length === 1
        ? `the case that uses it (${caseList(affected)}) does not define it`
        : `none of the ${affected.length} cases that use it define it (${caseList(affected)})`;
    issues.push({
      severity: 'error',
      code: 'unknown-variable',
      path: first.gap.source,
      message: `${source} uses the variable \`${name}\`, but ${who}.`,
      hint:
        guess !== undefined
          ? `Did you mean {{${guess}}}, which the cases define?`
          : `Add ${name} under each case’s vars:, or write \\{{ if the braces are meant literally.`,
    });
  }
  return issues;
}

/**
 * The checks a schema cannot express: the defaults on their own (templates), then every case
 * against the defaults, cases with schema errors included (their valid fields). `defaults` is
 * undefined when they are themselves invalid; the case checks that depend on them are then skipped.
 * `defaultsComplete` is false when invalid default scorers were left out: no “no scorer” warning then.
 */
export function checkTestSet(
  defaults: TestSetDefaults | undefined,
  cases: readonly CaseToCheck[],
  options: { defaultsComplete: boolean; checkExpression?: ExpressionSyntaxCheck } = { defaultsComplete: true },
): TestSetIssue[] {
  if (defaults === undefined) return [];
  const issues: TestSetIssue[] = [];
  for (const field of ['systemPrompt', 'promptTemplate'] as const) {
    const text = defaults[field];
    if (text === undefined) continue;
    for (const p of parseTemplate(text).problems)
      issues.push({
        severity: 'error',
        code: 'template',
        path: ['defaults', field],
        message: `defaults.${field}: ${p.message}.`,
        hint: p.hint,
      });
  }
  let unscored = 0;
  const gaps: { gap: InheritedGap; c: CaseToCheck }[] = [];
  const users = new Map<string, CaseToCheck[]>();
  for (const c of cases) {
    const invalid = c.invalidFields ?? new Set<string>();
    if (!TEXT_FIELDS.some((f) => invalid.has(f))) {
      const text = checkCaseText(c.value, c.index, defaults);
      issues.push(...text.issues);
      for (const source of text.inherited) users.set(formatPath(source), [...(users.get(formatPath(source)) ?? []), c]);
      gaps.push(...text.gaps.map((gap) => ({ gap, c })));
    }
    if (!CHOICE_FIELDS.some((f) => invalid.has(f))) issues.push(...checkChoiceCase(c.value, c.index));
    // A log-likelihood case is scored by its choices: no scorer applies to it.
    if (isChoiceCase(c.value) || invalid.has('choices')) continue;
    if (!SCORER_FIELDS.some((f) => invalid.has(f))) issues.push(...checkCaseScorers(c.value, c.index, defaults, options.checkExpression));
    if (c.value.scorers === undefined && !invalid.has('scorers') && (defaults.scorers ?? []).length === 0) unscored++;
  }
  issues.push(...inheritedGapIssues(gaps, users));
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
