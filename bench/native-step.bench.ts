// How close can node-llama-cpp 3.22 get to llama-bench's generation rate, and what costs the
// difference? node-llama-cpp decodes (AddonContext.decodeBatch) and samples
// (AddonContext.sampleToken) in two separate native async workers, each a libuv thread-pool hop
// and a promise; its addon has no call that does both. This measures, one thread, rounds
// interleaved, on the bench fixtures:
//   llama-bench tg              llama.cpp's own loop (no JS at all)
//   evaluate (stock)            LlamaContextSequence.evaluate, as the engine uses it
//   evaluate (microtask)        the same with batching.dispatchSchedule running each batch at once
//                               instead of on the next event-loop turn (a public option)
//   addon: decode + sample      the addon's calls directly, without node-llama-cpp's JS batching
//                               (internal API: the ceiling of any path through this binding)
//   addon: decode only          one native hop per token (a fixed next token, no sampling)
// Findings: bench/native-step.md.   npm run bench -- native-step [--quants q4_0,f16] [--rounds 3] [--tokens 128]
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel, type LlamaContext, type LlamaContextSequence, type LlamaModel, type Token } from 'node-llama-cpp';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { FIXTURE_QUANTS, type FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { ensureLlamaCppTools, llamaBench } from './llamaCppTools';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    quants: { type: 'string', default: 'q4_0,f16' },
    rounds: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '128' },
  },
});
const quants = values.quants.split(',') as FixtureQuant[];
for (const q of quants) if (!FIXTURE_QUANTS.includes(q)) throw new Error(`--quants: ${q} is not one of ${FIXTURE_QUANTS.join(', ')}`);
const rounds = Number(values.rounds);
const genTokens = Number(values.tokens);
const threads = 1;
const CONTEXT = 1024;

/** The parts of node-llama-cpp's addon this bench calls directly (internal: dist/bindings/AddonTypes.d.ts). */
interface AddonContext {
  initBatch(size: number): void;
  addToBatch(sequenceId: number, firstTokenSequenceIndex: number, tokens: Uint32Array, logitIndexes: Uint32Array): Uint32Array;
  decodeBatch(): Promise<void>;
  sampleToken(batchLogitIndex: number, sampler: unknown): Promise<number>;
  removeTokenCellsFromSequence(sequenceId: number, startPos: number, endPos: number): boolean;
}
interface Internals {
  context: AddonContext;
  sampler: { applyConfig(config: unknown): void; dispose(): void };
  sequenceId: number;
}
function internals(llama: unknown, model: LlamaModel, context: LlamaContext, sequence: LlamaContextSequence): Internals {
  const bindings = (llama as { _bindings: { AddonSampler: new (model: unknown) => Internals['sampler'] } })._bindings;
  const sampler = new bindings.AddonSampler((model as unknown as { _model: unknown })._model);
  sampler.applyConfig(
    (sequence as unknown as { _resolveSamplerConfig(o: { temperature: number }): unknown })._resolveSamplerConfig({ temperature: 0 }),
  );
  return {
    context: (context as unknown as { _ctx: AddonContext })._ctx,
    sampler,
    sequenceId: (sequence as unknown as { _sequenceId: number })._sequenceId,
  };
}

/** Generated tokens/s after the first token (the prompt excluded), as llama-bench's tg counts. */
async function rawLoop(x: Internals, prompt: Token[], sample: boolean): Promise<number> {
  x.context.removeTokenCellsFromSequence(x.sequenceId, 0, CONTEXT);
  x.context.initBatch(prompt.length);
  let [index] = x.context.addToBatch(x.sequenceId, 0, Uint32Array.from(prompt), Uint32Array.from([prompt.length - 1]));
  await x.context.decodeBatch();
  let token = await x.context.sampleToken(index ?? 0, x.sampler);
  const started = performance.now();
  for (let position = prompt.length; position < prompt.length + genTokens - 1; position++) {
    x.context.initBatch(1);
    [index] = x.context.addToBatch(x.sequenceId, position, Uint32Array.from([token]), Uint32Array.from([0]));
    await x.context.decodeBatch();
    if (sample) token = await x.context.sampleToken(index ?? 0, x.sampler);
  }
  const rate = (genTokens - 1) / ((performance.now() - started) / 1000);
  x.context.removeTokenCellsFromSequence(x.sequenceId, 0, CONTEXT);
  return rate;
}

