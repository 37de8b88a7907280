import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../command';
import { validateCommand } from './validate';

const examples = path.resolve(import.meta.dirname, '../../../resources/examples');

async function run(args: string[], json = false): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await validateCommand.run(json ? { json: true } : {}, args, { stdout, stderr, env: {} });
  return { code, out, err };
}

describe('evalbench validate', () => {
  let dir = '';
  let bad = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'evalbench-validate-'));
    bad = path.join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'name: Bad\ndefaults:\n  scorers: [{ type: exatc }]\ncases:\n  - id: a\n    prompt: x\n  - id: a\n    prompt: "{{q}}"\n',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a summary and exits 0 for a valid file', async () => {
    const { code, out, err } = await run([path.join(examples, 'arithmetic.yaml')]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('arithmetic.yaml: valid. “Arithmetic”, 22 cases');
    expect(out).toMatch(/^ {2}Tags: decimals \(5\), multiplication \(5\), word-problem \(4\)/m);
    expect(out).toContain('  Scorers: numeric (22)');
  });

  it('refuses a JavaScript scorer expression that does not parse, at its line, in defaults and in cases', async () => {
    const file = path.join(dir, 'unparsable.yaml');
    await writeFile(
      file,
      'name: Scripts\ndefaults:\n  scorers: [{ type: javascript, expression: "output.length > 0" }]\ncases:\n  - prompt: a\n  - prompt: b\n    scorers:\n      - type: javascript\n        expression: "while("\n',
    );
    const { code, out } = await run([file]);
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:21: error: cases\\[1\\]\\.scorers\\[0\\]\\.expression: the expression is not valid JavaScript \\(Unexpected token`,
        'm',
      ),
    );
    const jsonl = path.join(dir, 'unparsable.jsonl');
    await writeFile(
      jsonl,
      '{"prompt": "a", "scorers": [{"type": "javascript", "expression": "output.includes("}]}\n{"prompt": "b", "scorers": [{"type": "javascript", "expression": "true"}]}\n',
    );
    const second = await run([jsonl]);
    expect(second.code).toBe(1);
    expect(second.out).toContain(`${jsonl}:1:`);
    expect(second.out).toContain('cases[0].scorers[0].expression: the expression is not valid JavaScript');
  });

  it('prints every problem as file:line:col: severity: message and exits 1', async () => {
    const { code, out } = await run([bad]);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines).toEqual([
      `${bad}:3:21: error: defaults.scorers[0].type: unknown scorer "exatc". Did you mean \`exact\`? Known scorers: exact, normalized-exact, contains, not-contains, refusal, blocklist, regex, starts-with, numeric, choice, json-valid, json-schema, length, token-f1, bleu, chrf, rouge, semantic-similarity, judge, javascript.`,
      `${bad}:7:9: error: cases[1]: the id "a" is already used by the case on line 5. Ids must be unique in a test set: rename one.`,
      `${bad}:8:13: error: cases[1] does not define the variable \`q\` used in cases[1].prompt. Add it under vars: (vars: { q: … }), or write \\{{ if the braces are meant literally.`,
      `${bad}: 3 errors.`,
    ]);
  });

  it('reports a misspelt template variable once, at the template line, naming the cases', async () => {
    const file = path.join(dir, 'typo.yaml');
    const cases = Array.from({ length: 22 }, (_, i) => `  - id: q${i}\n    vars: { question: "${i}+1" }\n    expected: ${i + 1}\n`).join(
      '',
    );
    await writeFile(file, `name: Typo\ndefaults:\n  promptTemplate: "Q: {{questoin}}"\n  scorers: [{ type: numeric }]\ncases:\n${cases}`);
    const { code, out } = await run([file]);
    expect(code).toBe(1);
    expect(out.trimEnd().split('\n')).toEqual([
      `${file}:3:19: error: defaults.promptTemplate uses the variable \`questoin\`, but none of the 22 cases that use it define it ("q0", "q1", "q2", "q3", "q4" and 17 more). Did you mean {{question}}, which the cases define?`,
      `${file}: 1 error.`,
    ]);
  });

  it('mentions generated ids so that they get written back', async () => {
    const file = path.join(dir, 'noids.jsonl');
    await writeFile(file, '{"prompt": "a", "expected": "b", "scorers": [{"type": "exact"}]}\n');
    const { code, out } = await run([file]);
    expect(code).toBe(0);
    expect(out).toMatch(/1 case without an id got one from its content: case-[0-9a-f]{10} \(line 1\)\./);
  });

  it('prints JSON with diagnostics, generated ids and the summary for --json', async () => {
    const { code, out } = await run([path.join(examples, 'chinese-qa.yaml'), bad], true);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      ok: boolean;
      files: { ok: boolean; summary: { caseCount: number } | null; diagnostics: { line: number; column: number; code: string }[] }[];
    };
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.ok)).toEqual([true, false]);
    expect(report.files[0]?.summary?.caseCount).toBe(18);
    expect(report.files[1]?.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '3:21 unknown-scorer',
      '7:9 duplicate-id',
      '8:13 unknown-variable',
    ]);
  });

  it('says so on stderr when a file cannot be read, and exits 1', async () => {
    const { code, out, err } = await run([path.join(dir, 'missing.yaml')]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('missing.yaml: no such file.');
  });

  it('points multiple-choice items to log-likelihood scoring instead of listing schema errors', async () => {
    const file = path.join(examples, 'skills-choice.jsonl');
    const { code, out } = await run([file]);
    expect(code).toBe(1);
    expect(out.trimEnd()).toBe(
      `${file}: these are multiple-choice items for log-likelihood scoring, not an Evalbench test set. Import them as a test set (evalbench import ${file}), or score them at once: evalbench loglikelihood --set ${file} MODEL.gguf`,
    );
  });

  it('asks for a file when none is given', async () => {
    await expect(run([])).rejects.toBeInstanceOf(UsageError);
  });
});
