/**
 * Test set texts of a chosen size for the validator's tests: realistic cases (vars, expected
 * answers, tags, a javascript scorer every so often), so that parsing and checking cost what a
 * real file of that size costs.
 */
export function bigYamlTestSet(bytes: number): string {
  const head = 'name: Big\ndefaults:\n  promptTemplate: "Q: {{question}}\\nA:"\n  scorers:\n    - type: normalized-exact\ncases:\n';
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes - 400; i++) {
    const js =
      i % 10 === 0
        ? `    scorers:\n      - type: javascript\n        expression: "output.length > ${i % 7} && expected.includes(output)"\n`
        : '';
    const item = `  - id: case-${i}\n    vars: { question: "What is ${i} plus ${i + 1}, written out in words for the record?" }\n    expected: ["${2 * i + 1}", "answer ${i}"]\n    tags: [arithmetic, batch-${i % 13}]\n${js}`;
    parts.push(item);
    size += item.length;
  }
  return parts.join('');
}

export function bigJsonlTestSet(bytes: number): string {
  const lines = [JSON.stringify({ testset: { name: 'Big', defaults: { scorers: [{ type: 'contains' }] } } })];
  let size = lines[0]?.length ?? 0;
  for (let i = 0; size < bytes - 300; i++) {
    const line = JSON.stringify({
      id: `case-${i}`,
      prompt: `What is ${i} plus ${i + 1}? Answer with digits only, please, and nothing else.`,
      expected: [`${2 * i + 1}`],
      tags: ['arithmetic'],
    });
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** The longest stretch, in ms, the event loop was busy while `work` ran (busy, not late: on a shared machine a tick can come late because the process waited for a core). */
export async function longestBusy<T>(work: () => Promise<T>): Promise<{ value: T; longest: number }> {
  let longest = 0;
  let mark = performance.eventLoopUtilization();
  const ticker = setInterval(() => {
    longest = Math.max(longest, performance.eventLoopUtilization(mark).active);
    mark = performance.eventLoopUtilization();
  }, 5);
  try {
    const value = await work();
    return { value, longest: Math.max(longest, performance.eventLoopUtilization(mark).active) };
  } finally {
    clearInterval(ticker);
  }
}
