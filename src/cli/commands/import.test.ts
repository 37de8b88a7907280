import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/runCli';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-import-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const PROMPTFOO = `prompts: ["Answer: {{question}}"]
providers: [openai:gpt-4o-mini]
tests:
  - vars: { question: "Capital of France?" }
    assert:
      - { type: contains, value: Paris }
  - vars: { question: "2+2?" }
    assert:
      - { type: equals, value: "4" }
`;

describe('evalbench import', () => {
  it('imports ARC-style multiple-choice JSONL as log-likelihood cases that validate and keep lm-eval’s context, naming the line of a bad row', async () => {
    const source = path.join(dir, 'arc.jsonl');
    fs.writeFileSync(
      source,
      [
        JSON.stringify({
          id: 'q1',
          question: 'Which is a planet?',
          choices: { text: ['Mars', 'Moon'], label: ['A', 'B'] },
          answerKey: 'A',
        }),
        JSON.stringify({ id: 'q2', question: 'Which is wet?', choices: { text: ['Sand', 'Water'], label: ['A', 'B'] }, answerKey: 'E' }),
        JSON.stringify({ id: 'q3', question: 'Which is hot?', choices: { text: ['Ice', 'Fire'], label: ['A', 'B'] }, answerKey: 'B' }),
      ].join('\n'),
    );
    const done = await runCli(['import', source]);
    expect(done.code).toBe(0);
    const out = path.join(dir, 'arc.yaml');
    expect(done.out).toContain(`${out}: 2 cases imported from ${source} (multiple-choice-jsonl).`);
    expect(done.out).toContain(`${source}:2:1: error: answer "E" is neither a label, an index nor one of the choices`);
    const validated = await runCli(['validate', out]);
    expect(validated.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('Question: Which is hot?');
    expect(text).toMatch(/choices:\s*\n?\s*- " Ice"\s*\n\s*- " Fire"/);
    expect(text).toMatch(/answer: 1/);
  });
  it('guesses a promptfoo config, writes a test set beside it that validates, and never overwrites without --force', async () => {
    const source = path.join(dir, 'promptfooconfig.yaml');
    fs.writeFileSync(source, PROMPTFOO);
    const first = await runCli(['import', source]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const out = path.join(dir, 'promptfooconfig.evalbench.yaml');
    expect(first.out).toContain(`${out}: 2 cases imported from ${source} (promptfoo).`);
    const validated = await runCli(['validate', out]);
    expect(validated.code).toBe(0);
    expect(validated.out).toContain('valid');

    fs.writeFileSync(out, 'mine');
    const again = await runCli(['import', source]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists; nothing was written');
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    expect((await runCli(['import', source, '--force'])).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Capital of France?');
  });

  it('imports CSV by its extension to --out with a name, and says what it cannot tell', async () => {
    const csv = path.join(dir, 'qa.csv');
    fs.writeFileSync(csv, 'prompt,expected\nCapital of Italy?,Rome\n');
    const out = path.join(dir, 'set.yaml');
    const done = await runCli(['import', csv, '--out', out, '--name', 'Capitals']);
    expect(done.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/name: Capitals/);

    const unknown = path.join(dir, 'notes.txt');
    fs.writeFileSync(unknown, 'hello');
    const refused = await runCli(['import', unknown]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--kind');
    expect((await runCli(['import', csv, '--kind', 'excel'])).code).toBe(2);
  });

  it('makes validate suggest the import for a promptfoo config instead of listing schema errors', async () => {
    const source = path.join(dir, 'promptfooconfig.yaml');
    fs.writeFileSync(source, PROMPTFOO);
    const { code, out } = await runCli(['validate', source]);
    expect(code).toBe(1);
    expect(out).toContain(`this is a promptfoo config, not an Evalbench test set. Import it: evalbench import ${source}`);
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});

describe('evalbench validate on run files', () => {
  it('passes the shipped example run files', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    for (const file of [
      'resources/examples/quant-compare.run.yaml',
      'resources/examples/quant-compare-loglikelihood.run.yaml',
      'resources/examples/remote-servers.run.yaml',
    ]) {
      const { code, out } = await runCli(['validate', path.join(root, file)]);
      expect(out).toContain('valid run file');
      expect(code).toBe(0);
    }
  });

  it('names the line of each problem: schema, a missing test set, a missing model, an unknown fixture', async () => {
    const file = path.join(dir, 'bad.run.yaml');
    fs.writeFileSync(file, 'testSet: nowhere.yaml\nmodels:\n  - path: missing.gguf\n  - path: fixture:huge-llama-q4_0\n');
    const { code, out } = await runCli(['validate', file]);
    expect(code).toBe(1);
    expect(out).toContain(`${file}:1:`);
    expect(out).toMatch(/the test set nowhere\.yaml does not exist/);
    expect(out).toContain(`${file}:3:`);
    expect(out).toMatch(/the model file missing\.gguf does not exist/);
    expect(out).toContain(`${file}:4:`);
    expect(out).toMatch(/unknown fixture "huge-llama-q4_0"/);

    fs.writeFileSync(file, 'testSet: x.yaml\nmodels: []\nmode: fast\n');
    const schema = await runCli(['validate', file, '--json']);
    const report = JSON.parse(schema.out) as { files: { kind: string; problems: string[] }[] };
    expect(report.files[0]?.kind).toBe('run-file');
    expect(report.files[0]?.problems.length).toBeGreaterThanOrEqual(2);
  });
});
