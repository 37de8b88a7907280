import { caseContent, hashText } from './caseContentId';
import type { TestCase } from './TestCase';
import { formatPath, type TestSetIssue, type TestSetPath } from './TestSetDiagnostic';

/** A case that passed the schema, with where it sits and what was written. */
export interface CheckedCase {
  index: number;
  value: TestCase;
  raw: unknown;
}

export interface CaseIds {
  /** Every case’s id, by index in the file. */
  ids: Map<number, string>;
  /** The cases that had no id, with the one they were given. */
  generated: { index: number; id: string }[];
  issues: TestSetIssue[];
}

/**
 * Checks that ids are unique, warns about cases with identical content, and gives each case
 * without an id `case-` plus a hash of its content (see `caseContentId`), never one already taken.
 */
export function assignCaseIds(cases: readonly CheckedCase[], lineOf: (path: TestSetPath) => number): CaseIds {
  const ids = new Map<number, string>();
  const owner = new Map<string, number>();
  const issues: TestSetIssue[] = [];
  for (const c of cases) {
    const id = c.value.id;
    if (id === undefined) continue;
    const first = owner.get(id);
    if (first === undefined) owner.set(id, c.index);
    else {
      issues.push({
        severity: 'error',
        code: 'duplicate-id',
        path: ['cases', c.index, 'id'],
        message: `${formatPath(['cases', c.index])}: the id ${JSON.stringify(id)} is already used by the case on line ${lineOf(['cases', first])}.`,
        hint: 'Ids must be unique in a test set: rename one.',
      });
    }
    ids.set(c.index, id);
  }
  const contents = new Map<string, number>();
  const generated: CaseIds['generated'] = [];
  for (const c of cases) {
    const content = caseContent(c.raw);
    const same = contents.get(content);
    if (same === undefined) contents.set(content, c.index);
    else
      issues.push({
        severity: 'warning',
        code: 'duplicate-case',
        path: ['cases', c.index],
        message: `${formatPath(['cases', c.index])} asks and expects the same as the case on line ${lineOf(['cases', same])}.`,
        hint: 'Remove one, or make them differ; duplicates weigh twice in the results.',
      });
    if (c.value.id !== undefined) continue;
    const base = `case-${hashText(content)}`;
    let id = base;
    for (let n = 2; owner.has(id); n++) id = `${base}-${n}`;
    owner.set(id, c.index);
    ids.set(c.index, id);
    generated.push({ index: c.index, id });
  }
  return { ids, generated, issues };
}
