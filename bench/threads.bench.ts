// Does the default (Threads left blank: `auto`, timed at load) hold up when the machine is busy?
// Starts its own background load (busy processes), then in one go times generation with every
// count `auto` may pick, with the old default (all physical cores, fixed) and with the default,
// each model loaded afresh per setting and the settings taken in turn, round after round.
// Target: the default keeps >= 0.80 of the best fixed count.
//   npm run bench -- threads [--quant q4_0] [--load N busy processes] [--tokens 48] [--rounds 3]
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { threadCandidates } from '../src/shared/threadCandidates';
import { Engine } from '../src/main/services/engine/Engine';
import { forkWorker } from '../src/main/services/engine/WorkerProcess';
import { ensureFixtures } from '../src/main/services/gguf/fixtureCache';
import { FIXTURE_QUANTS, type FixtureQuant } from '../src/main/services/gguf/tinyLlama';
import { physicalCores } from '../src/main/services/system/physicalCores';
import { summarize } from './stats';
import { optionalFields } from '../src/shared/optionalFields';

const { values } = parseArgs({
  options: {
    quant: { type: 'string', default: 'q4_0' },
    load: { type: 'string' },
    tokens: { type: 'string', default: '48' },
    rounds: { type: 'string', default: '3' },
  },
});
const quant = values.quant as FixtureQuant;
if (!FIXTURE_QUANTS.includes(quant)) throw new Error(`--quant must be one of ${FIXTURE_QUANTS.join(', ')}`);
const cores = physicalCores();
// One busy process per physical core but one by default: the machine is busy, not saturated.
const busy = values.load === undefined ? Math.max(1, cores - 1) : Number(values.load);
const maxTokens = Number(values.tokens);
const rounds = Number(values.rounds);
const workerScript = process.env.EVALBENCH_BENCH_WORKER;
if (workerScript === undefined) throw new Error('Run this through `npm run bench -- threads`.');

const fixtures = await ensureFixtures({ bench: true });
const file = fixtures.files[quant];
const prompt = 'The history of the city begins with a small settlement on the river, where';
const contextSize = 512;

/** A setting to time: a fixed count, or unset (the default). */
interface Setting {
  name: string;
  threads: number | undefined;
}
const settings: Setting[] = [
  ...threadCandidates(cores).map((t) => ({ name: `${t} thread${t === 1 ? '' : 's'}`, threads: t })),
  { name: `old default (all ${cores} physical cores, fixed)`, threads: cores },
  { name: 'default (blank: auto, timed at load)', threads: undefined },
];

const hogs: ChildProcess[] = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopHogs = (): void => {
  for (const h of hogs) h.kill('SIGKILL');
};
process.on('exit', stopHogs);
console.log(
  `model ${file}\n${cores} physical cores; background load: ${busy} busy process${busy === 1 ? '' : 'es'}; context ${contextSize}, ${maxTokens} tokens greedy, ${rounds} rounds`,
);

const engine = new Engine({ workerScript, launch: forkWorker });
const rates = new Map<string, number[]>(settings.map((s) => [s.name, []]));
const chosen: string[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    // Alternate the direction so that drift does not favour one setting.
    const order = round % 2 === 0 ? settings : [...settings].reverse();
    for (const s of order) {
      const loaded = await engine.load(file, {
        backend: 'cpu',
        gpuLayers: 0,
        contextSize,
        flashAttention: false,
        ...optionalFields({ threads: s.threads }),
      });
      try {
        if (s.threads === undefined) {
          const p = loaded.info.threadProbe;
          chosen.push(
            `${loaded.info.threads}${p === undefined ? '' : ` (tried ${p.tried.map((t) => `${t.threads}: ${t.tokensPerSecond.toFixed(0)} tok/s`).join(', ')})`}`,
          );
        }
        await engine.generate(loaded.id, { kind: 'completion', prompt }, { maxTokens: 8, temperature: 0 });
        const result = await engine.generate(loaded.id, { kind: 'completion', prompt }, { maxTokens, temperature: 0 });
        rates.get(s.name)?.push(result.timings.generationTokensPerSecond ?? 0);
      } finally {
        await engine.unload(loaded.id);
      }
    }
  }
} finally {
  await engine.dispose();
  stopHogs();
}

const medians = settings.map((s) => ({ s, stats: summarize(rates.get(s.name) ?? []) }));
for (const { s, stats } of medians)
  console.log(
    `${s.name.padEnd(44)} median ${stats.median.toFixed(1)} tok/s (mean ${stats.mean.toFixed(1)} ± ${stats.sd.toFixed(1)}, n ${stats.n})`,
  );
console.log(`default picked: ${chosen.join('; ')}`);
const best = Math.max(...medians.filter((m) => m.s.threads !== undefined && !m.s.name.startsWith('old')).map((m) => m.stats.median));
const ratio = (name: string): number => (medians.find((m) => m.s.name === name)?.stats.median ?? NaN) / best;
const after = ratio(settings.at(-1)?.name ?? '');
const before = ratio(settings.at(-2)?.name ?? '');
console.log(
  `against the best fixed count (${best.toFixed(1)} tok/s): old default ${before.toFixed(2)}, default ${after.toFixed(2)} (target >= 0.80) ${after >= 0.8 ? 'PASS' : 'FAIL'}`,
);
process.exitCode = after >= 0.8 ? 0 : 1;
