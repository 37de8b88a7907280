// Generation tokens/s through Evalbench's worker process against node-llama-cpp called directly
// in this process, same model file, same settings, alternating runs, in one go. Target: the
// worker path keeps >= 0.97 of direct.
//   npm run bench -- engine-throughput [--quant q8_0] [--backend cpu|cuda|vulkan|metal] [--tokens 128] [--reps 5]
import { parseArgs } from 'node:util';
import { getLlama, type Token } from 'node-llama-cpp';
import { Backend } from '../src/shared/engine';
import { Engine } from '../src/main/services/engine/Engine';
import { forkWorker } from '../src/main/services/engine/WorkerProcess';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { FIXTURE_QUANTS, type FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { physicalCores } from '../src/main/services/system/physicalCores';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    quant: { type: 'string', default: 'q8_0' },
    backend: { type: 'string', default: 'cpu' },
    tokens: { type: 'string', default: '128' },
    reps: { type: 'string', default: '5' },
    threads: { type: 'string' },
  },
});
const quant = values.quant as FixtureQuant;
if (!FIXTURE_QUANTS.includes(quant)) throw new Error(`--quant must be one of ${FIXTURE_QUANTS.join(', ')}`);
const backend = Backend.parse(values.backend);
const maxTokens = Number(values.tokens);
const reps = Number(values.reps);
const threads = values.threads === undefined ? physicalCores() : Number(values.threads);
const workerScript = process.env.EVALBENCH_BENCH_WORKER;
if (workerScript === undefined) throw new Error('Run this through `npm run bench -- engine-throughput`.');

let shown = -1;
const fixtures = await ensureFixtures({
  bench: true,
  onProgress: (f) => {
    const step = Math.floor(f * 4);
    if (step > shown) process.stderr.write(`writing bench fixtures: ${step * 25}%\n`);
    shown = step;
  },
});
const file = fixtures.files[quant];
const prompt = 'The history of the city begins with a small settlement on the river, where';
const contextSize = 1024;
console.log(
  `model ${file}\nbackend ${backend}, threads ${threads}, context ${contextSize}, ${maxTokens} tokens greedy, ${reps} runs each after one warm-up`,
);

// Direct: the plainest use of node-llama-cpp's evaluation API, no process boundary.
const llama = await getLlama({ gpu: backend === 'cpu' ? false : backend, build: 'never' });
const model = await llama.loadModel({ modelPath: file, gpuLayers: backend === 'cpu' ? 0 : 'max' });
const context = await model.createContext({ contextSize, threads, sequences: 1, flashAttention: false });
const sequence = context.getSequence();
const bos = model.tokens.bos;
const promptTokens: Token[] = [...(bos !== null && model.tokens.shouldPrependBosToken ? [bos] : []), ...model.tokenize(prompt)];

async function direct(): Promise<number> {
  await sequence.clearHistory();
  let first = 0;
  let last = 0;
  let n = 0;
  for await (const _token of sequence.evaluate(promptTokens, { temperature: 0 })) {
    last = performance.now();
    if (n === 0) first = last;
    n += 1;
    if (n >= maxTokens) break;
  }
  if (n < maxTokens) throw new Error(`direct run stopped after ${n} tokens (end of text); lower --tokens`);
  return (n - 1) / ((last - first) / 1000);
}

const engine = new Engine({ workerScript, launch: forkWorker });
const loaded = await engine.load(file, { backend, gpuLayers: backend === 'cpu' ? 0 : 'max', contextSize, threads, flashAttention: false });
console.log(
  `worker: backend ${loaded.info.backend}${loaded.info.gpuName ? ` (${loaded.info.gpuName})` : ''}, ${loaded.info.gpuLayers}/${loaded.info.layerCount} layers offloaded`,
);

async function viaWorker(): Promise<{ inWorker: number; endToEnd: number }> {
  let firstChunkAt = 0;
  const started = performance.now();
  const result = await engine.generate(
    loaded.id,
    { kind: 'completion', prompt },
    { maxTokens, temperature: 0 },
    {
      onText: () => {
        firstChunkAt ||= performance.now();
      },
    },
  );
  const ended = performance.now();
  if (result.timings.generatedTokens < maxTokens)
    throw new Error(`worker run stopped after ${result.timings.generatedTokens} tokens; lower --tokens`);
  const ttft = result.timings.timeToFirstTokenMs ?? 0;
  return {
    inWorker: result.timings.generationTokensPerSecond ?? 0,
    // As the parent sees it: tokens after the first over the time after the worker's first token.
    endToEnd: (result.timings.generatedTokens - 1) / ((ended - started - ttft) / 1000),
  };
}

await direct();
await viaWorker();
const directRates: number[] = [];
const workerRates: number[] = [];
const endToEndRates: number[] = [];
for (let i = 0; i < reps; i++) {
  directRates.push(await direct());
  const w = await viaWorker();
  workerRates.push(w.inWorker);
  endToEndRates.push(w.endToEnd);
}
const d = summarize(directRates);
const w = summarize(workerRates);
const e = summarize(endToEndRates);
console.log(`direct node-llama-cpp      ${d.mean.toFixed(1)} ± ${d.sd.toFixed(1)} tok/s (median ${d.median.toFixed(1)})`);
console.log(`worker, measured inside    ${w.mean.toFixed(1)} ± ${w.sd.toFixed(1)} tok/s (median ${w.median.toFixed(1)})`);
console.log(`worker, seen by the parent ${e.mean.toFixed(1)} ± ${e.sd.toFixed(1)} tok/s (median ${e.median.toFixed(1)})`);
console.log(
  `ratio worker/direct (medians): ${(w.median / d.median).toFixed(3)} inside, ${(e.median / d.median).toFixed(3)} end to end (target >= 0.97)`,
);

await engine.dispose();
await context.dispose();
await model.dispose();
await llama.dispose();
