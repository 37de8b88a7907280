import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../appPaths';
import { loadTestSetFile } from '../loadTestSetFile';
import { bigJsonlTestSet, bigYamlTestSet, longestBusy } from './bigTestSet.testutil';
import { PART_ITEMS } from './resultParts';
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

const request = (file: string, source: TestSetTextRequest['source'] = 'testset'): TestSetTextRequest => ({
  file,
  source,
  checkExpressions: true,
});

const broken = {
  text: 'name: Broken\ncases:\n  - id: a\n    prompt: hi\n    expected: x\n    scorers:\n      - type: javascript\n        expression: "while("\n  - id: a\n    prompt: again\n    expected: y\n    colour: red\n',
  request: request('broken.yaml'),
};
const csv = { text: 'id,question,answer\n1,x,y\n1,z,w\n', request: request('c.csv', 'csv') };
/** Cases without ids, half with an unknown field: thousands of diagnostics and generated ids, sent back in several slices. */
const manyProblems = Array.from({ length: 3000 }, (_, i) =>
  JSON.stringify(i % 2 === 0 ? { prompt: `p${i}`, expected: 'e', colour: i } : { prompt: `p${i}`, expected: 'e' }),
).join('\n');

const texts: [string, string, TestSetTextRequest][] = [
  [
    'a shipped example',
    fs.readFileSync(path.join(packageRoot(), 'resources', 'examples', 'arithmetic.yaml'), 'utf8'),
    request('arithmetic.yaml'),
  ],
  ['YAML with errors, a scorer expression that does not parse among them', broken.text, broken.request],
  [
    'JSONL with a bad line and a duplicate id',
    `${JSON.stringify({ testset: { name: 'J', defaults: { scorers: [{ type: 'contains' }] } } })}\n{"id":"x","prompt":"p","expected":"e"}\n{"id": oops}\n{"id":"x","prompt":"q","expected":"f"}\n`,
    request('j.jsonl'),
  ],
  ['CSV with a duplicate id', csv.text, csv.request],
  ['a YAML text past the line limit', '\n'.repeat(100_001), request('blank.yaml')],
  ['3,000 valid cases (several slices)', bigJsonlTestSet(400 * 1024), request('big.jsonl')],
  ['3,000 cases, 1,500 problems and 1,500 generated ids', manyProblems, request('problems.jsonl')],
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
    const brokenResult = await worker.validate(broken.text, broken.request);
    expect(brokenResult.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'broken.yaml:1 no-scorer',
      'broken.yaml:8 scorer',
      'broken.yaml:12 unknown-field',
    ]);
    expect(brokenResult.diagnostics.find((d) => d.code === 'scorer')?.message).toMatch(/not valid JavaScript/);
    const big = await worker.validate(bigJsonlTestSet(400 * 1024), request('big.jsonl'));
    expect(big.testSet?.cases.length).toBeGreaterThan(2 * PART_ITEMS);
    const problems = await worker.validate(manyProblems, request('problems.jsonl'));
    expect([problems.diagnostics.length, problems.generatedIds.length]).toEqual([1501, 1500]);
  });

  it('reads the name and case count the library lists in the worker thread as in-process', async () => {
    const worker = validator(workerScript);
    const inProcess = validator(null);
    const yaml = bigYamlTestSet(64 * 1024);
    const samples: [string, 'yaml' | 'jsonl', string][] = [
      [yaml, 'yaml', 'big.yaml'],
      [bigJsonlTestSet(64 * 1024), 'jsonl', 'big.jsonl'],
      ['cases: [', 'yaml', 'dir/broken.yaml'],
    ];
    for (const [text, format, file] of samples)
      expect(await worker.facts(text, format, file)).toEqual(await inProcess.facts(text, format, file));
    expect(await worker.facts(yaml, 'yaml', 'big.yaml')).toEqual({ name: 'Big', caseCount: expect.any(Number) as number });
    expect((await worker.facts('cases: [', 'yaml', 'dir/broken.yaml')).name).toBe('broken');
  });

  it('fails the call with a clear error when the worker dies, and starts a new one for the next', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-deadworker-'));
    try {
      const script = path.join(dir, 'dies.mjs');
      fs.writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
      const v = validator(script);
      await expect(v.validate(csv.text, csv.request)).rejects.toThrow('The test set worker stopped while validating c.csv: exit code 3');
      await expect(v.facts('name: A\ncases: []\n', 'yaml', 'a.yaml')).rejects.toThrow(
        'The test set worker stopped while validating a.yaml: exit code 3',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates in-process when the worker script is not built', async () => {
    const v = validator(path.join(os.tmpdir(), 'no-such-testSetWorker.js'));
    expect(v.usesWorker).toBe(false);
    expect((await v.validate(csv.text, csv.request)).errorCount).toBe(1);
  });

  it(
    'keeps the event loop free while a 4 MiB JSONL file and a YAML file past its threshold are validated',
    { retry: 2, timeout: 120_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-bigset-'));
      try {
        fs.writeFileSync(path.join(dir, 'big.jsonl'), bigJsonlTestSet(4 * 1024 * 1024));
        fs.writeFileSync(path.join(dir, 'big.yaml'), bigYamlTestSet(8 * OFF_THREAD_BYTES.yaml));
        // The host's own thresholds: both files are past them.
        const host = validator(workerScript, OFF_THREAD_BYTES);
        expect(host.usesWorker).toBe(true);
        const {
          value: [jsonl, yaml],
          longest,
        } = await longestBusy(() =>
          Promise.all([
            loadTestSetFile(path.join(dir, 'big.jsonl'), 'big.jsonl', host),
            loadTestSetFile(path.join(dir, 'big.yaml'), 'big.yaml', host),
          ]),
        );
        expect([jsonl.errorCount, yaml.errorCount]).toEqual([0, 0]);
        expect(jsonl.testSet?.cases.length).toBeGreaterThan(20_000);
        expect(yaml.testSet?.cases.length).toBeGreaterThan(1_000);
        // In-process (or with the whole result sent back at once), the loop was busy 0.4–1.2 s at a stretch.
        expect(longest).toBeLessThan(200);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
