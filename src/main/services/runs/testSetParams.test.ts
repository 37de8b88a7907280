import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParamOverride } from '../../../shared/effectiveParams';
import { forkWorker } from '../engine/WorkerProcess';
import { createServices, type Services } from '../Services';
import { callRouter } from '../testing/callRouter';

let services: Services | null = null;
let home = '';
afterEach(async () => {
  await services?.close();
  services = null;
  fs.rmSync(home, { recursive: true, force: true });
});

describe('runs.testSetParams', () => {
  it('reads what a test set file’s defaults and cases set over the run’s parameters', async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-params-'));
    services = createServices({ home, host: 'browser', engine: { workerScript: '', launch: forkWorker } });
    const file = path.join(home, 'short.yaml');
    fs.writeFileSync(
      file,
      [
        'name: Short',
        'defaults:',
        '  params: { maxTokens: 32 }',
        'cases:',
        '  - id: a',
        '    prompt: A',
        '  - id: b',
        '    prompt: B',
        '    params: { maxTokens: 24, temperature: 0.5 }',
        '  - id: c',
        '    prompt: C',
        '',
      ].join('\n'),
    );
    const answer = await callRouter<{ caseCount: number; overrides: ParamOverride[] }>(services, 'runs.testSetParams', {
      testSetPath: file,
    });
    expect(answer).toEqual({
      caseCount: 3,
      overrides: [
        { param: 'temperature', values: [{ value: 0.5, cases: 1 }], cases: 1, total: 3 },
        {
          param: 'maxTokens',
          values: [
            { value: 32, cases: 2 },
            { value: 24, cases: 1 },
          ],
          cases: 3,
          total: 3,
        },
      ],
    });
  });
});
