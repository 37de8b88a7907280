import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/runCli';

function input(lines: unknown[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-score-')), 'in.jsonl');
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

describe('evalbench score', () => {
  it('scores outputs against references at corpus and case level, on each tool’s scale', async () => {
    const file = input([
      { id: 'a', output: 'The dog bit the man.', reference: 'The dog bit the man.' },
      { id: 'b', output: 'It was not unexpected.', reference: ['It was not unexpected.', 'No surprise there.'] },
    ]);
    const { code, out } = await runCli(['score', '--input', file, '--scorers', 'bleu,chrf,rouge1,rouge2,rougeL', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { corpus: Record<string, number>; cases: { id: string; scores: Record<string, number> }[] };
    expect(parsed.corpus.bleu).toBeCloseTo(100);
    expect(parsed.corpus.chrf).toBeCloseTo(100);
    expect(parsed.corpus.rougeL).toBeCloseTo(1);
    expect(parsed.cases.map((c) => c.id)).toEqual(['a', 'b']);
    expect(parsed.cases[0]?.scores.rouge2).toBeCloseTo(1);
  });

  it('names the line of a malformed input and an unknown scorer', async () => {
    const bad = await runCli(['score', '--input', input([{ id: 'a', output: 'x', reference: 'x' }, '{not json']), '--scorers', 'bleu']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/in\.jsonl:2: not valid JSON/);
    const unknown = await runCli(['score', '--input', input([{ output: 'x', reference: 'x' }]), '--scorers', 'meteor']);
    expect(unknown.err).toMatch(/unknown scorer "meteor"/);
  });
});
