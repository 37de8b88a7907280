import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { javascriptSyntaxError } from '../src/main/services/scoring/runJavascriptScorer';
import type { SeededRandom } from '../src/shared/stats/seededRandom';
import { parseTestSetText } from '../src/shared/testset/parseTestSetText';
import type { TestSetFormat } from '../src/shared/testset/TestSetLoadResult';
import { FUZZ_SEED, fuzzCases, fuzzRandom } from './budget';
import { Outcomes, pick } from './eventLoopWatch';

/**
 * Mutated YAML and JSONL test sets through the parser and validator (parseTestSetText, with the
 * host's JavaScript syntax check): byte and line edits of the example test sets, deep nesting,
 * alias bombs, CR-only line endings, huge lines, control characters. Each case must return (never
 * throw) within CASE_LIMIT_MS, and every diagnostic must name the file and a line inside it.
 * Parsing is synchronous, so a case past the limit is measured when it returns; one that never
 * returns is stopped by the project's test timeout.
 */
const CASES = fuzzCases(400);
const CASE_LIMIT_MS = 5_000;
const EXAMPLES = path.join(import.meta.dirname, '..', 'resources', 'examples');
const SCRIPTED_CASE = {
  id: 'scripted',
  prompt: 'Say a',
  expected: 'a',
  scorers: [
    { type: 'javascript', expression: 'output.includes(expected[0])' },
    { type: 'regex', pattern: '^a+$' },
  ],
};

const yamlSources = fs
  .readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.run.yaml'))
  .map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));

/** The same examples as JSONL: a header record, then one case per line. */
const jsonlSources = yamlSources.map((text) => {
  const loaded = parseTestSetText(text, { file: 'example.yaml' }).testSet;
  if (loaded === null) throw new Error('an example test set does not validate');
  const { cases, ...header } = loaded;
  return [JSON.stringify({ testset: header }), ...cases.map((c) => JSON.stringify(c)), JSON.stringify(SCRIPTED_CASE)].join('\n') + '\n';
});

const SPECIALS = [
  ':',
  '- ',
  '&a ',
  '*a',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '\t',
  '\r',
  '\n',
  '\u0000',
  '\ufeff',
  '\ud800',
  '#',
  '|',
  '>',
  '!!binary ',
  '<<: *a',
  '{{',
  '}}',
  '\\',
  ',',
  '?',
];

function mutateText(random: SeededRandom, text: string): string {
  let out = text;
  for (let n = 1 + random.nextInt(6); n > 0; n--) {
    const at = random.nextInt(out.length + 1);
    switch (random.nextInt(4)) {
      case 0:
        out = out.slice(0, at) + pick(random, SPECIALS) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + random.nextInt(20));
        break;
      case 2:
        out = out.slice(0, at) + String.fromCharCode(random.nextInt(0x3000)) + out.slice(at + 1);
        break;
      default: {
        const lines = out.split('\n');
        const i = random.nextInt(lines.length);
        const j = random.nextInt(lines.length);
        const line = lines[i] ?? '';
        if (random.nextInt(2) === 0) lines.splice(j, 0, line);
        else lines[i] = ' '.repeat(random.nextInt(6)) + line.trimStart();
        out = lines.join('\n');
      }
    }
  }
  return out;
}

/** Texts built to hurt a parser: deep nesting, alias bombs, odd line endings, huge lines. */
function hostile(random: SeededRandom, format: TestSetFormat, source: string): { text: string; kind: string } {
  const depth = pick(random, [65, 1_000, 100_000]);
  switch (random.nextInt(6)) {
    case 0:
      return format === 'yaml'
        ? {
            text: `name: deep\ncases:\n  - id: a\n    prompt: x\n    vars: { v: ${'['.repeat(depth)}${']'.repeat(depth)} }\n`,
            kind: 'deep nesting',
          }
        : { text: `{"id":"a","prompt":"x","vars":{"v":${'['.repeat(depth)}${']'.repeat(depth)}}}\n`, kind: 'deep nesting' };
    case 1: {
      if (format === 'jsonl')
        return { text: `{"id":"a","prompt":"${'x'.repeat(pick(random, [1_000_000, 8_000_000, 17_000_000]))}"}\n`, kind: 'huge line' };
      const levels = 2 + random.nextInt(8);
      let text = `name: bomb\nx0: &a0 "${'x'.repeat(pick(random, [10, 1_000, 100_000]))}"\n`;
      for (let i = 1; i <= levels; i++) text += `x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
      return { text: `${text}cases:\n  - id: a\n    prompt: x\n    vars: { v: *a${levels} }\n`, kind: 'alias bomb' };
    }
    case 2:
      return { text: source.replace(/\n/g, '\r'), kind: 'CR-only line endings' };
    case 3:
      return { text: source.replace(/\n/g, pick(random, ['\r\n', '\n\n\n', '\u2028', '\n\u0000'])), kind: 'odd line breaks' };
    case 4:
      return {
        text: pick(random, ['', '\n'.repeat(200_000), ' ', '\ufeff', 'null', '[]', '42', '"x"', '{}', '---\n---\n', '\u0000'.repeat(1000)]),
        kind: 'degenerate',
      };
    default:
      return { text: source.slice(0, random.nextInt(source.length + 1)), kind: 'truncated' };
  }
}

describe('fuzz: mutated YAML and JSONL test sets through the parser and validator', () => {
  it(`reports ${CASES} seeded broken test sets with a file and line, never throwing or hanging`, () => {
    const random = fuzzRandom('testset');
    const outcomes = new Outcomes();
    let slowest = 0;
    const started = performance.now();
    for (let i = 0; i < CASES; i++) {
      const format: TestSetFormat = random.nextInt(2) === 0 ? 'yaml' : 'jsonl';
      const source = pick(random, format === 'yaml' ? yamlSources : jsonlSources);
      const { text, kind } =
        random.nextInt(4) === 0 ? hostile(random, format, source) : { text: mutateText(random, source), kind: 'edited' };
      const file = `case-${i}.${format}`;
      const where = `case ${i} (${kind} ${format}, seed ${FUZZ_SEED})`;
      const t0 = performance.now();
      const result = parseTestSetText(text, { file, format, checkExpression: javascriptSyntaxError });
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, `${where} took too long`).toBeLessThan(CASE_LIMIT_MS);
      const lineCount = text.split(/\r\n|\r|\n/).length;
      for (const d of result.diagnostics) {
        expect(d.file, where).toBe(file);
        expect(d.message, where).not.toBe('');
        expect(d.line, `${where}: ${d.message}`).toBeGreaterThanOrEqual(1);
        expect(d.line, `${where}: ${d.message}`).toBeLessThanOrEqual(lineCount + 1);
      }
      expect(result.errorCount, where).toBe(result.diagnostics.filter((d) => d.severity === 'error').length);
      expect(result.testSet === null, where).toBe(result.errorCount > 0);
      const firstError = result.diagnostics.find((d) => d.severity === 'error');
      outcomes.add(firstError === undefined ? `valid (${kind})` : `${firstError.code} (${kind})`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `testset fuzz (seed ${FUZZ_SEED}): ${CASES} cases in ${seconds} s; ${outcomes.toString()}; slowest case ${slowest.toFixed(0)} ms`,
    );
  });
});
