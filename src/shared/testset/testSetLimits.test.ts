import { describe, expect, it } from 'vitest';
import { parseTestSetText } from './parseTestSetText';
import { countLines, jsonTooDeep, MAX_NESTING, normalizeLineBreaks, TEST_SET_LIMITS } from './testSetLimits';
import { formatDiagnostic } from './TestSetDiagnostic';

const errors = (text: string, file: string): string[] =>
  parseTestSetText(text, { file })
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic);

describe('test set parser corners (issue 13.7)', () => {
  it('reports a JSONL line nested 100,000 deep on its line, without overflowing the stack', () => {
    const deep = `{"prompt": "a", "expected": "b", "metadata": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const result = parseTestSetText(`{"prompt": "fine", "expected": "ok", "scorers": [{"type": "exact"}]}\n${deep}\n`, {
      file: 'deep.jsonl',
    });
    const syntax = result.diagnostics.filter((d) => d.code === 'syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]).toMatchObject({
      file: 'deep.jsonl',
      line: 2,
      message: `This line nests its values more than ${MAX_NESTING} levels deep.`,
    });
    expect(result.testSet).toBeNull();
  });

  it('reads nesting up to the limit, and counts brackets inside strings as text', () => {
    const ok = `{"prompt": "[[[[ ]] {", "expected": "b", "scorers": [{"type": "exact"}], "metadata": {"x": ${'['.repeat(MAX_NESTING - 3)}${']'.repeat(MAX_NESTING - 3)}}}`;
    expect(errors(ok, 'ok.jsonl')).toEqual([]);
    expect(jsonTooDeep('"\\"[[[["', 1)).toBeNull();
    expect(jsonTooDeep('[[[', 2)).toBe(2);
  });

  it('refuses YAML whose aliases expand a 1 MB string 2,000 times, quickly and naming where', () => {
    const big = 'x'.repeat(1_000_000);
    const cases = Array.from({ length: 2000 }, (_, i) => `  - id: c${i}\n    prompt: *big\n    expected: y\n`).join('');
    const started = performance.now();
    const result = parseTestSetText(
      `name: A\nmetadata: { text: &big ${big} }\ndefaults: { scorers: [{ type: exact }] }\ncases:\n${cases}`,
      { file: 'alias.yaml' },
    );
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'too-large',
      file: 'alias.yaml',
      message: expect.stringMatching(/aliases \(\*name\) replaced, this file grows past 64 MiB/) as string,
    });
    expect(result.diagnostics[0]?.line).toBeGreaterThan(4);
  });

  it('still reads short shared text aliased in every case', () => {
    const cases = Array.from({ length: 500 }, (_, i) => `  - id: c${i}\n    prompt: *p\n    expected: y${i}\n`).join('');
    const result = parseTestSetText(
      `name: A\nmetadata: { p: &p "${'word '.repeat(2000)}" }\ndefaults: { scorers: [{ type: exact }] }\ncases:\n${cases}`,
      { file: 'shared.yaml' },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.testSet?.cases).toHaveLength(500);
  });

  it('reads files with CR-only line endings (old Mac), YAML and JSONL, with the right lines', () => {
    const yaml = parseTestSetText('name: A\rcases:\r  - prompt: x\r    expected: y\r    scorers: [{ type: exact }]\r  - prompt: 3\r', {
      file: 'cr.yaml',
    });
    // The second case has no scorer and a number for a prompt: counted as unscored and reported at its own line.
    expect(yaml.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, 'no-scorer'],
      [6, 'schema'],
    ]);
    const jsonl = parseTestSetText(
      '{"prompt":"x","expected":"y","scorers":[{"type":"exact"}]}\r{"prompt":"z","expected":"w","scorers":[{"type":"exact"}]}\r',
      { file: 'cr.jsonl' },
    );
    expect(jsonl.diagnostics).toEqual([]);
    expect(jsonl.testSet?.cases.map((c) => c.prompt)).toEqual(['x', 'z']);
    expect(normalizeLineBreaks('a\rb\r\nc\n')).toBe('a\nb\r\nc\n');
    expect(countLines('a\rb\r\nc\nd', 10)).toBe(4);
  });

  it('refuses 10 MB of blank lines at once, in either format, saying the limit and how to split', () => {
    for (const file of ['blank.yaml', 'blank.jsonl']) {
      const started = performance.now();
      const [message, ...rest] = errors('\n'.repeat(10_000_000), file);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(rest).toEqual([]);
      expect(message).toMatch(
        new RegExp(
          `^${file}:1:1: error: ${file} (is 9\\.5 MiB, more than the \\d+\\.0 MiB|has more than [\\d,]+ lines, the most) Evalbench reads.* Split it into several`,
        ),
      );
    }
    expect(errors('\n'.repeat(TEST_SET_LIMITS.yaml.lines + 1), 'lines.yaml')[0]).toMatch(
      /has more than 100,000 lines, the most Evalbench reads in a YAML test set/,
    );
  });
  it('refuses YAML flow collections and block sequences nested 100,000 deep quickly, naming the line (found by the fuzz suite)', () => {
    const d = 100_000;
    const shapes = {
      'flow sequences': `name: deep\ncases:\n  - id: a\n    prompt: x\n    vars: { v: ${'['.repeat(d)}${']'.repeat(d)} }\n`,
      'flow maps': `name: deep\ncases:\n  - id: a\n    prompt: x\n    vars: { v: ${'{a: '.repeat(d / 2)}${'}'.repeat(d / 2)} }\n`,
      'JSON as YAML': `{"name": "x",\n"cases": [{"id": "a", "prompt": "x", "vars": {"v": ${'['.repeat(d)}${']'.repeat(d)}}}]}`,
      unclosed: `name: deep\ncases: ${'['.repeat(d)}\n`,
      'block sequences on one line': `name: deep\ncases:\n  - id: a\n    prompt: x\n    vars:\n      v:\n        ${'- '.repeat(d)}x\n`,
    };
    for (const [shape, text] of Object.entries(shapes)) {
      const started = performance.now();
      const result = parseTestSetText(text, { file: 'deep.yaml' });
      expect(performance.now() - started, shape).toBeLessThan(1_000);
      expect(result.diagnostics, shape).toHaveLength(1);
      expect(result.diagnostics[0], shape).toMatchObject({
        file: 'deep.yaml',
        line: shape === 'JSON as YAML' ? 2 : shape === 'unclosed' ? 2 : shape.startsWith('block') ? 7 : 5,
        message: `The values here nest more than ${MAX_NESTING} levels deep.`,
      });
    }
  });
});
