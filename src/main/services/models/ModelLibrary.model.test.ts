import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/Engine';
import { forkWorker } from '../engine/WorkerProcess';
import { EventBus } from '../EventBus';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { Store } from '../store/Store';
import { ModelLibrary } from './ModelLibrary';

let fixtures: FixtureSet;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  fixtures = await ensureFixtures();
}, 60_000);
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-library-'));
  const store = Store.open(path.join(dir, 'db.sqlite'));
  const bus = new EventBus();
  const library = new ModelLibrary(store, bus);
  cleanups.push(() => {
    library.dispose();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const copy = (name: string, as = name): string => {
    const target = path.join(dir, 'models', as);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(fixtures.files[name as keyof FixtureSet['files']], target);
    return target;
  };
  return { dir, store, bus, library, copy };
}

describe('ModelLibrary', () => {
  it('adds a folder of quantizations, describes each from its header and hashes it in the background', async () => {
    const { dir, library, copy } = setup();
    for (const q of ['f32', 'f16', 'q8_0', 'q4_0']) copy(q, `tiny-${q}.gguf`);
    const { added, skipped } = await library.add([path.join(dir, 'models')]);
    expect(skipped).toEqual([]);
    expect(added.map((m) => [m.name, m.metadata?.fileType])).toEqual([
      ['tiny-f16', 'F16'],
      ['tiny-f32', 'F32'],
      ['tiny-q4_0', 'Q4_0'],
      ['tiny-q8_0', 'Q8_0'],
    ]);
    const q8 = added.find((m) => m.name === 'tiny-q8_0');
    expect(q8?.metadata).toMatchObject({ architecture: 'llama', tokenizer: 'llama', dominantTensorType: 'Q8_0' });
    expect(q8?.metadata?.bitsPerWeight).toBeGreaterThan(8);
    expect(q8?.metadata?.bitsPerWeight).toBeLessThan(9.5);
    await library.idle();
    const listed = library.list();
    expect(listed.every((m) => m.status === 'ready' && /^[0-9a-f]{64}$/.test(m.sha256 ?? ''))).toBe(true);
    expect(new Set(listed.map((m) => m.sha256)).size).toBe(4);
  });

  it('keeps a moved model’s entry: re-adding it at its new place finds it by hash', async () => {
    const { dir, library, copy } = setup();
    const original = copy('q4_0', 'a/model.gguf');
    const [first] = (await library.add([original])).added;
    await library.idle();
    const moved = path.join(dir, 'models', 'b', 'renamed.gguf');
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    fs.renameSync(original, moved);
    expect(library.get(first?.id ?? '').status).toBe('missing');
    await library.add([moved]);
    await library.idle();
    const all = library.list();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: first?.id, path: moved, status: 'ready', sha256: first ? library.get(first.id).sha256 : '' });
  });

  it('refuses the same path twice and folds an identical copy into the known model, saying so', async () => {
    const { library, copy, bus } = setup();
    const notices: string[] = [];
    bus.listen((m) => {
      if (m.event === 'models.notice') notices.push((m.payload as { message: string }).message);
    });
    const a = copy('q8_0', 'one.gguf');
    const b = copy('q8_0', 'two.gguf');
    await library.add([a]);
    expect((await library.add([a])).skipped[0]?.reason).toMatch(/Already in the library/);
    await library.add([b]);
    await library.idle();
    expect(library.list().map((m) => m.path)).toEqual([a]);
    expect(notices).toEqual([expect.stringMatching(/^two has the same content as one .* so it was not added twice\.$/)]);
  });

  it('marks broken files invalid with problems that name the file, without loading them', async () => {
    const { dir, library, copy } = setup();
    const magic = copy('q8_0', 'bad-magic.gguf');
    const bytes = fs.readFileSync(magic);
    bytes.write('XXXX', 0);
    fs.writeFileSync(magic, bytes);
    const truncated = copy('q8_0', 'truncated.gguf');
    fs.truncateSync(truncated, Math.floor(fs.statSync(truncated).size / 2));
    const { added } = await library.add([path.join(dir, 'models')]);
    for (const model of added) {
      expect(model.status).toBe('invalid');
      expect(model.problems.some((p) => p.severity === 'error' && p.message.includes(path.basename(model.path)))).toBe(true);
    }
    expect(added.find((m) => m.name === 'bad-magic')?.problems[0]?.code).toBe('bad-magic');
    expect(added.find((m) => m.name === 'truncated')?.problems.map((p) => p.code)).toContain('tensor-out-of-bounds');
    await library.idle();
    expect(library.list().every((m) => m.status === 'invalid')).toBe(true);
  });

  it('announces every change with the whole list', async () => {
    const { bus, library, copy } = setup();
    const seen: number[] = [];
    bus.listen((m) => {
      if (m.event === 'models.changed') seen.push((m.payload as unknown[]).length);
    });
    const [model] = (await library.add([copy('f16', 'f16.gguf')])).added;
    await library.idle();
    library.remove(model?.id ?? '');
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(0);
  });

  it('estimates memory with llama.cpp in a worker, the KV cache growing with the context', async () => {
    const { library, copy } = setup();
    const engine = new Engine({ workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker });
    let sized = 0;
    library.loadEstimator = (modelPath, options) => {
      sized++;
      return engine.estimate(modelPath, options);
    };
    const [model] = (await library.add([copy('f32', 'f32.gguf')])).added;
    await library.idle();
    const small = await library.estimateMemory(model?.id ?? '', 256);
    // F32 is never repacked: the weights are the file's tensors as llama.cpp maps them.
    expect(Math.abs(small.weightsBytes - (model?.metadata?.tensorBytes ?? 0))).toBeLessThan(64 * 1024);
    expect(small.kvCacheBytes).toBeGreaterThan(0);
    expect(small.totalBytes).toBe(small.weightsBytes + small.kvCacheBytes + small.computeBytes);
    const big = await library.estimateMemory(model?.id ?? '', 65_536, { flashAttention: true });
    expect(big.kvCacheBytes).toBe(small.kvCacheBytes * 256);
    // Asking again for the same file and options reuses the sizing instead of starting another worker.
    const again = await library.estimateMemory(model?.id ?? '', 256);
    expect([again.weightsBytes, again.kvCacheBytes, again.computeBytes]).toEqual([
      small.weightsBytes,
      small.kvCacheBytes,
      small.computeBytes,
    ]);
    expect(sized).toBe(2);
    await engine.dispose();
  }, 60_000);
});
