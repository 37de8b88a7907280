import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../appPaths';
import { loadTestSetFile } from '../loadTestSetFile';
import { bigJsonlTestSet, bigYamlTestSet } from './bigTestSet.testutil';
import { OFF_THREAD_BYTES, TestSetValidator } from './TestSetValidator';
import type { TestSetTextRequest } from './validateTestSetText';

const workerScript = process.env.EVALBENCH_TEST_TESTSET_WORKER ?? '';
const everyText = { yaml: 0, jsonl: 0, csv: 0 };
const validators: TestSetValidator[] = [];
const validator = (script: string | null, thresholds = everyText): TestSetValidator => {
  const v = new TestSetValidator(script, thresholds);
  validators.push(v);
  return v;
};
afterEach(async () => {
  await Promise.all(validators.splice(0).map((v) => v.dispose()));
});

const request = (file: string, source: TestSetTextRequest['source'] = 'testset'): TestSetTextRequest => ({ file, source, checkExpressions: true });

const texts: [string, string, TestSetTextRequest][] = [
  ['a shipped example', fs.readFileSync(path.join(packageRoot(), 'resources', 'examples', 'arithmetic.yaml'), 'utf8'), request('arithmetic.yaml')],
  [
    'YAML with errors, a scorer expression that does not parse among them',
    'name: Broken\ncases:\n  - id: a\n    prompt: hi\n    expected: x\n    scorers:\n      - type: javascript\n        expression: "while("\n  - id: a\n    prompt: again\n    expected: y\n    colour: red\n',
    request('broken.yaml'),
  ],
  ['JSONL with a bad line and a duplicate id', `${JSON.stringify({ testset: { name: 'J', defaults: { scorers: [{ type: 'contains' }] } } })}\n{"id":"x","prompt":"p","expected":"e"}\n{"id": oops}\n{"id":"x","prompt":"q","expected":"f"}\n`, request('j.jsonl')],
  ['CSV with a duplicate id', 'id,question,answer\n1,x,y\n1,z,w\n', request('c.csv', 'csv')],
  ['a YAML text past the line limit', '\n'.repeat(100_001), request('blank.yaml')],
];

describe('TestSetValidator', () => {
  it('gives the same result in the worker thread as in-process, diagnostics and their places included', async () => {
    expect(fs.existsSync(workerScript)).toBe(true);
    const worker = validator(workerScript);
    expect(worker.usesWorker).toBe(true);
    const inProcess = validator(null);
    expect(inProcess.usesWorker).toBe(false);
    for (const [what, text, req] of texts) {
      const [off, on] = await Promise.all([worker.validate(text, req), inProcess.validate(text, req)]);
      expect(off, what).toEqual(on);
    }
    // The cases above do exercise the checks: the scorer expression is parsed in the worker too.
    const broken = await worker.validate(texts[1][1], texts[1][2]);
    expect(broken.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['broken.yaml:1 no-scorer', 'broken.yaml:8 scorer', 'broken.yaml:12 unknown-field']);
    expect(broken.diagnostics.find((d) => d.code === 'scorer')?.message).toMatch(/not valid JavaScript/);
    expect((await worker.validate(texts[0][1], texts[0][2])).testSet?.cases.length).toBeGreaterThan(0);
  });

  it('validates in-process when the worker script is not built', async () => {
    const v = validator(path.join(os.tmpdir(), 'no-such-testSetWorker.js'));
    expect(v.usesWorker).toBe(false);
    expect((await v.validate(texts[3][1], texts[3][2])).errorCount).toBe(1);
  });

  it('keeps the event loop free while a 4 MiB JSONL file and a YAML file past its threshold are validated', { retry: 2 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-bigset-'));
    try {
      fs.writeFileSync(path.join(dir, 'big.jsonl'), bigJsonlTestSet(4 * 1024 * 1024));
      fs.writeFileSync(path.join(dir, 'big.yaml'), bigYamlTestSet(8 * OFF_THREAD_BYTES.yaml));
      // The host's own thresholds: both files are past them.
      const host = validator(workerScript, OFF_THREAD_BYTES);
      expect(host.usesWorker).toBe(true);
      let longest = 0;
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      const [jsonl, yaml] = await Promise.all([loadTestSetFile(path.join(dir, 'big.jsonl'), 'big.jsonl', host), loadTestSetFile(path.join(dir, 'big.yaml'), 'big.yaml', host)]);
      clearInterval(ticker);
      longest = Math.max(longest, performance.now() - last);
      expect([jsonl.errorCount, yaml.errorCount]).toEqual([0, 0]);
      expect(jsonl.testSet?.cases.length).toBeGreaterThan(20_000);
      expect(yaml.testSet?.cases.length).toBeGreaterThan(1_000);
      // In-process, the same two files blocked it for 1–6 s on a shared 2-core machine.
      expect(longest).toBeLessThan(200);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