async function evaluateLoop(sequence: LlamaContextSequence, prompt: Token[]): Promise<number> {
  await sequence.clearHistory();
  let n = 0;
  let first = 0;
  let last = 0;
  for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
    last = performance.now();
    if (n === 0) first = last;
    if (++n >= genTokens) break;
  }
  await sequence.clearHistory();
  return (n - 1) / ((last - first) / 1000);
}

const fixtures = await ensureFixtures({ bench: true });
const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
const tools = await ensureLlamaCppTools(process.cwd(), llama, fixtures.files.q8_0);
const words = 'the river city market garden library harbour festival railway mountain'.split(' ');
const promptText = Array.from({ length: 48 }, (_, i) => words[(i * 7) % words.length]).join(' ');
const modes = ['llama-bench tg', 'evaluate (stock)', 'evaluate (microtask)', 'addon: decode + sample', 'addon: decode only'] as const;
console.log(
  `CPU variant ${tools.variant}; ${threads} thread, ${rounds} interleaved rounds, ${genTokens} generated tokens. The machine is shared: read the ratios.`,
);
const table: string[] = [];
for (const quant of quants) {
  const file = fixtures.files[quant];
  const model = await llama.loadModel({ modelPath: file });
  const stock = await model.createContext({ contextSize: CONTEXT, threads, flashAttention: false });
  const microtask = await model.createContext({
    contextSize: CONTEXT,
    threads,
    flashAttention: false,
    batching: { dispatchSchedule: (dispatch) => queueMicrotask(dispatch) },
  });
  const raw = await model.createContext({ contextSize: CONTEXT, threads, flashAttention: false });
  const rawSequence = raw.getSequence();
  const stockSequence = stock.getSequence();
  const microtaskSequence = microtask.getSequence();
  const x = internals(llama, model, raw, rawSequence);
  const prompt: Token[] = [...(model.tokens.bos === null ? [] : [model.tokens.bos]), ...model.tokenize(promptText)];
  const rates = new Map<string, number[]>(modes.map((m) => [m, []]));
  const push = (mode: (typeof modes)[number], v: number): void => void rates.get(mode)?.push(v);
  for (let round = 0; round < rounds; round++) {
    push('llama-bench tg', llamaBench(tools, file, { threads, promptTokens: prompt.length, genTokens }).genTps);
    push('evaluate (stock)', await evaluateLoop(stockSequence, prompt));
    push('evaluate (microtask)', await evaluateLoop(microtaskSequence, prompt));
    push('addon: decode + sample', await rawLoop(x, prompt, true));
    push('addon: decode only', await rawLoop(x, prompt, false));
    process.stderr.write(`${quant}: round ${round + 1}/${rounds}\n`);
  }
  x.sampler.dispose();
  await Promise.all([stock.dispose(), microtask.dispose(), raw.dispose()]);
  await model.dispose();
  // Best of the rounds beside the median: on a busy machine the fastest round is the least disturbed.
  const tg = summarize(rates.get('llama-bench tg') ?? []).median;
  const tgBest = Math.max(...(rates.get('llama-bench tg') ?? []));
  for (const mode of modes) {
    const median = summarize(rates.get(mode) ?? []).median;
    const best = Math.max(...(rates.get(mode) ?? []));
    table.push(
      `${quant} | ${mode} | ${median.toFixed(0)} (${(median / tg).toFixed(2)}) | ${best.toFixed(0)} (${(best / tgBest).toFixed(2)}) | ${(1000 / best).toFixed(3)}`,
    );
  }
}
console.log('\nquant | path | gen tok/s median (÷ llama-bench) | best round (÷ llama-bench best) | ms/token, best');
for (const line of table) console.log(line);
await llama.dispose();
