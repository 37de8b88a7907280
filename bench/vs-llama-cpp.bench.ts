// Evalbench's engine against llama.cpp's own tools on the same files, same machine, one thread,
// rounds interleaved, medians: llama-bench (generation and prompt tokens/s) and
// llama-batched-bench -npl 4 (aggregate). Also node-llama-cpp called directly in this process,
// with llama.cpp's own per-context counters (eval time) for that context, and with --baseline an
// older commit's engine measured in the same rounds. Targets (issue #15): generation >= 0.95 of
// llama-bench tg, throughput N=4 >= 0.9 of llama-batched-bench.
// Decoding is pinned to the same core on both sides (--cpus, by default the last core, one thread
// only): llama.cpp's tools through taskset, Evalbench's decoding thread through
// EVALBENCH_DECODE_CPUS. On a shared machine the cores are not equally fast (here one made
// llama-bench's prompt 92 ms, the other 74 ms), and unpinned runs drew cores by lot, which moved
// every ratio by ±0.06. Evalbench's JavaScript (host and worker) is not pinned: it runs beside
// the decoding, as it does in use. node-llama-cpp called directly, in this process, is not pinned.
// --cpus-all pins every process instead, JavaScript included: the harder comparison for Evalbench.
// llama-bench and llama-batched-bench warm up (a decode before the timed ones) in every run; each
// Evalbench side gets the same, a two-token case before each timed one, because the first decode
// after another process has run is slower (cold caches: here up to 1.9× the warm TTFT).
//   npm run bench -- vs-llama-cpp [--baseline REF] [--quants f16,q8_0,q4_0] [--rounds 3] [--tokens 128] [--prompt 64] [--cases 8] [--threads 1] [--cpus LIST|none]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';
import { build } from 'vite';
import { Engine } from '../src/main/services/engine/Engine';
import { forkWorkerWithEnv } from '../src/main/services/engine/WorkerProcess';
import { DECODE_CPUS_ENV, decodeCpus, NATIVE_DECODE_ENV } from '../src/main/services/engine/worker/decodeLoopAddon';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { FIXTURE_QUANTS, type FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { ensureLlamaCppTools, llamaBatchedBench, llamaBench, onNodeLlamaCppLibraries } from './llamaCppTools';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    quants: { type: 'string', default: 'f16,q8_0,q4_0' },
    rounds: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '128' },
    prompt: { type: 'string', default: '64' },
    cases: { type: 'string', default: '8' },
    threads: { type: 'string', default: '1' },
    cpus: { type: 'string' },
    'cpus-all': { type: 'boolean', default: false },
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
const threads = Number(values.threads);
if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads: ${values.threads} is not a thread count`);
const PARALLEL = 4;
const cpus = values.cpus ?? (threads === 1 ? String(os.availableParallelism() - 1) : 'none');
if (cpus !== 'none' && 'note' in decodeCpus(cpus)) throw new Error(`--cpus: ${cpus} is not a list of CPU numbers such as 1 or 0,2`);
if (cpus !== 'none' && values['cpus-all']) {
  // -a: every thread of this process; processes it starts later inherit the mask.
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}
/** Tools' pinning, and the environment that pins Evalbench's decoding thread to the same CPUs. */
const toolCpus = cpus === 'none' ? {} : { cpus };
const pinnedDecoding: Record<string, string> = cpus === 'none' ? {} : { [DECODE_CPUS_ENV]: cpus };

/**
 * An older commit's inference worker, bundled from `git archive REF` the way run-bench bundles
 * ours, with that commit's own native decode loop built by that commit's own script: its worker
 * finds the folder (its package.json) as its package root, so the before is the whole engine.
 */
async function baselineWorker(ref: string): Promise<{ script: string; sha: string }> {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(root, '.cache', 'baseline', sha);
  const script = path.join(dir, 'out', 'worker.js');
  if (fs.existsSync(script) && fs.existsSync(path.join(dir, 'package.json'))) return { script, sha };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = ['src', 'package.json', 'native', 'scripts/build-native.mjs'].filter((f) =>
    execFileSync('git', ['ls-tree', '--name-only', sha, f], { cwd: root, encoding: 'utf8' }).trim(),
  );
  execFileSync('bash', ['-c', `git archive ${sha} ${files.join(' ')} | tar -x -C "${dir}"`], { cwd: root });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  if (files.includes('native')) execFileSync(process.execPath, [path.join(dir, 'scripts', 'build-native.mjs')], { stdio: 'inherit' });
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

/** Workers that generate through node-llama-cpp's own loop (the engine before the native decode loop). */
const nodeLlamaCppLoop = forkWorkerWithEnv({ [NATIVE_DECODE_ENV]: 'off' });
const nativeLoop = forkWorkerWithEnv(pinnedDecoding);

const fixtures = await ensureFixtures({ bench: true });
const baseline = values.baseline === undefined ? null : await baselineWorker(values.baseline);
const sides = [
  { name: 'evalbench', engine: new Engine({ workerScript, launch: nativeLoop }) },
  { name: 'evalbench, node-llama-cpp loop', engine: new Engine({ workerScript, launch: nodeLlamaCppLoop }) },
];
if (baseline !== null)
  sides.push({ name: `baseline ${baseline.sha}`, engine: new Engine({ workerScript: baseline.script, launch: nativeLoop }) });
const words = 'the river city market garden library harbour festival railway mountain'.split(' ');
const promptText = (n: number, salt = 0): string => Array.from({ length: n }, (_, i) => words[(i * 7 + salt) % words.length]).join(' ');
/** A two-token case, as llama.cpp's tools warm up before they time (the first decode after another process runs slower). */
async function warmUp(engine: Engine, model: string): Promise<void> {
  await engine.generate(
    model,
    { kind: 'completion', prompt: promptText(Number(values.prompt)) },
    { maxTokens: 2, temperature: 0, stop: [] },
  );
}

// node-llama-cpp called directly, with llama.cpp's own counters: the context's eval time is the
// engine's decode rate without anything above it (printed by llama_perf_context_print).
let perfLog = '';
const llama = await getLlama({
  gpu: false,
  build: 'never',
  logLevel: LlamaLogLevel.info,
  logger: (_level, message) => void (perfLog += `${message}\n`),
});
const ownBuild = await ensureLlamaCppTools(root, llama, fixtures.files.q8_0);
const sameBinary = onNodeLlamaCppLibraries(root, ownBuild);
// The targets are read against the tools on node-llama-cpp's own libraries (the same machine code
// as Evalbench's); the tools' own build is shown beside them.
// The reference runs last, right before Evalbench's sides: each round's ratio compares neighbours in time.
const toolSets = [
  { name: 'own build', tools: ownBuild },
  { name: 'same libraries', tools: sameBinary },
] as const;
type ToolSetName = (typeof toolSets)[number]['name'];

interface ToolFigures {
  tg: number[];
  tgDeep: number[];
  pp: number[];
  batched: number[];
}
interface Row {
  quant: string;
  promptTokens: number;
  llama: Record<ToolSetName, ToolFigures>;
  direct: number[];
  counters: number[];
  sides: Map<string, SideFigures>;
}
/** One Evalbench side's figures: end to end, and inside llama.cpp by its own counters (latency mode). */
interface SideFigures {
  tg: number[];
  inside: number[];
  ttftMs: number[];
  aggregate: number[];
}
const rows: Row[] = [];
function of(row: Row, side: string): SideFigures {
  const figures = row.sides.get(side);
  if (figures === undefined) throw new Error(`no figures for ${side}`);
  return figures;
}
console.log(
  `llama.cpp tools: ${ownBuild.bench}, also run on node-llama-cpp's own libraries (CPU variant ${ownBuild.variant}); ${threads} thread(s), ${cpus === 'none' ? 'not pinned' : values['cpus-all'] ? `every process pinned to CPU ${cpus}` : `decoding pinned to CPU ${cpus} on both sides`}, ${rounds} interleaved rounds, ${genTokens} generated tokens, ${cases} cases × ${PARALLEL} sequences in throughput mode`,
);
console.log('The machine is shared: figures are noisy, read the ratios (each measured within the same rounds).');

