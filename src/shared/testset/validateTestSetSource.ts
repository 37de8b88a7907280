import { z } from 'zod';
import { assignCaseIds, type CheckedCase } from './assignCaseIds';
import { checkScorer, type ExpressionSyntaxCheck } from './checkCaseScorers';
import { checkTestSet, type CaseToCheck } from './checkTestSet';
import { issuesFromZod } from './issuesFromZod';
import type { SourceLocator } from './SourceLocator';
import { TestCase } from './TestCase';
import { ScorerSpec } from './ScorerSpec';
import { TestSet, TestSetDefaults } from './TestSet';
import type { TestSetDiagnostic, TestSetIssue } from './TestSetDiagnostic';
import type { TestSetFormat, TestSetLoadResult } from './TestSetLoadResult';
import { optionalFields } from '../optionalFields';

/** The test set with its cases left unchecked, so that each case is validated (and reported) on its own. */
const TestSetShell = TestSet.extend({ cases: z.array(z.unknown()).min(1) });

/**
 * The defaults to check the cases against when the test set as a whole did not validate: as
 * written, or without their invalid scorers (a misspelt scorer should not hide every case’s
 * problems); undefined when something else in them is wrong, and the case checks are skipped.
 */
function usableDefaults(raw: unknown): TestSetDefaults | undefined {
  const whole = TestSetDefaults.safeParse(raw ?? {});
  if (whole.success) return whole.data;
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { scorers?: unknown }).scorers)) return undefined;
  const scorers = (raw as { scorers: unknown[] }).scorers.filter((s) => ScorerSpec.safeParse(s).success);
  const partial = TestSetDefaults.safeParse({ ...raw, scorers });
  return partial.success ? partial.data : undefined;
}

/**
 * A case that failed the schema, without its invalid fields (already reported), so that the
 * rest of it is still checked and counted; undefined when what is left does not validate either.
 */
function validPart(raw: unknown, index: number, zodIssues: readonly z.core.$ZodIssue[]): CaseToCheck | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const invalid = new Set<string>();
  for (const issue of zodIssues) {
    const [key] = issue.path;
    if (typeof key === 'string') invalid.add(key);
    else if (issue.code === 'unrecognized_keys') issue.keys.forEach((k) => invalid.add(k));
    else return undefined;
  }
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !invalid.has(key)));
  const parsed = TestCase.safeParse(rest);
  return parsed.success ? { index, value: parsed.data, raw, invalidFields: invalid } : undefined;
}

/** A test set read from its file, not yet validated. */
export interface TestSetSource {
  file: string;
  format: TestSetFormat;
  /** The parsed file: name, description, defaults, metadata and `cases`. */
  root: unknown;
  locate: SourceLocator;
  /** Problems already found while reading, by path. */
  issues: TestSetIssue[];
  /** Problems already found while reading, already placed (syntax). */
  diagnostics: TestSetDiagnostic[];
  /** Parses JavaScript scorer expressions, where the runtime can (see {@link ExpressionSyntaxCheck}). */
  checkExpression?: ExpressionSyntaxCheck;
}

/**
 * Validates a parsed test set and places every problem in its file: the schema (each case on its
 * own, so one bad case does not hide the others), then the cross-field checks, ids last.
 */
export function validateTestSetSource(source: TestSetSource): TestSetLoadResult {
  const issues = [...source.issues];
  const shell = TestSetShell.safeParse(source.root);
  if (!shell.success) issues.push(...issuesFromZod(shell.error.issues, TestSetShell, source.root));
  const rawCases = Array.isArray((source.root as { cases?: unknown } | null)?.cases) ? (source.root as { cases: unknown[] }).cases : [];
  const checked: CheckedCase[] = [];
  const toCheck: CaseToCheck[] = [];
  rawCases.forEach((raw, index) => {
    const parsed = TestCase.safeParse(raw);
    if (parsed.success) {
      checked.push({ index, value: parsed.data, raw });
      toCheck.push({ index, value: parsed.data, raw });
      return;
    }
    issues.push(...issuesFromZod(parsed.error.issues, TestCase, raw, ['cases', index]));
    const part = validPart(raw, index, parsed.error.issues);
    if (part !== undefined) toCheck.push(part);
  });
  const rawDefaults = (source.root as { defaults?: unknown } | null)?.defaults;
  const defaults = shell.success ? shell.data.defaults : usableDefaults(rawDefaults);
  const rawScorers = (rawDefaults as { scorers?: unknown } | undefined)?.scorers;
  if (Array.isArray(rawScorers)) {
    rawScorers.forEach((raw: unknown, j) => {
      const spec = ScorerSpec.safeParse(raw);
      if (spec.success) issues.push(...checkScorer(spec.data, ['defaults', 'scorers', j], source.checkExpression));
    });
  }
  const defaultsComplete = shell.success || TestSetDefaults.safeParse(rawDefaults ?? {}).success;
  issues.push(...checkTestSet(defaults, toCheck, { defaultsComplete, ...optionalFields({ checkExpression: source.checkExpression }) }));
  const ids = assignCaseIds(checked, (path) => source.locate(path).line);
  issues.push(...ids.issues);

  const diagnostics: TestSetDiagnostic[] = issues
    .map((issue) => ({ ...issue, file: source.file, ...source.locate(issue.path, issue.atKey) }))
    .map(({ offset: _offset, ...d }): TestSetDiagnostic => d)
    .concat(source.diagnostics)
    .sort((a, b) => a.line - b.line || a.column - b.column);
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  const generatedIds = ids.generated.map(({ index, id }) => {
    const at = source.locate(['cases', index]);
    return { caseIndex: index, id, line: at.line, column: at.column, offset: at.offset };
  });
  const testSet =
    errorCount === 0 && shell.success && checked.length === rawCases.length
      ? { ...shell.data, cases: checked.map((c) => ({ ...c.value, id: ids.ids.get(c.index) ?? '' })) }
      : null;
  return {
    file: source.file,
    format: source.format,
    testSet,
    diagnostics,
    generatedIds,
    errorCount,
    warningCount: diagnostics.length - errorCount,
  };
}
