import type { ScorerType } from './ScorerSpec';
import type { TestSet } from './TestSet';

/** What a test set holds, at a glance (the `validate` summary, the test set list). */
export interface TestSetOverview {
  name: string;
  caseCount: number;
  /** Cases sent as chat (messages, or a prompt in `chat` mode). */
  chatCaseCount: number;
  casesWithExpected: number;
  /** Every tag with how many cases carry it, most used first. */
  tags: { tag: string; count: number }[];
  untaggedCount: number;
  /** Every scorer type with how many cases it scores (their own scorers, else the defaults), most used first. */
  scorers: { type: ScorerType; count: number }[];
  /** Cases with no scorer at all, left to review by hand. */
  unscoredCount: number;
}

function ranked<K extends string>(counts: Map<K, number>): [K, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Counts cases, tags and the scorers each case ends up with. */
export function summarizeTestSet(testSet: TestSet): TestSetOverview {
  const tags = new Map<string, number>();
  const scorers = new Map<ScorerType, number>();
  let untaggedCount = 0;
  let unscoredCount = 0;
  let chatCaseCount = 0;
  let casesWithExpected = 0;
  for (const c of testSet.cases) {
    if (c.messages !== undefined || testSet.defaults.mode === 'chat') chatCaseCount++;
    if (c.expected !== undefined) casesWithExpected++;
    if (c.tags === undefined || c.tags.length === 0) untaggedCount++;
    for (const tag of c.tags ?? []) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const types = new Set((c.scorers ?? testSet.defaults.scorers ?? []).map((s) => s.type));
    if (types.size === 0) unscoredCount++;
    for (const type of types) scorers.set(type, (scorers.get(type) ?? 0) + 1);
  }
  return {
    name: testSet.name,
    caseCount: testSet.cases.length,
    chatCaseCount,
    casesWithExpected,
    tags: ranked(tags).map(([tag, count]) => ({ tag, count })),
    untaggedCount,
    scorers: ranked(scorers).map(([type, count]) => ({ type, count })),
    unscoredCount,
  };
}