for (const quant of quants) {
  const file = fixtures.files[quant];
  const empty = (): ToolFigures => ({ tg: [], tgDeep: [], pp: [], batched: [] });
  const row: Row = {
    quant,
    promptTokens: 0,
    llama: { 'same libraries': empty(), 'own build': empty() },
    direct: [],
    counters: [],
    sides: new Map(),
  };
  const model = await llama.loadModel({ modelPath: file });
  // The prompt as the engine builds it (BOS included): its length is what llama-bench gets as -p and -d.
  const bos = model.tokens.bos;
  const directPrompt: Token[] = [
    ...(model.tokens.shouldPrependBosToken && bos !== null ? [bos] : []),
    ...model.tokenize(promptText(Number(values.prompt))),
  ];
  const promptTokens = directPrompt.length;
  row.promptTokens = promptTokens;
  // Latency mode gets llama-bench's context size for a generation after the prompt (prompt +
  // generated tokens): a bigger KV cache is slower to attend over, and that is configuration,
  // not overhead.
  const contextSize = promptTokens + genTokens;
  const loaded = [];
  for (const side of sides) {
    const latency = await side.engine.load(file, { backend: 'cpu', gpuLayers: 0, contextSize, threads, flashAttention: false });
    const throughput = await side.engine.load(file, {
      backend: 'cpu',
      gpuLayers: 0,
      contextSize: 512,
      threads,
      flashAttention: false,
      sequences: PARALLEL,
    });
    loaded.push({ side, latency: latency.id, throughput: throughput.id, loop: latency.info.generationLoop?.note ?? 'node-llama-cpp' });
    row.sides.set(side.name, { tg: [], inside: [], ttftMs: [], aggregate: [] });
  }
  console.log(
    `${quant}: ${promptTokens} prompt tokens, latency context ${contextSize}; ${loaded.map((l) => `${l.side.name}: ${l.loop}`).join('; ')}`,
  );
  const context = await model.createContext({ contextSize, threads, sequences: 1, flashAttention: false, performanceTracking: true });
  const sequence = context.getSequence();
  for (let round = 0; round < rounds; round++) {
    for (const set of toolSets) {
      const lb = llamaBench(set.tools, file, { threads, promptTokens, genTokens, ...toolCpus });
      const figures = row.llama[set.name];
      figures.tg.push(lb.genTps);
      figures.tgDeep.push(lb.genAfterPromptTps);
      figures.pp.push(lb.promptTps);
    }
    for (const { side, latency } of loaded) {
      await warmUp(side.engine, latency);
      const r = await side.engine.generate(
        latency,
        { kind: 'completion', prompt: promptText(Number(values.prompt)) },
        { maxTokens: genTokens, temperature: 0, stop: [] },
      );
      if (r.timings.promptTokens !== promptTokens)
        throw new Error(`${side.name} made ${r.timings.promptTokens} prompt tokens, not ${promptTokens}`);
      if (r.timings.generatedTokens < genTokens)
        throw new Error(`${side.name} stopped after ${r.timings.generatedTokens} tokens; lower --tokens`);
      const s = of(row, side.name);
      s.tg.push(r.timings.generationTokensPerSecond ?? NaN);
      s.inside.push(r.timings.llamaCppDecodeTokensPerSecond ?? NaN);
      s.ttftMs.push(r.timings.timeToFirstTokenMs ?? NaN);
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
    for (const set of toolSets)
      row.llama[set.name].batched.push(
        llamaBatchedBench(set.tools, file, { threads, promptTokens, genTokens, parallel: PARALLEL, ...toolCpus }).endToEndGenTps,
      );
    for (const { side, throughput } of loaded) {
      await warmUp(side.engine, throughput);
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
/**
 * The median over rounds of each round's own ratio, and the lowest and highest: the machine's
 * speed drifts over a run (by 10 % within minutes here), and a ratio of neighbours in time is
 * less exposed to it than a ratio of medians taken at different moments.
 */
function paired(values: number[], references: number[]): string {
  const ratios = values.map((v, i) => v / (references[i] ?? NaN)).filter((x) => Number.isFinite(x));
  if (ratios.length === 0) return '—';
  return `${f(med(ratios), 2)}, ${f(Math.min(...ratios), 2)}–${f(Math.max(...ratios), 2)}`;
}
const same = (r: Row): ToolFigures => r.llama['same libraries'];
const own = (r: Row): ToolFigures => r.llama['own build'];
console.log(
  `\nGeneration (tok/s, medians). (Ratio to llama-bench on node-llama-cpp's libraries generating the same ${genTokens} tokens after the same prompt (-d), target >= 0.95: median of the rounds' ratios, lowest–highest); [ratio of medians to the own build's tg from an empty context, the comparison first made in #15]`,
);
console.log(
  [
    'quant',
    'llama-bench own build: tg / after prompt',
    'llama-bench same libraries: tg / after prompt',
    'eval counter (direct ctx)',
    'node-llama-cpp direct',
    ...sides.map((s) => `${s.name} (ratio) [ratio] {inside llama.cpp, its counters}`),
  ].join(' | '),
);
for (const r of rows) {
  const ratios = (x: number[]): string => `${f(med(x))} (${paired(x, same(r).tgDeep)}) [${f(med(x) / med(own(r).tg), 2)}]`;
  console.log(
    [
      r.quant,
      `${f(med(own(r).tg))} / ${f(med(own(r).tgDeep))}`,
      `${f(med(same(r).tg))} / ${f(med(same(r).tgDeep))}`,
      f(med(r.counters)),
      ratios(r.direct),
      ...sides.map((s) => `${ratios(of(r, s.name).tg)} {${f(med(of(r, s.name).inside))}}`),
    ].join(' | '),
  );
}
console.log(
  "\nPrompt: llama-bench pp tok/s, and TTFT ÷ llama-bench's prompt time for the same length on node-llama-cpp's libraries (target <= 1.05: median of the rounds' ratios, lowest–highest) [median ÷ the own build's median]",
);
console.log(['quant', 'llama-bench pp own build / same libraries', ...sides.map((s) => `${s.name} TTFT ms (ratio) [ratio]`)].join(' | '));
for (const r of rows) {
  const promptMs = (pp: number): number => (r.promptTokens / pp) * 1000;
  console.log(
    [
      r.quant,
      `${f(med(own(r).pp))} / ${f(med(same(r).pp))}`,
      ...sides.map((s) => {
        const ttft = of(r, s.name).ttftMs;
        return `${f(med(ttft), 1)} (${paired(ttft, same(r).pp.map(promptMs))}) [${f(med(ttft) / promptMs(med(own(r).pp)), 2)}]`;
      }),
    ].join(' | '),
  );
}
console.log(
  `\nThroughput, ${PARALLEL} sequences (generated tok/s over wall time, prompts included): (ratio to llama-batched-bench -npl ${PARALLEL} on node-llama-cpp's libraries, target >= 0.9: median of the rounds' ratios, lowest–highest) [ratio of medians to the own build's]`,
);
console.log(['quant', 'batched-bench own build / same libraries', ...sides.map((s) => `${s.name} (ratio) [ratio]`)].join(' | '));
for (const r of rows) {
  console.log(
    [
      r.quant,
      `${f(med(own(r).batched))} / ${f(med(same(r).batched))}`,
      ...sides.map((s) => {
        const aggregate = of(r, s.name).aggregate;
        return `${f(med(aggregate))} (${paired(aggregate, same(r).batched)}) [${f(med(aggregate) / med(own(r).batched), 2)}]`;
      }),
    ].join(' | '),
  );
}
for (const side of sides) await side.engine.dispose();
await llama.dispose();
