// Evalbench's engine against llama.cpp's own tools on the same files, same machine, one thread,
// rounds interleaved, medians: llama-bench (generation and prompt tokens/s) and
// llama-batched-bench -npl 4 (aggregate). Also node-llama-cpp called directly in this process,
// with llama.cpp's own per-context counters (eval time) for that context, and with --baseline an
// older commit's engine measured in the same rounds. Targets (issue #15): generation >= 0.95 of
// llama-bench tg, throughput N=4 >= 0.9 of llama-batched-bench.
//   npm run bench -- vs-llama-cpp [--baseline REF] [--quants f16,q8_0,q4_0] [--rounds 3] [--tokens 128] [--prompt 64] [--cases 8]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';
import { build } from 'vite';
import { Engine } from '../src/main/services/engine/Engine';
import { forkWorker } from '../src/main/services/engine/WorkerProcess';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { FIXTURE_QUANTS, type FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { ensureLlamaCppTools, llamaBatchedBench, llamaBench } from './llamaCppTools';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    quants: { type: 'string', default: 'f16,q8_0,q4_0' },
    rounds: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '128' },
    prompt: { type: 'string', default: '64' },
    cases: { type: 'string', default: '8' },
  },
});
const root = process.cwd();
const workerScript = process.env.EVALBENCH_BENCH_WORKER;
if (workerScript === undefined) throw new Error('Run this through `npm run bench -- vs-llama-cpp`.');
const quants = values.quants.split(',') as FixtureQuant[];
for (const q of quants) if (!FIXTURE_QUANTS.includes(q)) throw new Error(`--quants: ${q} is not one of ${FIXTURE_QUANTS.join(', ')}`);
const rounds = Number(values.rounds);
const genTokens = Number(values.tokens);
const cases = Number(values.cases);
const threads = 1;
const PARALLEL = 4;

/** An older commit's inference worker, bundled from `git archive REF src` the way run-bench bundles ours. */
async function baselineWorker(ref: string): Promise<{ script: string; sha: string }> {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(root, '.cache', 'baseline', sha);
  const script = path.join(dir, 'out', 'worker.js');
  if (fs.existsSync(script)) return { script, sha };
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('bash', ['-c', `git archive ${sha} src | tar -x -C "${dir}"`], { cwd: root });
  await build({
    configFile: false,
    logLevel: 'warn',
    root: dir,
    build: {
      ssr: true,
      outDir: path.join(dir, 'out'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        input: { worker: path.join(dir, 'src/main/services/engine/worker/workerMain.ts') },
        output: { entryFileNames: '[name].js', format: 'es' },
      },
    },
  });
  return { script, sha };
}

const fixtures = await ensureFixtures({ bench: true });
const baseline = values.baseline === undefined ? null : await baselineWorker(values.baseline);
const sides = [{ name: 'evalbench', engine: new Engine({ workerScript, launch: forkWorker }) }];
if (baseline !== null)
  sides.push({ name: `baseline ${baseline.sha}`, engine: new Engine({ workerScript: baseline.script, launch: forkWorker }) });
const words = 'the river city market garden library harbour festival railway mountain'.split(' ');
const promptText = (n: number, salt = 0): string => Array.from({ length: n }, (_, i) => words[(i * 7 + salt) % words.length]).join(' ');

// node-llama-cpp called directly, with llama.cpp's own counters: the context's eval time is the
// engine's decode rate without anything above it (printed by llama_perf_context_print).
let perfLog = '';
const llama = await getLlama({
  gpu: false,
  build: 'never',
  logLevel: LlamaLogLevel.info,
  logger: (_level, message) => void (perfLog += `${message}\n`),
});
const tools = await ensureLlamaCppTools(root, llama, fixtures.files.q8_0);

interface Row {
  quant: string;
  llamaTg: number[];
  llamaPp: number[];
  batched: number[];
  direct: number[];
  counters: number[];
  sides: Map<string, { tg: number[]; ttftRatio: number[]; aggregate: number[] }>;
}
const rows: Row[] = [];
function of(row: Row, side: string): { tg: number[]; ttftRatio: number[]; aggregate: number[] } {
  const figures = row.sides.get(side);
  if (figures === undefined) throw new Error(`no figures for ${side}`);
  return figures;
}
console.log(
  `llama.cpp tools: ${tools.bench} (CPU variant ${tools.variant}); ${threads} thread, ${rounds} interleaved rounds, ${genTokens} generated tokens, ${cases} cases × ${PARALLEL} sequences in throughput mode`,
);
console.log('The machine is shared: figures are noisy, read the ratios (each measured within the same rounds).');

