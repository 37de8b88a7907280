// Throughput mode's real gain: aggregate generation tokens/s of N parallel sequences (both batch
// orderings) against one case at a time, same model, same cases, in one run. Run modes pick
// what this measures instead of assuming batching helps.
//   npm run bench -- throughput-mode [--quant q8_0] [--backend cpu|cuda] [--cases 16] [--tokens 64] [--sequences 4,8]
import { parseArgs } from 'node:util';
import { Backend, type LoadOptionsInput } from '../src/shared/engine';
import { Engine } from '../src/main/services/engine/Engine';
import { forkWorker } from '../src/main/services/engine/WorkerProcess';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import type { FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { physicalCores } from '../src/main/services/system/physicalCores';

const { values } = parseArgs({
  options: {
    quant: { type: 'string', default: 'q8_0' },
    backend: { type: 'string', default: 'cpu' },
    cases: { type: 'string', default: '16' },
    tokens: { type: 'string', default: '64' },
    sequences: { type: 'string', default: '4,8' },
  },
});
const workerScript = process.env.EVALBENCH_BENCH_WORKER;
if (workerScript === undefined) throw new Error('Run this through `npm run bench -- throughput-mode`.');
const backend = Backend.parse(values.backend);
const fixtures = await ensureFixtures({ bench: true });
const file = fixtures.files[values.quant as FixtureQuant];
const maxTokens = Number(values.tokens);
const subjects = ['river', 'mountain', 'market', 'library', 'harbour', 'festival', 'railway', 'garden'];
const prompts = Array.from(
  { length: Number(values.cases) },
  (_, i) => `The story of the ${subjects[i % subjects.length] ?? 'city'} number ${i} begins`,
);
const engine = new Engine({ workerScript, launch: forkWorker });
const base: LoadOptionsInput = { backend, gpuLayers: backend === 'cpu' ? 0 : 'max', contextSize: 512, threads: physicalCores() };
console.log(`model ${file}, backend ${backend}, ${prompts.length} cases × ${maxTokens} tokens, threads ${physicalCores()}`);

async function measure(options: LoadOptionsInput): Promise<{ tokensPerSecond: number; texts: string[] }> {
  const model = await engine.load(file, options);
  const sequences = options.sequences ?? 1;
  await engine.generate(model.id, { kind: 'completion', prompt: 'warm up' }, { maxTokens: 8 });
  const started = performance.now();
  const texts: string[] = new Array<string>(prompts.length).fill('');
  let tokens = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < prompts.length) {
      const index = next++;
      const result = await engine.generate(model.id, { kind: 'completion', prompt: prompts[index] ?? '' }, { maxTokens });
      texts[index] = result.text;
      tokens += result.timings.generatedTokens;
    }
  };
  await Promise.all(Array.from({ length: sequences }, lane));
  const seconds = (performance.now() - started) / 1000;
  await engine.unload(model.id);
  return { tokensPerSecond: tokens / seconds, texts };
}

const latency = await measure({ ...base, sequences: 1 });
console.log(`latency mode (1 sequence)            ${latency.tokensPerSecond.toFixed(1)} tok/s`);
for (const n of values.sequences
  .split(',')
  .map(Number)
  .filter((x) => x > 1)) {
  for (const batchOrdering of ['sequence-id', 'max-parallelism'] as const) {
    const r = await measure({ ...base, sequences: n, batchOrdering });
    const same = r.texts.every((t, i) => t === latency.texts[i]);
    console.log(
      `throughput, ${String(n).padStart(2)} sequences, ${batchOrdering.padEnd(15)} ${r.tokensPerSecond.toFixed(1)} tok/s, ${(r.tokensPerSecond / latency.tokensPerSecond).toFixed(2)}x${same ? '' : '  (outputs differ from latency mode!)'}`,
    );
  }
}
await engine.dispose();
