import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRunFile, RunFileError } from './loadRunFile';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function runFile(robustness: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-runfile-'));
  dirs.push(dir);
  const file = path.join(dir, 'run.yaml');
  fs.writeFileSync(file, ['testSet: set.yaml', 'models:', '  - { path: a.gguf }', robustness, ''].join('\n'));
  return file;
}

describe('loadRunFile with robustness', () => {
  it('reads the robustness options, filling in the defaults', async () => {
    const loaded = await loadRunFile(runFile('robustness: { seed: 4, perturbations: [typos, preamble] }'));
    expect(loaded.runFile.robustness).toEqual({
      seed: 4,
      perturbations: ['typos', 'preamble'],
      variantsPerKind: 1,
      perturbVariables: false,
    });
  });

  it('points at a perturbation it does not know, at its line and column', async () => {
    const file = runFile('robustness:\n  seed: 4\n  perturbations: [typos, shuffle]');
    const error = await loadRunFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFileError);
    const [problem] = (error as RunFileError).problems;
    expect(problem).toBe(
      `${file}:6:26: robustness.perturbations[1]: expected \`typos\`, \`casing\`, \`whitespace\`, \`shuffle-options\` or \`preamble\`, got text "shuffle".`,
    );
  });
});