for (const quant of quants) {
  const file = fixtures.files[quant];
  const row: Row = { quant, llamaTg: [], llamaPp: [], batched: [], direct: [], counters: [], sides: new Map() };
  const loaded = [];
  for (const side of sides) {
    const latency = await side.engine.load(file, { backend: 'cpu', gpuLayers: 0, contextSize: 1024, threads, flashAttention: false });
    const throughput = await side.engine.load(file, {
      backend: 'cpu',
      gpuLayers: 0,
      contextSize: 512,
      threads,
      flashAttention: false,
      sequences: PARALLEL,
    });
    loaded.push({ side, latency: latency.id, throughput: throughput.id });
    row.sides.set(side.name, { tg: [], ttftRatio: [], aggregate: [] });
  }
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 1024, threads, sequences: 1, flashAttention: false, performanceTracking: true });
  const sequence = context.getSequence();
  // The prompt's token count as the engine counts it (BOS included) is what llama-bench gets as -p.
  const [ours] = loaded;
  if (ours === undefined) throw new Error('nothing loaded');
  const probe = await ours.side.engine.generate(
    ours.latency,
    { kind: 'completion', prompt: promptText(Number(values.prompt)) },
    { maxTokens: 2, temperature: 0, stop: [] },
  );
  const promptTokens = probe.timings.promptTokens;
  const directPrompt: Token[] = model.tokenize(promptText(Number(values.prompt)));
  for (let round = 0; round < rounds; round++) {
    const lb = llamaBench(tools, file, { threads, promptTokens, genTokens });
    row.llamaTg.push(lb.genTps);
    row.llamaPp.push(lb.promptTps);
    for (const { side, latency } of loaded) {
      const r = await side.engine.generate(
        latency,
        { kind: 'completion', prompt: promptText(Number(values.prompt)) },
        { maxTokens: genTokens, temperature: 0, stop: [] },
      );
      if (r.timings.generatedTokens < genTokens)
        throw new Error(`${side.name} stopped after ${r.timings.generatedTokens} tokens; lower --tokens`);
      const s = of(row, side.name);
      s.tg.push(r.timings.generationTokensPerSecond ?? NaN);
      s.ttftRatio.push((r.timings.timeToFirstTokenMs ?? NaN) / ((promptTokens / lb.promptTps) * 1000));
    }
    await sequence.clearHistory();
    perfLog = '';
    await context.printTimings(); // prints and resets llama.cpp's counters (llama_perf_context_reset): this print is discarded
    perfLog = '';
    let n = 0;
    let first = 0;
    let last = 0;
    for await (const _token of sequence.evaluate(directPrompt, { temperature: 0 })) {
      last = performance.now();
      if (n === 0) first = last;
      if (++n >= genTokens) break;
    }
    row.direct.push((n - 1) / ((last - first) / 1000));
    await context.printTimings();
    const evalRate = /eval time =.*?([\d.]+) tokens per second/.exec(
      perfLog.split('\n').find((l) => /^\s*eval time/.test(l.replace(/^llama_perf_context_print:/, ''))) ?? '',
    );
    row.counters.push(evalRate === null ? NaN : Number(evalRate[1]));
    row.batched.push(llamaBatchedBench(tools, file, { threads, promptTokens, genTokens, parallel: PARALLEL }).endToEndGenTps);
    for (const { side, throughput } of loaded) {
      let next = 0;
      let tokens = 0;
      const started = performance.now();
      const lane = async (): Promise<void> => {
        while (next < cases) {
          const i = next++;
          const r = await side.engine.generate(
            throughput,
            { kind: 'completion', prompt: promptText(Number(values.prompt), i) },
            { maxTokens: genTokens, temperature: 0, stop: [] },
          );
          tokens += r.timings.generatedTokens;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, lane));
      of(row, side.name).aggregate.push(tokens / ((performance.now() - started) / 1000));
    }
    process.stderr.write(`${quant}: round ${round + 1}/${rounds}\n`);
  }
  await context.dispose();
  await model.dispose();
  for (const { side, latency, throughput } of loaded) {
    await side.engine.unload(latency);
    await side.engine.unload(throughput);
  }
  rows.push(row);
}

const med = (v: number[]): number => summarize(v.filter((x) => Number.isFinite(x))).median;
const f = (x: number, d = 0): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
console.log('\nGeneration (tok/s, medians) — ratio to llama-bench tg, target >= 0.95');
console.log(
  [
    'quant',
    'llama-bench tg',
    'llama.cpp eval counter (direct ctx)',
    'node-llama-cpp direct',
    ...sides.map((s) => `${s.name} (ratio)`),
  ].join(' | '),
);
for (const r of rows) {
  const tg = med(r.llamaTg);
  console.log(
    [
      r.quant,
      f(tg),
      f(med(r.counters)),
      `${f(med(r.direct))} (${f(med(r.direct) / tg, 2)})`,
      ...sides.map((s) => `${f(med(of(r, s.name).tg))} (${f(med(of(r, s.name).tg) / tg, 2)})`),
    ].join(' | '),
  );
}
console.log('\nPrompt — llama-bench pp tok/s, and our TTFT ÷ llama-bench prompt time for the same length (target <= 1.05)');
console.log(['quant', 'llama-bench pp', ...sides.map((s) => `${s.name} TTFT ratio`)].join(' | '));
for (const r of rows) console.log([r.quant, f(med(r.llamaPp)), ...sides.map((s) => f(med(of(r, s.name).ttftRatio), 2))].join(' | '));
console.log(
  `\nThroughput, ${PARALLEL} sequences (generated tok/s over wall time, prompts included) — ratio to llama-batched-bench -npl ${PARALLEL}, target >= 0.9`,
);
console.log(['quant', 'batched-bench', ...sides.map((s) => `${s.name} (ratio)`)].join(' | '));
for (const r of rows) {
  const b = med(r.batched);
  console.log(
    [r.quant, f(b), ...sides.map((s) => `${f(med(of(r, s.name).aggregate))} (${f(med(of(r, s.name).aggregate) / b, 2)})`)].join(' | '),
  );
}
for (const side of sides) await side.engine.dispose();
await llama.dispose();
