// Per-case cost of the orchestrator itself (scheduling, committing each result, scoring) with
// a model that answers instantly. Target: under 2 ms per case.
//   npm run bench -- orchestration-overhead [--cases 2000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { GenerationResult } from '../src/shared/engine';
import { RunCase, RunSpec } from '../src/shared/runs';
import type { ModelRunner } from '../src/main/services/runs/ModelRunner';
import { RunOrchestrator } from '../src/main/services/runs/RunOrchestrator';
import { RunStore } from '../src/main/services/runs/RunStore';
import { Store } from '../src/main/services/store/Store';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '2000' } } });
const count = Number(values.cases);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-overhead-'));
const store = Store.open(path.join(dir, 'db.sqlite'));
const runs = new RunStore(store);
const answer: GenerationResult = {
  text: 'The answer is 42.',
  stopReason: 'eos',
  timings: {
    timeToFirstTokenMs: 1,
    promptTokens: 8,
    promptTokensPerSecond: 8000,
    generatedTokens: 6,
    generationTokensPerSecond: 6000,
    totalMs: 2,
  },
  memory: { peakRssBytes: 1, rssBytes: 1, vramUsedBytes: null },
};
const instant: ModelRunner = {
  name: () => 'instant',
  load: () => Promise.resolve({ pid: undefined, info: null, generate: () => Promise.resolve(answer), unload: () => Promise.resolve() }),
};
const cases = Array.from({ length: count }, (_, i) =>
  RunCase.parse({
    id: `case-${i}`,
    input: { kind: 'completion', prompt: `What is ${i} + ${i}?` },
    expected: [String(2 * i)],
    scorers: [{ type: 'numeric' }, { type: 'contains', value: 'answer' }, { type: 'rouge' }],
  }),
);
for (const mode of ['latency', 'throughput'] as const) {
  const id = runs.create(RunSpec.parse({ name: `overhead ${mode}`, mode, models: [{ modelId: 'instant' }] }), cases, {});
  const started = performance.now();
  await new RunOrchestrator(runs, instant).execute(id, { signal: new AbortController().signal });
  const ms = performance.now() - started;
  console.log(
    `${mode.padEnd(10)} ${count} cases in ${ms.toFixed(0)} ms: ${(ms / count).toFixed(3)} ms per case (scheduling, committing the result, 3 scorers) — target < 2 ms`,
  );
}
store.close();
fs.rmSync(dir, { recursive: true, force: true });
