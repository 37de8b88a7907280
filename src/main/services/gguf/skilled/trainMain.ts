import fs from 'node:fs';
import path from 'node:path';
import { layoutOf } from './llamaMath';
import { backward, forward } from './llamaMath';
import { heldOutCases, trainedSample } from './skills';
import { accuracy, decayMaskOf, freshState, sequenceOf, trainStep, type TrainState } from './trainer';
import { SKILLED_SETTINGS } from './skilledModel';
import { skillsTestSetYaml } from './skillsTestSet';
import { mulberry32 } from '../../../../shared/stats/mulberry32';

/**
 * `npm run train-fixture -- [--steps N] [--lr X] [--weight-decay X] [--settings JSON] [--out FILE] [--checkpoint FILE] [--check] [--eval FILE]`: trains the
 * skilled fixture from its seed and writes the F32 weights (resources/fixtures/skilled-llama.f32.bin
 * by default). Resumes from the checkpoint when it matches; `--check` compares the gradient with
 * finite differences instead.
 */
function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const settings = {
  ...SKILLED_SETTINGS,
  ...(arg('steps') === undefined ? {} : { steps: Number(arg('steps')) }),
  ...(arg('lr') === undefined ? {} : { lr: Number(arg('lr')) }),
  ...(arg('weight-decay') === undefined ? {} : { weightDecay: Number(arg('weight-decay')) }),
};
// `--settings JSON`: any other recipe values for an experiment (shape merged key by key).
const overrides = arg('settings') === undefined ? {} : (JSON.parse(arg('settings') ?? '{}') as Partial<typeof settings>);
Object.assign(settings, overrides, { shape: { ...settings.shape, ...overrides.shape } });
const layout = layoutOf(settings.shape);
const root = process.cwd();
const out = path.resolve(root, arg('out') ?? 'resources/fixtures/skilled-llama.f32.bin');
const checkpoint = path.resolve(root, arg('checkpoint') ?? '.cache/skilled-llama.ckpt');
const heldOut = heldOutCases();
const heldOutPrompts = new Set(heldOut.map((c) => c.prompt));

if (process.argv.includes('--write-test-set')) {
  fs.writeFileSync(path.join(root, 'resources/examples/skills.yaml'), skillsTestSetYaml());
  process.exit(0);
}

const evalFile = arg('eval');
if (evalFile !== undefined) {
  // `--eval FILE`: greedy accuracy of saved F32 weights on the held-out part and the trained sample, per skill.
  const bytes = fs.readFileSync(path.resolve(root, evalFile));
  const P = Float64Array.from(new Float32Array(new Uint8Array(bytes).buffer));
  const h = accuracy(layout, P, heldOut);
  const t = accuracy(layout, P, trainedSample(40));
  console.log(`held-out ${(h.overall * 100).toFixed(1)}% ${JSON.stringify(h.bySkill)}; trained ${(t.overall * 100).toFixed(1)}%`);
  for (const w of h.wrong) console.log(`  wrong: ${w}`);
  process.exit(0);
}

if (process.argv.includes('--check')) {
  const state = freshState(settings);
  const seq = sequenceOf(heldOut[3] ?? heldOut[0] ?? { skill: 'copy', prompt: 'copy ab', answer: 'ab' });
  const G = new Float64Array(layout.total);
  backward(layout, state.P, forward(layout, state.P, seq.tokens), seq.targets, 1, G);
  const lossAt = (): number =>
    backward(layout, state.P, forward(layout, state.P, seq.tokens), seq.targets, 0, new Float64Array(layout.total));
  const next = mulberry32(7);
  let worst = 0;
  for (let n = 0; n < 40; n++) {
    const i = Math.floor(next() * layout.total);
    const keep = state.P[i] ?? 0;
    state.P[i] = keep + 1e-5;
    const up = lossAt();
    state.P[i] = keep - 1e-5;
    const down = lossAt();
    state.P[i] = keep;
    const numeric = (up - down) / 2e-5;
    const analytic = G[i] ?? 0;
    const rel = Math.abs(numeric - analytic) / Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
    worst = Math.max(worst, rel);
  }
  console.log(`gradient check: worst relative error ${worst.toExponential(2)}`);
  const started = performance.now();
  for (let k = 0; k < 20; k++) backward(layout, state.P, forward(layout, state.P, seq.tokens), seq.targets, 1, G);
  console.log(
    `${layout.total} params; ${((performance.now() - started) / 20).toFixed(1)} ms per ${seq.tokens.length}-token sequence forward+backward`,
  );
  process.exit(0);
}

function save(state: TrainState): void {
  fs.mkdirSync(path.dirname(checkpoint), { recursive: true });
  const header = Buffer.from(JSON.stringify({ settings, step: state.step }).padEnd(1024, ' '));
  const body = Buffer.concat([state.P, state.M, state.V].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  fs.writeFileSync(`${checkpoint}.tmp`, Buffer.concat([header, body]));
  fs.renameSync(`${checkpoint}.tmp`, checkpoint);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, Buffer.from(Float32Array.from(state.P).buffer));
}

function load(): TrainState | null {
  if (!fs.existsSync(checkpoint)) return null;
  const bytes = fs.readFileSync(checkpoint);
  const header = JSON.parse(bytes.subarray(0, 1024).toString()) as { settings: unknown; step: number };
  const { steps: _a, ...mine } = settings;
  const { steps: _b, ...theirs } = header.settings as typeof settings;
  if (JSON.stringify(mine) !== JSON.stringify(theirs)) return null;
  const n = layout.total;
  const part = (k: number): Float64Array =>
    new Float64Array(bytes.buffer.slice(bytes.byteOffset + 1024 + k * n * 8, bytes.byteOffset + 1024 + (k + 1) * n * 8));
  return { step: header.step, P: part(0), M: part(1), V: part(2) };
}

const state = load() ?? freshState(settings);
const mask = decayMaskOf(layout);
const trained = trainedSample(40);
console.log(`${layout.total} params, from step ${state.step} to ${settings.steps}`);
let started = performance.now();
let lossSum = 0;
let lossCount = 0;
while (state.step < settings.steps) {
  lossSum += trainStep(settings, layout, state, heldOutPrompts, mask);
  lossCount++;
  if (state.step % 50 === 0 || state.step === settings.steps) {
    console.log(
      `step ${state.step} loss ${(lossSum / lossCount).toFixed(4)} ${((performance.now() - started) / lossCount).toFixed(0)} ms/step`,
    );
    lossSum = 0;
    lossCount = 0;
    started = performance.now();
    save(state);
  }
  if (state.step % 500 === 0 || state.step === settings.steps) {
    const h = accuracy(layout, state.P, heldOut);
    const t = accuracy(layout, state.P, trained);
    console.log(`  held-out ${(h.overall * 100).toFixed(1)}% ${JSON.stringify(h.bySkill)}; trained ${(t.overall * 100).toFixed(1)}%`);
    console.log(`  wrong: ${h.wrong.slice(0, 12).join(' | ')}`);
    started = performance.now();
  }
}
save(state);
