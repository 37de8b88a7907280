// Does sampling telemetry slow generation? Generation tokens/s through a worker with the sampler
// off, at the default 500 ms and at an aggressive 50 ms, alternating, in one run.
//   npm run bench -- telemetry-overhead [--quant q8_0] [--tokens 128] [--reps 5]
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/services/engine/Engine';
import { forkWorker } from '../src/main/services/engine/WorkerProcess';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import type { FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { physicalCores } from '../src/main/services/system/physicalCores';
import { TelemetrySampler } from '../src/main/services/telemetry/TelemetrySampler';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    quant: { type: 'string', default: 'q8_0' },
    tokens: { type: 'string', default: '128' },
    reps: { type: 'string', default: '5' },
  },
});
const workerScript = process.env.EVALBENCH_BENCH_WORKER;
if (workerScript === undefined) throw new Error('Run this through `npm run bench -- telemetry-overhead`.');
const fixtures = await ensureFixtures({ bench: true });
const engine = new Engine({ workerScript, launch: forkWorker });
const threads = physicalCores();
const model = await engine.load(fixtures.files[values.quant as FixtureQuant], { backend: 'cpu', contextSize: 1024, threads });
const maxTokens = Number(values.tokens);
console.log(
  `model ${fixtures.files[values.quant as FixtureQuant]}, threads ${threads}, ${maxTokens} tokens, ${values.reps} runs per setting`,
);

async function rate(intervalMs: number | null): Promise<number> {
  let samples = 0;
  const sampler =
    intervalMs === null
      ? null
      : new TelemetrySampler({ intervalMs, pids: () => [engine.pid(model.id) ?? process.pid], onSample: () => (samples += 1) });
  sampler?.start();
  const result = await engine.generate(model.id, { kind: 'completion', prompt: 'The history of the city begins with' }, { maxTokens });
  await sampler?.stop();
  if (intervalMs !== null && samples === 0 && result.timings.totalMs > intervalMs * 2) throw new Error('the sampler took no samples');
  return result.timings.generationTokensPerSecond ?? 0;
}

const settings = [null, 500, 50] as const;
const rates = new Map<(typeof settings)[number], number[]>(settings.map((s) => [s, []]));
await rate(null);
for (let i = 0; i < Number(values.reps); i++) for (const s of settings) rates.get(s)?.push(await rate(s));
const off = summarize(rates.get(null) ?? []);
for (const s of settings) {
  const r = summarize(rates.get(s) ?? []);
  console.log(
    `${s === null ? 'sampler off     ' : `every ${String(s).padStart(3)} ms    `} ${r.mean.toFixed(1)} ± ${r.sd.toFixed(1)} tok/s (median ${r.median.toFixed(1)}), ratio to off ${(r.median / off.median).toFixed(3)}`,
  );
}
await engine.dispose();
